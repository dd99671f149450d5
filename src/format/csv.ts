// The one CSV writer (csv-stringify: RFC 4180 quoting of , " \n and \r). Every CSV npa writes comes
// from csvText: the --format csv renderer below, the screening log, CSV search exports, the PRISMA2020
// template. Loaded only when CSV is written (a lazy import from the table renderers' registry).
import { stringify } from 'csv-stringify/sync';
import { cellText, guardFormula, type RenderOptions, type Tabular } from './tabular.js';

/**
 * Rows of cells (the first row is usually the header) as CSV text with \n line ends. With formulaGuard,
 * text cells starting with = + - @ are prefixed with ' (every CSV for a spreadsheet); files npa reads back
 * (the screening log) are written without it.
 */
export function csvText(rows: readonly (readonly (string | number | boolean | null)[])[], options: { formulaGuard?: boolean } = {}): string {
  const cells = options.formulaGuard ? rows.map((row) => row.map((c) => (typeof c === 'string' ? guardFormula(c) : c))) : rows;
  // csv-stringify quotes a cell holding the delimiter, a quote or the record delimiter (\n); a lone \r
  // would end the record for readers that accept CR line ends (npa's own reader does), so quote it too.
  return stringify(cells as (string | number | boolean | null)[][], { record_delimiter: '\n', quoted_match: /\r/ });
}

export function csv(data: Tabular, options: RenderOptions): string {
  const guard = options.formulaGuard !== false;
  const records = data.rows.map((row) => data.columns.map((c) => (guard ? guardFormula(row[c.key]) : cellText(row[c.key]))));
  return csvText([data.columns.map((c) => c.header), ...records]);
}
