// The one CSV reader: csv-parse → records with the line each starts on. BOM, CRLF and lone CR handled;
// malformed records (unclosed quote, wrong cell count) become issues, never a silent skip. Every CSV
// npa reads (the dataset's tables, screening decisions, --input for meta, CSV search exports) goes here.
import { parse } from 'csv-parse/sync';
import type { Issue } from '../issues.js';

export interface CsvRow {
  /** 1-based line on which the record starts. */
  line: number;
  record: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  issues: Issue[];
}

export interface ReadCsvOptions {
  /** Trim white space around every cell. */
  trim?: boolean;
  /** Cell delimiter (default a comma). */
  delimiter?: string;
}

export function readCsv(text: string, file: string, options: ReadCsvOptions = {}): CsvTable {
  const issues: Issue[] = [];
  let header: string[] = [];
  type Info = { record: Record<string, string>; info: { lines: number } };
  let parsed: Info[];
  try {
    parsed = parse(text, {
      bom: true,
      trim: options.trim ?? false,
      delimiter: options.delimiter ?? ',',
      columns: (names: string[]) => {
        header = names.map((n) => n.trim());
        // A column named like an Object property would change the records' prototype, not add a cell.
        const bad = header.find((n) => n === '__proto__' || n === 'constructor' || n === 'prototype');
        if (bad !== undefined) throw Object.assign(new Error(`column name "${bad}" is not allowed`), { lines: 1 });
        return header;
      },
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      skip_records_with_error: true,
      on_skip: (err: (Error & { lines?: number }) | undefined) => {
        if (!err) return;
        issues.push({
          severity: 'error',
          code: 'malformed_csv',
          file,
          line: err.lines,
          message: `malformed CSV record: ${err.message.replace(/^Invalid Record Length: /, '')}`,
        });
      },
    }) as Info[];
  } catch (error) {
    const err = error as Error & { lines?: number };
    issues.push({ severity: 'error', code: 'malformed_csv', file, line: err.lines, message: `cannot parse CSV: ${err.message}` });
    return { header, rows: [], issues };
  }
  // info.lines is the line on which the record ends; a record spanning several lines starts earlier.
  const rows = parsed.map(({ record, info }) => {
    const extra = Object.values(record).reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { line: info.lines - extra, record };
  });
  return { header, rows, issues };
}
