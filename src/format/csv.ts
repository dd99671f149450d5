// CSV (csv-stringify): RFC 4180 quoting. Loaded only for --format csv.
import { stringify } from 'csv-stringify/sync';
import { cellText, guardFormula, type RenderOptions, type Tabular } from './tabular.js';

export function csv(data: Tabular, options: RenderOptions): string {
  const guard = options.formulaGuard !== false;
  const records = data.rows.map((row) => data.columns.map((c) => (guard ? guardFormula(row[c.key]) : cellText(row[c.key]))));
  return stringify([data.columns.map((c) => c.header), ...records], { record_delimiter: '\n' });
}
