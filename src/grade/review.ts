// The shipped review's certainty assessment end to end: pooled analyses of its poolable outcomes (the same code as
// `npa meta`: fromOutcomes + runMeta, logit proportions, REML, 95%), the appraisal, the overlap policy, the person's
// decisions in grade.csv, and the impact of leaving a study out.
import { decodeText } from '../bytes.js';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { commit, transaction } from '../io/journal.js';
import { enumField, textField, type FieldMeta } from '../schema/declare.js';
import { loadTable, tableSpec } from '../load/load-table.js';
import type { Issue } from '../issues.js';
import { displayPath } from '../load/paths.js';
import type { ValidDataset } from '../load/dataset.js';
import type { Study } from '../schema/study.js';
import { DataError, InputError, UsageError } from '../errors.js';
import { fromOutcomes } from '../synthesis/input.js';
import { runMeta, type MetaResult } from '../synthesis/run.js';
import { settle, loadAppraisal } from '../appraisal/load.js';
import { applyCohortPolicy, loadCohorts, overlapSets, scoreOverlaps, type CohortPolicy } from '../appraisal/cohorts.js';
import { GRADE_DOMAINS, JUDGEMENTS, gradeOutcome, type Decision, type GradeDomain, type OutcomeGrade, type Threshold } from './grade.js';
import { plural } from '../text.js';

/** The outcomes GRADE is run for: what `npa meta` can pool as a proportion. */
export const GRADE_OUTCOMES = [
  { id: 'complications', label: 'Any complication', outcome: 'complications' as const, severity: 'any' as const },
  { id: 'local_control', label: 'Local tumour control', outcome: 'local_control' as const, severity: undefined },
];
export const GRADE_FILE = 'grade.csv';

export const DECISION_META = {
  outcome: enumField(GRADE_OUTCOMES.map((o) => o.id) as [string, ...string[]], 'The outcome.', { required: true }),
  domain: enumField(GRADE_DOMAINS as readonly GradeDomain[] as [GradeDomain, ...GradeDomain[]], 'The GRADE domain.', { required: true }),
  judgement: textField('A judgement the domain allows.', { required: true, kind: 'category' }),
  reason: textField('Why (shown as the footnote).', { required: true }),
  by: textField('Who decided.', { required: true }),
  date: textField('When (YYYY-MM-DD).'),
} satisfies Record<string, FieldMeta>;
const DECISION_TABLE = tableSpec(DECISION_META);

export function loadDecisions(dir: string): { rows: Decision[]; issues: Issue[] } {
  const path = join(dir, GRADE_FILE);
  if (!existsSync(path)) return { rows: [], issues: [] };
  const file = displayPath(path);
  const table = loadTable(decodeText(readFileSync(path), path, 'utf8', false), file, DECISION_TABLE);
  const issues = [...table.issues];
  const rows: Decision[] = [];
  for (const { value, line } of table.rows) {
    const allowed = JUDGEMENTS[value.domain as GradeDomain];
    if (!allowed.includes(value.judgement)) {
      issues.push({ severity: 'error', code: 'invalid_judgement', file, line, column: 'judgement', value: value.judgement, message: `not a judgement for ${value.domain}`, accepted: allowed });
      continue;
    }
    rows.push({ ...value, domain: value.domain as GradeDomain });
  }
  return { rows, issues };
}

const refOf = (label: string) => Number(/\[(\d+)\]/.exec(label)?.[1]);

export interface Pooled {
  id: string;
  label: string;
  meta: MetaResult;
  studies: Study[];
  events: number[];
  denominators: number[];
}

/** Pools one outcome over the given studies; null when fewer than one study has data. */
export function pool(studies: readonly Study[], ds: ValidDataset, id: string): Pooled | null {
  const o = GRADE_OUTCOMES.find((x) => x.id === id)!;
  const input = fromOutcomes(studies, ds.outcomes, { outcome: o.outcome, measure: 'PLO', severity: o.severity });
  if (input.labels.length === 0) return null;
  let meta: MetaResult;
  try {
    meta = runMeta(input, { method: 'REML', test: 'z', level: 0.95, leaveOneOut: false });
  } catch {
    return null;
  }
  const idx = meta.studies.map((s) => input.labels.indexOf(s.label));
  const xi = (input.input as unknown as { xi: number[] }).xi;
  const ni = (input.input as unknown as { ni: number[] }).ni;
  return {
    id, label: o.label, meta,
    studies: meta.studies.map((s) => studies.find((x) => x.ref === refOf(s.label))!),
    events: idx.map((i) => xi[i]!),
    denominators: idx.map((i) => ni[i]!),
  };
}

export interface ReviewCertainty {
  grades: OutcomeGrade[];
  pooled: Pooled[];
  issues: Issue[];
  policy: CohortPolicy;
  dropped: { ref: number; reason: string }[];
}

/** GRADE for each poolable outcome of the review; `without` leaves studies out (and their repeat listings). */
export function assessReview(ds: ValidDataset, options: { policy?: CohortPolicy; without?: readonly number[] } = {}): ReviewCertainty {
  const without = new Set(options.without ?? []);
  const studies = ds.studies.filter((s) => !without.has(s.ref) && !(s.duplicate_of !== null && without.has(s.duplicate_of)));
  const appraisal = loadAppraisal(ds.dir, ds.studies);
  const decisions = loadDecisions(ds.dir);
  const cohorts = loadCohorts(ds.dir, ds.studies);
  const policy = options.policy ?? 'all';
  const sets = overlapSets(scoreOverlaps(studies, cohorts.rows));
  const thresholds = (ds.review as { certainty?: { thresholds?: Record<string, Threshold> } }).certainty?.thresholds ?? {};
  const settled = settle(appraisal.rows);
  const grades: OutcomeGrade[] = [];
  const pooledAll: Pooled[] = [];
  let dropped: { ref: number; reason: string }[] = [];
  for (const o of GRADE_OUTCOMES) {
    // The overlap policy picks per outcome: the largest study is the one with the largest pooled denominator.
    const first = pool(studies, ds, o.id);
    if (!first) continue;
    let pooled = first;
    if (policy !== 'all') {
      const sizes = new Map(first.studies.map((s, i) => [s.ref, first.denominators[i]!]));
      const chosen = applyCohortPolicy(first.studies, sets, policy, (s) => sizes.get(s.ref) ?? null);
      dropped = [...dropped, ...chosen.dropped.map((d) => ({ ...d, reason: `${o.label}: ${d.reason}` }))];
      const again = pool(chosen.kept, ds, o.id);
      if (!again) continue;
      pooled = again;
    }
    pooledAll.push(pooled);
    grades.push(gradeOutcome({
      outcome: o.id, label: o.label, meta: pooled.meta, studies: pooled.studies, appraisal: settled,
      threshold: thresholds[o.id] ?? null, decisions: decisions.rows, events: pooled.events, denominators: pooled.denominators,
    }));
  }
  return { grades, pooled: pooledAll, issues: [...appraisal.issues, ...cohorts.issues, ...decisions.issues], policy, dropped };
}

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
    const text = stringify([['outcome', 'domain', 'judgement', 'reason', 'by', 'date'], ...rows.map((r) => [r.outcome, r.domain, r.judgement, r.reason, r.by, r.date ?? ''])], { record_delimiter: '\n' });
    commit(dir, [{ file: GRADE_FILE, content: text }], 'npa grade --set');
    return { replaced };
  });
}
