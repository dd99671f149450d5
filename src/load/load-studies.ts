// studies.csv text → typed Study records plus every problem found. Never throws on data problems.
import type { Study } from '../schema/study.js';
import { FIELD_META } from '../schema/fields.js';
import type { Issue } from '../issues.js';
import { loadTable, tableSpec } from './load-table.js';

export interface LoadedStudy {
  study: Study;
  line: number;
  /** Columns whose cell was invalid (already reported), read as null. */
  invalid?: string[];
}

export interface StudiesResult {
  /** Rows that passed every cell check. */
  studies: LoadedStudy[];
  /** Every row; bad cells read as null, so cross-row rules still check the rest (see load-table.ts). */
  all: LoadedStudy[];
  issues: Issue[];
}

const STUDY_TABLE = tableSpec(FIELD_META);

export function loadStudies(text: string, file: string): StudiesResult {
  const { rows, all, issues } = loadTable<Study>(text, file, STUDY_TABLE);
  const asStudy = ({ value, line, invalid }: { value: Study; line: number; invalid?: string[] }) => ({ study: value, line, ...(invalid ? { invalid } : {}) });
  return { studies: rows.map(asStudy), all: all.map(asStudy), issues };
}
