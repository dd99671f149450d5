// A CSV table → typed rows plus every problem found, for any table declared as fields (src/schema/declare.ts):
// studies.csv, outcomes.csv, claims.csv, screening.csv and the optional feature tables. Never throws on data problems.
import type { z } from 'zod';
import { tableCodecs } from '../schema/cells.js';
import type { FieldMeta, RowOf } from '../schema/declare.js';
import type { Issue } from '../issues.js';
import { readCsv } from './read-csv.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTextFile } from '../io.js';
import { displayPath } from './paths.js';
import { plural } from '../text.js';

export interface TableSpec<T> {
  names: readonly string[];
  meta(name: string): FieldMeta;
  codec(name: string): z.ZodType;
  schema: z.ZodType<T>;
}

/** A table's spec from its field declarations: the codecs and the row schema are derived from them. */
export function tableSpec<D extends Record<string, FieldMeta>>(fields: D): TableSpec<RowOf<D>> {
  const { codecs, schema } = tableCodecs(fields);
  return { names: Object.keys(fields), meta: (name) => fields[name]!, codec: (name) => codecs[name]!, schema };
}

export interface LoadedRow<T> {
  value: T;
  line: number;
  /** Columns whose cell was present but invalid (read as null); already reported. */
  invalid?: string[];
}

export interface TableResult<T> {
  /** Rows that passed every cell check. */
  rows: LoadedRow<T>[];
  /**
   * Every row, those with bad cells included: their bad cells are read as null (or the empty list)
   * so that the cross-row rules can still check the rest of the row in the same run.
   */
  all: LoadedRow<T>[];
  issues: Issue[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function loadTable<T>(text: string, file: string, spec: TableSpec<T>): TableResult<T> {
  const table = readCsv(text, file);
  const issues = [...table.issues];
  const known = (name: string) => spec.names.includes(name);

  const missing = spec.names.filter((name) => spec.meta(name).required && !table.header.includes(name));
  for (const name of missing) {
    issues.push({ severity: 'error', code: 'missing_column', file, line: 1, column: name, message: 'required column is missing from the header' });
  }
  const seen = new Set<string>();
  for (const name of table.header) {
    if (!known(name)) {
      issues.push({ severity: 'error', code: 'unknown_column', file, line: 1, column: name, message: 'unknown column', accepted: spec.names });
    } else if (seen.has(name)) {
      issues.push({ severity: 'error', code: 'repeated_column', file, line: 1, column: name, message: 'column appears twice in the header' });
    }
    seen.add(name);
  }
  if (missing.length > 0) return { rows: [], all: [], issues };

  const rows: LoadedRow<T>[] = [];
  const all: LoadedRow<T>[] = [];
  for (const { line, record } of table.rows) {
    // NUL and other control characters (tab and line breaks aside) have no place in a cell (issue 10 §4).
    let control = false;
    for (const [column, cell] of Object.entries(record)) {
      const bad = CONTROL.exec(cell);
      if (bad) {
        control = true;
        const code = bad[0].charCodeAt(0).toString(16).padStart(2, '0');
        issues.push({ severity: 'error', code: 'control_character', file, line, column, message: `cell holds the control character \\x${code} (at character ${bad.index + 1}); remove it` });
      }
    }
    if (control) {
      all.push({ value: Object.fromEntries(spec.names.map((n) => [n, spec.meta(n).kind === 'multi' ? [] : null])) as T, line, invalid: [...spec.names] });
      continue;
    }
    const result = spec.schema.safeParse(record);
    if (result.success) {
      rows.push({ value: result.data, line });
      all.push({ value: result.data, line });
      continue;
    }
    const partial: Record<string, unknown> = {};
    const invalid: string[] = [];
    for (const name of spec.names) {
      const cell = spec.codec(name).safeParse(record[name] ?? '');
      if (!cell.success) invalid.push(name);
      partial[name] = cell.success ? cell.data : spec.meta(name).kind === 'multi' ? [] : null;
    }
    all.push({ value: partial as T, line, invalid });
    const refCell = record.ref?.trim();
    const ref = refCell && /^\d+$/.test(refCell) ? Number(refCell) : undefined;
    for (const zIssue of result.error.issues) {
      const column = String(zIssue.path[0] ?? '');
      const meta = known(column) ? spec.meta(column) : undefined;
      const cell = record[column];
      const element = typeof zIssue.path[1] === 'number' && cell !== undefined ? cell.split(';').map((s) => s.trim()).filter(Boolean)[zIssue.path[1]] : undefined;
      issues.push({
        severity: 'error',
        code: 'invalid_value',
        file,
        line,
        column,
        ref,
        value: element ?? cell ?? '',
        message: zIssue.code === 'invalid_value' && meta?.values ? 'not an allowed value' : zIssue.message,
        accepted: meta?.values,
      });
    }
  }
  return { rows, all, issues };
}

/**
 * The one reader of a review's optional table files (outcomes.csv, claims.csv, screening.csv,
 * appraisal.csv, cohorts.csv, grade.csv, notices.csv): absent, nothing; a file that exists but holds nothing (not
 * even its header) is damage, never "no table" (issue 10 §6); else the rows that pass the cell checks
 * and `check` (the cross-row rules, given every row), and every issue, sorted by line. `label` names
 * the table in messages ("the screening log is empty ...").
 */
export function loadOptionalTable<T>(
  dir: string,
  name: string,
  spec: TableSpec<T>,
  check: (file: string, all: LoadedRow<T>[]) => Issue[],
  label = name,
): { file: string | null; rows: T[]; issues: Issue[] } {
  const path = join(dir, name);
  if (!existsSync(path)) return { file: null, rows: [], issues: [] };
  const text = readTextFile('', path); // a missing file was handled above; a folder or no permission is the user's to fix
  const file = displayPath(path);
  if (text.trim() === '') {
    const message = `the ${label} is empty (${plural(text.length, 'byte')}, not even a header): it is damaged. Restore it from a backup or version, or delete it if it should not exist`;
    return { file, rows: [], issues: [{ severity: 'error', code: 'empty_file', file, message }] };
  }
  const table = loadTable(text, file, spec);
  const issues = [...table.issues, ...check(file, table.all)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const bad = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.line));
  return { file, rows: table.rows.filter((r) => !bad.has(r.line)).map((r) => r.value), issues };
}
