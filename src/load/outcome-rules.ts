// Checks on outcomes.csv, alone and against studies.csv.
import type { Outcome } from '../schema/outcome.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import type { LoadedRow } from './load-table.js';

type Row = LoadedRow<Outcome>;

const REQUIRED: Record<Outcome['outcome'], (keyof Outcome)[]> = {
  complications: ['events', 'denominator', 'unit', 'severity'],
  local_control: ['events', 'denominator', 'unit'],
  pain: ['scale', 'n', 'baseline_mean', 'followup_mean'],
};

export function checkOutcomes(file: string, rows: readonly Row[], studies: readonly Study[]): Issue[] {
  const out: Issue[] = [];
  const byRef = new Map(studies.map((s) => [s.ref, s]));
  const at = (row: Row, column: string, value: unknown) => ({ file, line: row.line, column, ref: row.value.ref ?? undefined, value: value === null || value === undefined ? '' : String(value) });
  const seen = new Map<string, number>();
  for (const row of rows) {
    const o = row.value;
    if (o.ref !== null) {
      const study = byRef.get(o.ref);
      if (!study) out.push({ severity: 'error', code: 'outcome_unknown_ref', ...at(row, 'ref', o.ref), message: 'no study has this ref in studies.csv' });
      else if (study.duplicate_of !== null)
        out.push({ severity: 'error', code: 'outcome_on_repeat_listing', ...at(row, 'ref', o.ref), message: `ref ${o.ref} repeats ref ${study.duplicate_of}; attach outcomes to ref ${study.duplicate_of}` });
    }
    if (o.outcome) {
      for (const column of REQUIRED[o.outcome]) {
        if ((o[column] === null || o[column] === undefined) && !row.invalid?.includes(column)) out.push({ severity: 'error', code: 'outcome_missing_value', ...at(row, column, ''), message: `a ${o.outcome} row needs ${column}` });
      }
      if (o.outcome !== 'complications' && o.severity !== null) out.push({ severity: 'error', code: 'outcome_severity', ...at(row, 'severity', o.severity), message: 'severity applies to complications only' });
    }
    if (o.events !== null && o.denominator !== null && o.events > o.denominator)
      out.push({ severity: 'error', code: 'events_above_denominator', ...at(row, 'events', o.events), message: `more events than the denominator (${o.denominator})` });
    const key = [o.ref, o.outcome, o.arm, o.severity, o.time].join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) out.push({ severity: 'error', code: 'outcome_repeated', ...at(row, 'outcome', o.outcome), message: `same study, outcome, arm, severity and time as line ${first}` });
    else seen.set(key, row.line);
  }
  return out;
}
