// Checks on claims.csv: unique ids, and each claim points at something that exists.
import type { Claim } from '../schema/claim.js';
import { FIELD_NAMES } from '../schema/fields.js';
import type { Study } from '../schema/study.js';
import { STATISTIC_IDS } from '../schema/statistic-ids.js';
import type { Issue } from '../issues.js';
import type { LoadedRow } from './load-table.js';

export function checkClaims(file: string, rows: readonly LoadedRow<Claim>[], studies: readonly Study[]): Issue[] {
  const out: Issue[] = [];
  const refs = new Set(studies.map((s) => s.ref));
  const ids = new Map<string, number>();
  for (const row of rows) {
    const c = row.value;
    const at = (column: string, value: unknown) => ({ file, line: row.line, column, value: value === null || value === undefined ? '' : String(value) });
    if (c.id) {
      const first = ids.get(c.id);
      if (first !== undefined) out.push({ severity: 'error', code: 'claim_repeated_id', ...at('id', c.id), message: `id already used on line ${first}` });
      else ids.set(c.id, row.line);
    }
    if (c.kind === 'statistic' && !STATISTIC_IDS.includes(c.statistic ?? ''))
      out.push({ severity: 'error', code: 'claim_unknown_statistic', ...at('statistic', c.statistic), message: 'not a statistic of npa summary', accepted: STATISTIC_IDS });
    if ((c.kind === 'study' || c.kind === 'outcome') && (c.ref === null || !refs.has(c.ref)))
      out.push({ severity: 'error', code: 'claim_unknown_ref', ...at('ref', c.ref), message: 'no study has this ref' });
    if (c.kind === 'study' && !(FIELD_NAMES as readonly string[]).includes(c.field ?? ''))
      out.push({ severity: 'error', code: 'claim_unknown_field', ...at('field', c.field), message: 'not a studies.csv column', accepted: FIELD_NAMES });
    if (c.kind === 'outcome' && c.outcome === null) out.push({ severity: 'error', code: 'claim_missing_outcome', ...at('outcome', ''), message: 'an outcome claim needs outcome' });
  }
  return out;
}
