// npa list: load → filter → columns → format → stdout or --out.
import { loadValidDataset } from '../load/cache.js';
import { applyFilter, filterScope, type StudyFilter } from '../query/filter.js';
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
  emit(io, await render(studiesTable(studies, columns), options.format, { formulaGuard: options.formulaGuard, width: io.columns }), options.out);
  const scope = filterScope(dataset.studies, options.filter);
  io.stderr(`${studies.length} of ${scope.count} ${scope.noun} ${studies.length === 1 ? 'matches' : 'match'}.\n`);
  return 0;
}
