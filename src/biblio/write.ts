// The export registry: hub records → text in each format. Keys are the --to / --format choices.
import type { BibRecord } from './record.js';
import { writeRis } from './formats/ris.js';
import { writeBibtex } from './formats/bibtex-write.js';
import { writeCslJson } from './formats/csljson.js';
import { writeCsvRecords } from './formats/csv.js';

import type { ExportFormat } from '../format/names.js';
export { EXPORT_FORMATS, type ExportFormat } from '../format/names.js';

export const WRITERS: Record<ExportFormat, (records: readonly BibRecord[], options: { formulaGuard: boolean }) => string> = {
  ris: (records) => writeRis(records),
  bibtex: (records) => writeBibtex(records),
  csljson: (records) => writeCslJson(records),
  csv: (records, { formulaGuard }) => writeCsvRecords(records, formulaGuard),
  json: (records) => JSON.stringify(records, null, 2) + '\n',
};

/** The export format an output file name implies. */
export function formatFromExtension(path: string): ExportFormat | null {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  return ({ ris: 'ris', bib: 'bibtex', csv: 'csv', json: 'json' } as Record<string, ExportFormat>)[ext] ?? null;
}
