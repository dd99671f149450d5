// A table as data (columns + rows of cells) and its renderers. The registry's keys are the
// --format choices, so a new format is one entry here.
import type { FormatName } from './names.js';
import { table } from './table.js';
import { markdownTable } from './markdown.js';

export { FORMAT_NAMES, type FormatName } from './names.js';

export type Cell = string | number | boolean | null | readonly string[];

export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
}

export interface Tabular {
  columns: Column[];
  rows: Record<string, Cell>[];
}

/** A column declared with the cell it shows for each item, so a table's header and content cannot drift apart. */
export interface Field<T> extends Column {
  cell: (item: T) => Cell;
}

/** The table of `items`, one column per field, in the fields' order. */
export function tabulate<T>(fields: readonly Field<T>[], items: readonly T[]): Tabular {
  return {
    columns: fields.map(({ key, header, align }) => (align ? { key, header, align } : { key, header })),
    rows: items.map((item) => Object.fromEntries(fields.map((f) => [f.key, f.cell(item)]))),
  };
}

export interface RenderOptions {
  /** Neutralise spreadsheet formulas in CSV/TSV text cells (default true). */
  formulaGuard?: boolean;
  /** Decorates a table cell (colour); only the table renderer calls it. */
  paint?: (key: string, text: string, row: Record<string, Cell>) => string;
  /** Longest text cell in a terminal table before it is cut with an ellipsis. */
  maxWidth?: number;
  /** Terminal columns a table must fit (long text cells wrap); default 100. */
  width?: number;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (Array.isArray(cell)) return cell.join(';');
  return String(cell);
}

// A text that starts with = + - @ (or tab/CR), possibly after apostrophes already added by a guard.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Spreadsheets execute a text cell that starts with = + - @ (or tab/CR) as a formula (CSV injection).
 * Such text cells get a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
 * A text that already starts with apostrophes before such a character gets one more, so that
 * `unguardFormula` (used when npa reads a CSV back) restores every text exactly.
 */
export function guardFormula(cell: Cell | undefined): string {
  const text = cellText(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of guardFormula, for reading CSV that npa (or an OWASP-style exporter) wrote. */
export function unguardFormula(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function tsv(data: Tabular, options: RenderOptions): string {
  // TSV has no quoting: tabs and newlines inside a cell become spaces so every record stays one line.
  const guard = options.formulaGuard !== false;
  const clean = (cell: Cell | undefined) => (guard ? guardFormula(cell) : cellText(cell)).replace(/[\t\r\n]+/g, ' ');
  const lines = [data.columns.map((c) => c.header).join('\t'), ...data.rows.map((row) => data.columns.map((c) => clean(row[c.key])).join('\t'))];
  return lines.join('\n') + '\n';
}

export function markdown(data: Tabular): string {
  // Markdown trims a cell, so a label's leading indentation is kept as no-break spaces.
  return markdownTable(
    data.columns.map((c) => c.header),
    data.rows.map((row) => data.columns.map((c) => cellText(row[c.key]).replace(/^ +/, (lead) => '\u00a0'.repeat(lead.length)))),
    data.columns.map((c) => c.align),
  );
}

export function json(data: Tabular): string {
  return JSON.stringify(data.rows, null, 2) + '\n';
}

export type Renderer = (data: Tabular, options: RenderOptions) => string;

/** The --format registry. The CSV renderer (csv-stringify) loads only when used. */
export const RENDERERS: Record<FormatName, () => Promise<Renderer>> = {
  table: async () => table,
  csv: async () => (await import('./csv.js')).csv,
  tsv: async () => tsv,
  json: async () => json,
  md: async () => markdown,
};

export async function render(data: Tabular, format: FormatName, options: RenderOptions = {}): Promise<string> {
  return (await RENDERERS[format]())(data, options);
}
