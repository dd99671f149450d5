// studies.csv as raw cells, for the few writers that change it (promote, unpromote, code apply): rows keep
// every column as written; csv-stringify writes them back with minimal quoting, as the file is kept.
import { stringify } from 'csv-stringify/sync';
import { readCsv } from '../load/read-csv.js';
import { DataError } from '../errors.js';

export interface RawTable {
  header: string[];
  rows: Record<string, string>[];
}

export function readRaw(text: string, file: string): RawTable {
  const t = readCsv(text, file);
  if (t.issues.length) throw new DataError(`${file} cannot be read`, t.issues);
  return { header: t.header, rows: t.rows.map((r) => r.record) };
}

export const writeRaw = (t: RawTable): string => stringify([t.header, ...t.rows.map((r) => t.header.map((h) => r[h] ?? ''))], { record_delimiter: '\n' });
