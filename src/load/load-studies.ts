// studies.csv text → typed Study records plus every problem found. Never throws on data problems.
import { StudySchema, codecOf, type Study } from '../schema/study.js';
import { FIELD_NAMES, fieldMeta, type FieldName } from '../schema/fields.js';
import type { Issue } from './issues.js';
import { readCsv } from './read-csv.js';

export interface LoadedStudy {
  study: Study;
  line: number;
}

export interface StudiesResult {
  /** Rows that passed every cell check. */
  studies: LoadedStudy[];
  /**
   * Every row, those with bad cells included: their bad cells are read as null (or the empty list)
   * so that the cross-row rules can still check the rest of the row in the same run.
   */
  all: LoadedStudy[];
  issues: Issue[];
}

function partialStudy(record: Record<string, string>): Study {
  const partial: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const result = codecOf(name).safeParse(record[name] ?? '');
    partial[name] = result.success ? result.data : fieldMeta(name).kind === 'multi' ? [] : null;
  }
  return partial as Study;
}

const isField = (name: string): name is FieldName => (FIELD_NAMES as readonly string[]).includes(name);

export function loadStudies(text: string, file: string): StudiesResult {
  const table = readCsv(text, file);
  const issues = [...table.issues];

  const missing = FIELD_NAMES.filter((name) => fieldMeta(name).required && !table.header.includes(name));
  for (const name of missing) {
    issues.push({ severity: 'error', code: 'missing_column', file, line: 1, column: name, message: 'required column is missing from the header' });
  }
  const seen = new Set<string>();
  for (const name of table.header) {
    if (!isField(name)) {
      issues.push({ severity: 'error', code: 'unknown_column', file, line: 1, column: name, message: 'unknown column', accepted: FIELD_NAMES });
    } else if (seen.has(name)) {
      issues.push({ severity: 'error', code: 'repeated_column', file, line: 1, column: name, message: 'column appears twice in the header' });
    }
    seen.add(name);
  }
  if (missing.length > 0) return { studies: [], all: [], issues };

  const studies: LoadedStudy[] = [];
  const all: LoadedStudy[] = [];
  for (const { line, record } of table.rows) {
    const result = StudySchema.safeParse(record);
    if (result.success) {
      studies.push({ study: result.data, line });
      all.push({ study: result.data, line });
      continue;
    }
    all.push({ study: partialStudy(record), line });
    const refCell = record.ref?.trim();
    const ref = refCell && /^\d+$/.test(refCell) ? Number(refCell) : undefined;
    for (const zIssue of result.error.issues) {
      const column = String(zIssue.path[0] ?? '');
      const meta = isField(column) ? fieldMeta(column) : undefined;
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
        message: zIssue.code === 'invalid_value' && meta?.values ? `not an allowed value for ${meta.type}` : zIssue.message,
        accepted: meta?.values,
      });
    }
  }
  return { studies, all, issues };
}
