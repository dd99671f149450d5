// Explicit CSV cell codecs. Only src/load sees raw strings; these turn one cell into a typed value.
// Never z.coerce: it maps "" to 0 and "false" to true.
import { z } from 'zod';

const MISSING = new Set(['', 'na', 'n/a', 'null']);

/** Trims a cell and maps an empty (or NA/null) cell to null. */
export function emptyToNull(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return MISSING.has(trimmed.toLowerCase()) ? null : trimmed;
}

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whole number cell; "" is null, "12.5" and "1e3" are errors (a count is written as digits). */
export function intCell(min = Number.MIN_SAFE_INTEGER) {
  return z.preprocess(
    emptyToNull,
    z
      .string()
      .regex(INT_RE, { message: 'expected a whole number (digits only)' })
      .transform((s) => Number.parseInt(s, 10))
      .refine((n) => Number.isSafeInteger(n), { message: `whole number too large to hold exactly (beyond 2^53 = ${Number.MAX_SAFE_INTEGER + 1})` })
      .refine((n) => n >= min, { message: `expected a whole number >= ${min}` })
      .nullable(),
  );
}

/** Required whole number. */
export function requiredIntCell(min = Number.MIN_SAFE_INTEGER) {
  return z.preprocess(
    emptyToNull,
    z
      .string({ message: 'a whole number is required' })
      .regex(INT_RE, { message: 'expected a whole number (digits only)' })
      .transform((s) => Number.parseInt(s, 10))
      .refine((n) => Number.isSafeInteger(n), { message: `whole number too large to hold exactly (beyond 2^53 = ${Number.MAX_SAFE_INTEGER + 1})` })
      .refine((n) => n >= min, { message: `expected a whole number >= ${min}` }),
  );
}

/** The codec of a whole-number field declared with intField (fields.ts): its bound and requiredness. */
export function intCodec<R extends boolean>(meta: { min?: number; required: R }): R extends true ? ReturnType<typeof requiredIntCell> : ReturnType<typeof intCell> {
  return (meta.required ? requiredIntCell(meta.min) : intCell(meta.min)) as R extends true ? ReturnType<typeof requiredIntCell> : ReturnType<typeof intCell>;
}

/** Text matching a pattern; "" is null. */
export function patternCell(pattern: RegExp, message: string) {
  return z.preprocess(emptyToNull, z.string().regex(pattern, { message }).nullable());
}

/** Any finite number, including exponent notation; "" is null. */
export function numCell() {
  return z.preprocess(
    emptyToNull,
    z
      .string()
      .regex(NUM_RE, { message: 'expected a number' })
      .refine((s) => !/^[+-]?\d+$/.test(s) || Number.isSafeInteger(Number(s)), { message: `whole number too large to hold exactly (beyond 2^53 = ${Number.MAX_SAFE_INTEGER + 1})` })
      .transform((s) => Number(s))
      .refine((n) => Number.isFinite(n), { message: 'number out of range' })
      .nullable(),
  );
}

/** Boolean cell: true/false/yes/no/1/0 (any case); "" is null (unknown). */
export function boolCell() {
  return z.preprocess(
    emptyToNull,
    z
      .stringbool({ truthy: ['true', 'yes', '1'], falsy: ['false', 'no', '0'], case: 'insensitive' })
      .nullable(),
  );
}

/** Required boolean: like boolCell but an empty cell is an error. */
export function requiredBoolCell() {
  return z.preprocess(
    emptyToNull,
    z.stringbool({ truthy: ['true', 'yes', '1'], falsy: ['false', 'no', '0'], case: 'insensitive' }),
  );
}

/** Free text; "" is null. */
export function textCell() {
  return z.preprocess(emptyToNull, z.string().nullable());
}

/** Required free text. */
export function requiredTextCell() {
  return z.preprocess(emptyToNull, z.string({ message: 'a value is required' }));
}

/** Enum cell; "" is null. */
export function enumCell<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(emptyToNull, z.enum(values).nullable());
}

/** Required enum cell. */
export function requiredEnumCell<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(emptyToNull, z.enum(values, { message: `expected one of: ${values.join(', ')}` }));
}

/** The cell text of a coded empty list ("coded: none"), as opposed to an empty cell (not coded). */
export const EMPTY_LIST = 'none';

/**
 * A ';'-separated list of enum values ("spine;pelvis"). An empty cell is not coded (null); "none" is a
 * coded empty list ([]), so JSON can tell "no sites" from "not coded". Duplicates are an error.
 */
export function listCell<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (value) => {
      const cell = emptyToNull(value);
      if (cell === null || typeof cell !== 'string') return cell;
      if (cell.trim().toLowerCase() === EMPTY_LIST) return [];
      return cell.split(';').map((part) => part.trim()).filter((part) => part !== '');
    },
    z
      .array(z.enum(values))
      .refine((list) => new Set(list).size === list.length, { message: 'a value is listed twice' })
      .nullable(),
  );
}

/** Serialises a typed value back to its cell text (the inverse of the codecs above). */
export function toCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.length ? value.join(';') : EMPTY_LIST;
  return String(value);
}
