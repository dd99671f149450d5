// Explicit CSV cell codecs. Only src/load sees raw strings; these turn one cell into a typed value.
// Never z.coerce: it maps "" to 0 and "false" to true. Every field is declared as plain data (declare.ts);
// codecFor is the one place that turns a declaration into its codec.
import { z } from 'zod';
import { BOOL_FALSE, BOOL_TRUE, type CodecSpec, type Required, type RowOf } from './declare.js';

const MISSING = new Set(['', 'na', 'n/a', 'null']);

/** Trims a cell and maps an empty (or NA/null) cell, or a column the file leaves out, to null. */
export function emptyToNull(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return MISSING.has(trimmed.toLowerCase()) ? null : trimmed;
}

/** The cell text of a coded empty list ("coded: none"), as opposed to an empty cell (not coded). */
export const EMPTY_LIST = 'none';

/** A list cell split on ';' (after emptyToNull); "none" is the coded empty list. */
function splitList(value: unknown): unknown {
  const cell = emptyToNull(value);
  if (cell === null || typeof cell !== 'string') return cell;
  if (cell.toLowerCase() === EMPTY_LIST) return [];
  return cell.split(';').map((part) => part.trim()).filter((part) => part !== '');
}

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TOO_LARGE = `whole number too large to hold exactly (beyond 2^53 = ${Number.MAX_SAFE_INTEGER + 1})`;

/** The check of a present (non-empty, trimmed) cell, per codec kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a present cell is a string, a list cell an array
function present(codec: CodecSpec): z.ZodType<unknown, any> {
  switch (codec.kind) {
    case 'int':
      return z
        .string()
        .regex(INT_RE, { message: 'expected a whole number (digits only)' })
        .transform((s) => Number.parseInt(s, 10))
        .refine((n) => Number.isSafeInteger(n), { message: TOO_LARGE })
        .refine((n) => n >= codec.min, { message: `expected a whole number >= ${codec.min}` });
    case 'number': {
      const min = codec.min ?? -Infinity;
      return z
        .string()
        .regex(NUM_RE, { message: 'expected a number' })
        .refine((s) => !INT_RE.test(s) || Number.isSafeInteger(Number(s)), { message: TOO_LARGE })
        .transform((s) => Number(s))
        .refine((n) => Number.isFinite(n), { message: 'number out of range' })
        .refine((n) => n >= min, { message: `expected a number >= ${min}` });
    }
    case 'text':
      return z.string();
    case 'pattern':
      return z.string().regex(codec.pattern, { message: codec.message });
    case 'enum':
      return z.enum(codec.values, { message: `expected one of: ${codec.values.join(', ')}` });
    case 'list':
      return z.array(z.enum(codec.values)).refine((list) => new Set(list).size === list.length, { message: 'a value is listed twice' });
    case 'bool':
      return z.stringbool({ truthy: [...BOOL_TRUE], falsy: [...BOOL_FALSE], case: 'insensitive' });
  }
}

const REQUIRED_MESSAGE = { int: 'a whole number is required', number: 'a number is required', bool: 'true or false is required' } as Partial<Record<CodecSpec['kind'], string>>;

/**
 * The codec of a declared field: trims the cell and reads an empty one (or NA, null, a column left out) as
 * null, which is an error when the field is required; any other cell must pass its codec spec.
 */
export function codecFor(field: { codec: CodecSpec; required: Required }): z.ZodType {
  let codec = made.get(field);
  if (!codec) made.set(field, (codec = makeCodec(field)));
  return codec;
}

const made = new WeakMap<object, z.ZodType>();

function makeCodec(field: { codec: CodecSpec; required: Required }): z.ZodType {
  const value = present(field.codec);
  const pre = field.codec.kind === 'list' ? splitList : emptyToNull;
  if (field.required !== true) return z.preprocess(pre, value.nullable());
  const message = REQUIRED_MESSAGE[field.codec.kind] ?? 'a value is required';
  return z.preprocess(pre, z.unknown().refine((v) => v !== null, { message, abort: true }).pipe(value));
}

/** The codec of each field of a table, and the row schema made of them. */
export function tableCodecs<D extends Record<string, { codec: CodecSpec; required: Required }>>(fields: D): { codecs: Record<keyof D, z.ZodType>; schema: z.ZodType<RowOf<D>> } {
  const codecs = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, codecFor(field)])) as Record<keyof D, z.ZodType>;
  return { codecs, schema: z.object(codecs) as unknown as z.ZodType<RowOf<D>> };
}

/** Any finite number, including exponent notation; "" is null. */
export const numCell = () => codecFor({ codec: { kind: 'number' }, required: false }) as z.ZodType<number | null>;

/** Serialises a typed value back to its cell text (the inverse of the codecs above). */
export function toCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.length ? value.join(';') : EMPTY_LIST;
  return String(value);
}
