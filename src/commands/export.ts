// npa export: the dataset's studies (filtered as in `npa list`) as RIS, BibTeX, CSL-JSON, CSV or JSON.
import { studyToRecord } from '../biblio/from-study.js';
import { recordsOutput, type ExportFormat } from '../biblio/write.js';
import { loadValidDataset } from '../load/cache.js';
import { applyFilter, filterScope, type StudyFilter } from '../query/filter.js';
import type { Io } from '../io.js';
import { emit } from './output.js';

export interface ExportOptions {
  data: string;
  filter: StudyFilter;
  format: ExportFormat;
  out?: string;
  formulaGuard: boolean;
}

export async function runExport(options: ExportOptions, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const studies = applyFilter(dataset.studies, options.filter);
  emit(io, recordsOutput(options.format, studies.map(studyToRecord), { formulaGuard: options.formulaGuard }), options.out);
  const scope = filterScope(dataset.studies, options.filter);
  io.stderr(`${studies.length} of ${scope.count} ${scope.noun} exported as ${options.format}${options.filter.unique ? '' : ' (repeat listings included; --unique leaves them out)'}.\n`);
  return 0;
}
