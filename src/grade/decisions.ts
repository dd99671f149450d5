// DIR/grade.csv (declared in src/schema/grade.ts): a person's GRADE decisions, read and checked (each judgement one
// its domain allows), and stored one at a time by `npa grade --set`. `npa grade` and `npa validate` read it here.
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { commit, transaction } from '../io/journal.js';
import { loadOptionalTable, tableSpec, type LoadedRow } from '../load/load-table.js';
import type { Issue } from '../issues.js';
import { DataError, InputError, UsageError } from '../errors.js';
import { DECISION_META, GRADE_FILE, GRADE_OUTCOMES, JUDGEMENTS } from '../schema/grade.js';
import type { Decision } from './grade.js';
import { plural } from '../text.js';

const DECISION_TABLE = tableSpec(DECISION_META);
const DECISION_FIELDS = Object.keys(DECISION_META) as (keyof typeof DECISION_META)[];

export function loadDecisions(dir: string): { rows: Decision[]; issues: Issue[] } {
  return loadOptionalTable(dir, GRADE_FILE, DECISION_TABLE, checkDecisions);
}

/**
 * The checks beyond one cell: each judgement one its domain allows, and one decision per outcome and domain (what
 * `npa grade --set` keeps): a second row, from a hand edit, would leave it open which of the two counts, so it is
 * an error naming both lines. Rows with a bad cell are already reported and left out here.
 */
function checkDecisions(file: string, all: readonly LoadedRow<Decision>[]): Issue[] {
  const issues: Issue[] = [];
  const firstLine = new Map<string, number>();
  for (const { value, line, invalid } of all) {
    if (invalid) continue;
    const allowed = JUDGEMENTS[value.domain];
    if (!allowed.includes(value.judgement)) {
      issues.push({ severity: 'error', code: 'invalid_judgement', file, line, column: 'judgement', value: value.judgement, message: `not a judgement for ${value.domain}`, accepted: allowed });
      continue;
    }
    const key = `${value.outcome}\0${value.domain}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      issues.push({ severity: 'error', code: 'duplicate_decision', file, line, column: 'domain', value: value.domain, message: `a second decision for ${value.outcome} / ${value.domain} (the first is on line ${earlier}); keep one` });
      continue;
    }
    firstLine.set(key, line);
  }
  return issues;
}

/** Refuses to go on when the appraisal tables hold an error (rob, overlap, meta and grade compute nothing then). */
export function requireNoErrors(issues: readonly Issue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new DataError(`${plural(errors.length, 'error')} in the appraisal tables (appraisal.csv, cohorts.csv, grade.csv); nothing was computed.`, errors);
}

/**
 * Stores a person's GRADE decision in DIR/grade.csv (atomically): replaces the row for the same outcome and domain,
 * or adds one. Never writes into the shipped review.
 */
export function writeDecision(dir: string, shippedDir: string, d: Decision): { replaced: Decision | null } {
  if (resolve(dir) === resolve(shippedDir)) throw new InputError(`refusing to write into the shipped review (${shippedDir}); copy it and pass --data DIR.`);
  if (!GRADE_OUTCOMES.some((o) => o.id === d.outcome)) throw new UsageError(`--outcome: "${d.outcome}" is not a graded outcome. Accepted: ${GRADE_OUTCOMES.map((o) => o.id).join(', ')}.`);
  if (!JUDGEMENTS[d.domain].includes(d.judgement)) throw new UsageError(`--set: "${d.judgement}" is not a judgement for ${d.domain}. Accepted: ${JUDGEMENTS[d.domain].join(', ')}.`);
  // Read, changed and saved under the workspace lock: another person's judgement saved meanwhile is kept.
  return transaction(dir, { command: 'npa grade --set' }, () => {
    const current = loadDecisions(dir);
    requireNoErrors(current.issues);
    const replaced = current.rows.find((r) => r.outcome === d.outcome && r.domain === d.domain) ?? null;
    const rows = [...current.rows.filter((r) => r !== replaced), d];
    const text = stringify([DECISION_FIELDS, ...rows.map((r) => DECISION_FIELDS.map((f) => r[f] ?? ''))], { record_delimiter: '\n' });
    commit(dir, [{ file: GRADE_FILE, content: text }], 'npa grade --set');
    return { replaced };
  });
}
