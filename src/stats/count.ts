// Counts and cross-tabs over coded fields. Multi-valued fields count once per value, so a
// study coded "spine;pelvis" adds one to spine and one to pelvis; studies with no value go to MISSING.
import { fieldMeta, type FieldName } from '../schema/fields.js';
import type { Study } from '../schema/study.js';

export const MISSING = '(none)';

export function valuesOf(study: Study, field: FieldName): string[] {
  const value = study[field];
  if (Array.isArray(value)) return value.length ? value.map(String) : [MISSING];
  if (value === null || value === undefined) return [MISSING];
  return [String(value)];
}

/** Known values of a field in a stable order: the vocabulary order, then what the data hold. */
export function levelsOf(studies: readonly Study[], field: FieldName): string[] {
  const meta = fieldMeta(field);
  const declared = meta.values ?? (meta.kind === 'bool' ? ['true', 'false'] : []);
  const seen = new Set<string>();
  for (const s of studies) for (const v of valuesOf(s, field)) seen.add(v);
  const extra = [...seen].filter((v) => !declared.includes(v) && v !== MISSING);
  extra.sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b)));
  return [...declared.filter((v) => seen.has(v)), ...extra, ...(seen.has(MISSING) ? [MISSING] : [])];
}

export interface CountRow {
  value: string;
  count: number;
}

export function countBy(studies: readonly Study[], field: FieldName): CountRow[] {
  const counts = new Map<string, number>();
  for (const s of studies) for (const v of valuesOf(s, field)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return levelsOf(studies, field).map((value) => ({ value, count: counts.get(value) ?? 0 }));
}

export interface CrossTab {
  rows: string[];
  columns: string[];
  /** cells[i][j] = studies with row value i and column value j. */
  cells: number[][];
}

export function crossTab(studies: readonly Study[], rowField: FieldName, columnField: FieldName): CrossTab {
  const rows = levelsOf(studies, rowField);
  const columns = levelsOf(studies, columnField);
  const cells = rows.map(() => columns.map(() => 0));
  for (const s of studies)
    for (const r of valuesOf(s, rowField))
      for (const c of valuesOf(s, columnField)) cells[rows.indexOf(r)]![columns.indexOf(c)]! += 1;
  return { rows, columns, cells };
}
