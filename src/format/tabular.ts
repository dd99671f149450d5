// A table as data (columns + rows of cells) and its renderers. The registry's keys are the
// --format choices, so a new format is one entry here.
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

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

export interface RenderOptions {
  /** Neutralise spreadsheet formulas in CSV/TSV text cells (default true). */
  formulaGuard?: boolean;
  /** Decorates a table cell (colour); only the table renderer calls it. */
  paint?: (key: string, text: string, row: Record<string, Cell>) => string;
  /** Longest text cell in a terminal table before it is cut with an ellipsis. */
  maxWidth?: number;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (Array.isArray(cell)) return cell.join(';');
  return String(cell);
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheets execute a text cell that starts with = + - @ (or tab/CR) as a formula (CSV injection).
 * Such text cells get a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
 */
export function guardFormula(cell: Cell | undefined): string {
  const text = cellText(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function delimited(data: Tabular, delimiter: string, options: RenderOptions): string {
  const guard = options.formulaGuard !== false;
  const records = data.rows.map((row) => data.columns.map((c) => (guard ? guardFormula(row[c.key]) : cellText(row[c.key]))));
  return stringify([data.columns.map((c) => c.header), ...records], { delimiter, record_delimiter: '\n' });
}

function tsv(data: Tabular, options: RenderOptions): string {
  // TSV has no quoting: tabs and newlines inside a cell become spaces so every record stays one line.
  const guard = options.formulaGuard !== false;
  const clean = (cell: Cell | undefined) => (guard ? guardFormula(cell) : cellText(cell)).replace(/[\t\r\n]+/g, ' ');
  const lines = [data.columns.map((c) => c.header).join('\t'), ...data.rows.map((row) => data.columns.map((c) => clean(row[c.key])).join('\t'))];
  return lines.join('\n') + '\n';
}

function markdown(data: Tabular): string {
  const esc = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
  const head = `| ${data.columns.map((c) => esc(c.header)).join(' | ')} |`;
  const rule = `| ${data.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = data.rows.map((row) => `| ${data.columns.map((c) => esc(cellText(row[c.key]))).join(' | ')} |`);
  return [head, rule, ...body].join('\n') + '\n';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(data: Tabular, options: RenderOptions): string {
  const t = new Table({
    head: data.columns.map((c) => c.header),
    colAligns: data.columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
  });
  const max = options.maxWidth ?? 60;
  for (const row of data.rows) {
    t.push(data.columns.map((c) => {
      const text = truncate(cellText(row[c.key]).replace(/\s+/g, ' '), max);
      return options.paint ? options.paint(c.key, text, row) : text;
    }));
  }
  return t.toString() + '\n';
}

function json(data: Tabular): string {
  return JSON.stringify(data.rows, null, 2) + '\n';
}

export const RENDERERS = {
  table,
  csv: (data: Tabular, options: RenderOptions) => delimited(data, ',', options),
  tsv,
  json: (data: Tabular) => json(data),
  md: (data: Tabular) => markdown(data),
} as const;

export type FormatName = keyof typeof RENDERERS;
export const FORMAT_NAMES = Object.keys(RENDERERS) as FormatName[];

export function render(data: Tabular, format: FormatName, options: RenderOptions = {}): string {
  return RENDERERS[format](data, options);
}
