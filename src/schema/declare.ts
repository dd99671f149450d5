// A data field is declared once, as plain data: what a cell may hold (its codec spec), whether it may be
// empty, how it counts and filters, and what it means. The data dictionary's type text, requiredness and
// allowed values are derived from that declaration here; src/schema/cells.ts codecFor turns the same
// declaration into the validator. No zod in this file, so the CLI can read field names and choices at
// startup without loading the validator.

/** How a field behaves in counts and filters. */
export type FieldKind = 'id' | 'category' | 'multi' | 'bool' | 'number' | 'text';

/** What a non-empty cell may hold. codecFor (cells.ts) checks exactly this. */
export type CodecSpec =
  /** A whole number written as digits, at least `min`. */
  | { kind: 'int'; min: number }
  /** Any finite number (exponent notation allowed), at least `min` when given. */
  | { kind: 'number'; min?: number }
  /** Any text. */
  | { kind: 'text' }
  /** Text matching `pattern`; `format` says in words what matches (the dictionary's type), `message` is the error. */
  | { kind: 'pattern'; pattern: RegExp; format: string; message: string }
  /** One of `values`. */
  | { kind: 'enum'; values: readonly [string, ...string[]] }
  /** A ';'-separated list of distinct `values`; "none" is the coded empty list. */
  | { kind: 'list'; values: readonly [string, ...string[]] }
  /** true/false, also written yes/no or 1/0, any case. */
  | { kind: 'bool' };

/**
 * true: the column must be in the header and every cell filled. false: the column may be left out and a cell
 * may be empty (null: not known). 'column': the column must be in the header but a cell may be empty, which
 * marks a record still to be coded (the table's rules warn about it).
 */
export type Required = boolean | 'column';

export interface FieldMeta<C extends CodecSpec = CodecSpec, R extends Required = Required> {
  codec: C;
  required: R;
  kind: FieldKind;
  description: string;
  /** The type as the data dictionary shows it: derived from codec and required, never written by hand. */
  type: string;
  /** Allowed values of an enum or list field (derived from the codec). */
  values?: readonly string[];
}

/** Options of a field declaration: requiredness (default false) and count/filter kind (default by codec). */
export interface FieldOptions {
  required?: Required;
  kind?: FieldKind;
}

/** The requiredness a declaration's options give (false when not stated). */
type RequiredOf<O> = O extends { required: infer R extends Required } ? R : false;

function baseType(codec: CodecSpec): string {
  switch (codec.kind) {
    case 'int':
      return `integer >= ${codec.min}`;
    case 'number':
      return codec.min === undefined ? 'number' : `number >= ${codec.min}`;
    case 'pattern':
      return codec.format;
    case 'list':
      return "';'-separated list";
    case 'bool':
      return 'true/false';
    default:
      return codec.kind; // text, enum
  }
}

/** The type text of a codec spec, as the dictionary shows it. Free text needs no "or empty": its required column says so. */
export function typeText(codec: CodecSpec, required: Required): string {
  return required === true || codec.kind === 'text' ? baseType(codec) : `${baseType(codec)} or empty`;
}

function declare<C extends CodecSpec, O extends FieldOptions>(codec: C, description: string, options: O | undefined, kind: FieldKind): FieldMeta<C, RequiredOf<O>> {
  const required = (options?.required ?? false) as RequiredOf<O>;
  const values = codec.kind === 'enum' || codec.kind === 'list' ? { values: codec.values } : {};
  return { codec, required, kind: options?.kind ?? kind, description, type: typeText(codec, required), ...values };
}

type Values = readonly [string, ...string[]];

export const intField = <const O extends FieldOptions = {}>(min: number, description: string, options?: O) =>
  declare({ kind: 'int', min }, description, options, 'number');

export const numberField = <const O extends FieldOptions = {}>(min: number | undefined, description: string, options?: O) =>
  declare(min === undefined ? { kind: 'number' } : { kind: 'number', min }, description, options, 'number');

export const textField = <const O extends FieldOptions = {}>(description: string, options?: O) => declare({ kind: 'text' }, description, options, 'text');

/** Text in a stated format: `format` in words (shown as the type), `message` when a cell does not match. */
export const patternField = <const O extends FieldOptions = {}>(pattern: RegExp, format: string, message: string, description: string, options?: O) =>
  declare({ kind: 'pattern', pattern, format, message }, description, options, 'text');

export const enumField = <const V extends Values, const O extends FieldOptions = {}>(values: V, description: string, options?: O) =>
  declare({ kind: 'enum', values }, description, options, 'category');

export const listField = <const V extends Values, const O extends FieldOptions = {}>(values: V, description: string, options?: O) =>
  declare({ kind: 'list', values }, description, options, 'multi');

export const boolField = <const O extends FieldOptions = {}>(description: string, options?: O) => declare({ kind: 'bool' }, description, options, 'bool');

/** The spellings a bool cell accepts (any case); the first pair is how npa writes them. */
export const BOOL_TRUE = ['true', 'yes', '1'] as const;
export const BOOL_FALSE = ['false', 'no', '0'] as const;

type ValueOf<C> = C extends { kind: 'int' | 'number' }
  ? number
  : C extends { kind: 'bool' }
    ? boolean
    : C extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : C extends { kind: 'list'; values: readonly (infer V)[] }
        ? V[]
        : string;

/** The typed value of one field's cell: null when it may be empty. */
export type CellOf<F> = F extends FieldMeta<infer C, infer R> ? ValueOf<C> | (R extends true ? never : null) : never;

/** One row of a table declared as fields, as the codecs parse it. */
export type RowOf<D> = { -readonly [K in keyof D]: CellOf<D[K]> };
