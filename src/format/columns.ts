// Study fields as output columns: one declarative list for list/export, derived from the schema.
import { FIELD_NAMES, type FieldName } from '../schema/fields.js';
import type { Study } from '../schema/study.js';
import type { Column, Tabular } from './tabular.js';

/** The terminal table: what a librarian looks for first (who, when, what), fitting 100 columns. */
export const DEFAULT_TABLE_COLUMNS: FieldName[] = ['ref', 'first_author', 'year', 'title', 'design', 'patients'];
/** Machine formats carry every field unless --columns narrows them. */
export const DEFAULT_DATA_COLUMNS: FieldName[] = FIELD_NAMES;

const NUMERIC = new Set<FieldName>(['ref', 'year', 'patients', 'lesions', 'duplicate_of']);

export function studyColumns(fields: readonly FieldName[]): Column[] {
  return fields.map((key) => ({ key, header: key, align: NUMERIC.has(key) ? 'right' : 'left' }));
}

export function studiesTable(studies: readonly Study[], fields: readonly FieldName[]): Tabular {
  return {
    columns: studyColumns(fields),
    rows: studies.map((s) => Object.fromEntries(fields.map((f) => [f, s[f]]))),
  };
}
