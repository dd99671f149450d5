// npa list: load → filter → columns → format → stdout or --out.
import type { FieldName } from '../schema/study.js';
import { DEFAULT_DATA_COLUMNS, DEFAULT_TABLE_COLUMNS, studiesTable } from '../format/columns.js';
import { render, type FormatName } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit, loadFiltered, type FilteredOutputOptions } from './output.js';

export interface ListOptions extends FilteredOutputOptions {
  columns?: FieldName[];
  format: FormatName;
}

export async function runList(options: ListOptions, io: Io): Promise<number> {
  const { dataset, studies } = await loadFiltered(options, io);
  const columns = options.columns ?? (options.format === 'table' || options.format === 'md' ? DEFAULT_TABLE_COLUMNS : DEFAULT_DATA_COLUMNS);
  emit(io, await render(studiesTable(studies, columns), options.format, { formulaGuard: options.formulaGuard }), options.out);
  io.stderr(`${studies.length} of ${dataset.studies.length} entries match.\n`);
  return 0;
}
