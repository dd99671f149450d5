// Checks on screening.csv: unique ids, duplicates that point somewhere, exclusions with a known reason.
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import type { LoadedRow } from './load-table.js';

export function checkScreening(file: string, rows: readonly LoadedRow<Candidate>[], studies: readonly Study[], review: Review | null): Issue[] {
  const out: Issue[] = [];
  const ids = new Map<string, number>();
  for (const row of rows) if (row.value.id && !ids.has(row.value.id)) ids.set(row.value.id, row.line);
  const refs = new Set(studies.map((s) => s.ref));
  const reasons = [...(review?.exclusion_reasons ?? []), ...(review?.fulltext_reasons ?? [])].map((r) => r.code);
  const seen = new Set<string>();
  for (const row of rows) {
    const c = row.value;
    const at = (column: string, value: unknown) => ({ file, line: row.line, column, value: value === null || value === undefined ? '' : String(value) });
    if (c.id && seen.has(c.id)) out.push({ severity: 'error', code: 'candidate_repeated_id', ...at('id', c.id), message: `id already used on line ${ids.get(c.id)}` });
    if (c.id) seen.add(c.id);
    if (c.duplicate_of) {
      const m = /^ref:(\d+)$/.exec(c.duplicate_of);
      if (m ? !refs.has(Number(m[1])) : !ids.has(c.duplicate_of) || c.duplicate_of === c.id)
        out.push({ severity: 'error', code: 'candidate_duplicate_missing', ...at('duplicate_of', c.duplicate_of), message: 'points to no candidate id and no ref:N of the dataset' });
      if (c.decision !== null) out.push({ severity: 'error', code: 'duplicate_screened', ...at('decision', c.decision), message: 'a duplicate record is removed before screening; it takes no decision' });
    }
    if (c.decision === 'exclude') {
      // A title-abstract exclusion may have no reason (PRISMA 2020 asks reasons for excluded reports only).
      if (!c.reason) {
        /* allowed */
      } else if (!reasons.includes(c.reason)) out.push({ severity: 'error', code: 'unknown_reason', ...at('reason', c.reason), message: 'not a reason of review.json exclusion_reasons', accepted: reasons });
      else if (c.reason === 'other' && !c.reason_text) out.push({ severity: 'error', code: 'other_without_text', ...at('reason_text', ''), message: 'reason "other" needs reason_text' });
    } else if (c.reason) out.push({ severity: 'error', code: 'reason_without_exclusion', ...at('reason', c.reason), message: 'only an exclusion has a reason' });
    if (c.ref !== null && (c.decision !== 'include' || !refs.has(c.ref)))
      out.push({ severity: 'error', code: 'promoted_ref', ...at('ref', c.ref), message: 'ref is set only for an included candidate that is in studies.csv' });
  }
  return out;
}
