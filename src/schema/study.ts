// The study record: one row of data/studies.csv. Its fields are declared once in fields.ts (codec spec and
// meaning together); the codecs, the row schema and the TypeScript type all derive from those declarations.
import type { z } from 'zod';
import { codecFor } from './cells.js';
import { FIELD_META, type FieldName } from './fields.js';
import type { RowOf } from './declare.js';

export { FIELD_META, FIELD_NAMES, COUNTABLE_FIELDS, fieldMeta, type FieldName, type FieldMeta, type FieldKind } from './fields.js';

/** The codec of one field. */
export const codecOf = (name: FieldName): z.ZodType => codecFor(FIELD_META[name]);

/** One study row as parsed from the CSV cells. */
export type Study = RowOf<typeof FIELD_META>;
