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

/**
 * npa JSON as a sequence of chunks, byte for byte JSON.stringify(records, null, 2) + "\n", so that a
 * million records never have to fit in one string (V8's limit is about 512 MB; issue 10 §6).
 */
export function* jsonChunks(records: readonly BibRecord[], batch = 1000): Generator<string> {
  if (records.length === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  for (let i = 0; i < records.length; i += batch) {
    const part = records.slice(i, i + batch).map((r) => '  ' + JSON.stringify(r, null, 2).replace(/\n/g, '\n  '));
    yield part.join(',\n') + (i + batch < records.length ? ',\n' : '\n');
  }
  yield ']\n';
}

/** Records in an export format, for an output: npa JSON is streamed, the others are one string. */
export function recordsOutput(format: ExportFormat, records: readonly BibRecord[], options: { formulaGuard: boolean }): string | Iterable<string> {
  return format === 'json' ? jsonChunks(records) : WRITERS[format](records, options);
}
