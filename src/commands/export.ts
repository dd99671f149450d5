// npa export: the dataset's studies (filtered as in `npa list`) as RIS, BibTeX, CSL-JSON, CSV or JSON.
import { studyToRecord } from '../biblio/from-study.js';
import { WRITERS, type ExportFormat } from '../biblio/write.js';
import type { Io } from '../io.js';
import { emit, loadFiltered, type FilteredOutputOptions } from './output.js';

export interface ExportOptions extends FilteredOutputOptions {
  format: ExportFormat;
}

export async function runExport(options: ExportOptions, io: Io): Promise<number> {
  const { dataset, studies } = await loadFiltered(options, io);
  emit(io, WRITERS[options.format](studies.map(studyToRecord), { formulaGuard: options.formulaGuard }), options.out);
  io.stderr(`${studies.length} of ${dataset.studies.length} entries exported as ${options.format}${options.filter.unique ? '' : ' (repeat listings included; --unique leaves them out)'}.\n`);
  return 0;
}
