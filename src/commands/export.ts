// npa export: the dataset's studies (filtered as in `npa list`) as RIS, BibTeX, CSL-JSON, CSV or JSON.
import { studyToRecord } from '../biblio/from-study.js';
import { recordsOutput, type ExportFormat } from '../biblio/write.js';
import { filterScope, type StudyFilter } from '../query/filter.js';
import type { Io } from '../io.js';
import { emit, loadFiltered, type FilteredOutputOptions } from './output.js';

export interface ExportOptions extends FilteredOutputOptions {
  format: ExportFormat;
}

export async function runExport(options: ExportOptions, io: Io): Promise<number> {
  const { dataset, studies } = await loadFiltered(options, io);
  emit(io, recordsOutput(options.format, studies.map(studyToRecord), { formulaGuard: options.formulaGuard }), options.out);
  const scope = filterScope(dataset.studies, options.filter);
  io.stderr(`${studies.length} of ${scope.count} ${scope.noun} exported as ${options.format}${options.filter.unique ? '' : ' (repeat listings included; --unique leaves them out)'}.\n`);
  return 0;
}
