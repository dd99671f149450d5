// One input file → hub records plus the report a reviewer needs to trust the import: the format,
// how many records, which fields could not be mapped (by tag), which records lack a title, year or
// identifier, and every problem with its line. A damaged file imports nothing unless skipBad is set.
import { UniqueIds } from './ids.js';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { detectFormat, head, type ImportFormat } from './detect.js';
import { readLines } from './lines.js';
import { parseMedline } from './formats/medline.js';
import { parseRis } from './formats/ris.js';
import { parseWos } from './formats/wos.js';
import { parseOvid } from './formats/ovid.js';
import { parseCslJson } from './formats/csljson.js';
import { parseCsvRecords } from './formats/csv.js';
import type { ParsedFile } from './formats/types.js';
import { parseNpaJson } from './formats/npa-json.js';
import type { Located } from './record.js';
import type { Problem } from './tagged.js';

export interface ImportReport {
  file: string;
  format: ImportFormat;
  /** Records imported from this file. */
  records: number;
  unmapped: Record<string, number>;
  missing: { title: number; year: number; identifier: number };
  /** Records left out (only with skipBad), with the line each started on and why. */
  skipped: { line: number; reason: string }[];
  problems: Problem[];
  junkLines: number;
  /** Input ids that occurred more than once and were given a suffix (#2, #3, ...). */
  renamedIds: number;
}

export interface ImportResult {
  report: ImportReport;
  records: Located[];
  /** True when the file had errors and nothing was imported from it. */
  failed: boolean;
}

export class ImportFormatError extends Error {}

type Progress = ((bytesRead: number) => void) | undefined;

const PARSERS: Record<ImportFormat, (path: string, file: string, progress: Progress) => ParsedFile> = {
  ris: (path, file, progress) => parseRis(readLines(path, undefined, progress), file),
  medline: (path, file, progress) => parseMedline(readLines(path, undefined, progress), file),
  wos: (path, file, progress) => parseWos(readLines(path, undefined, progress), file),
  ovid: (path, file, progress) => parseOvid(readLines(path, undefined, progress), file),
  csljson: (path, file) => parseCslJson(readFileSync(path, 'utf8'), file),
  csv: (path, file) => parseCsvRecords(readFileSync(path, 'utf8'), file),
  json: (path, file) => parseNpaJson(readFileSync(path, 'utf8'), file),
  bibtex: () => {
    throw new Error('BibTeX is parsed by importFileAsync');
  },
};

export function detectFileFormat(path: string, forced?: ImportFormat): ImportFormat {
  if (forced) return forced;
  if (statSync(path).size === 0) throw new ImportFormatError('the file is empty');
  const format = detectFormat(head(path), path);
  if (!format) throw new ImportFormatError('not a format npa reads (RIS, PubMed MEDLINE, Ovid tagged, Web of Science, BibTeX, CSL-JSON, CSV); give --from to say which');
  return format;
}

export interface ImportFileOptions {
  skipBad?: boolean;
  from?: ImportFormat;
  display?: string;
  /** Called as a large line-based file is read, with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
}

export async function importFile(path: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  const display = options.display ?? path;
  const format = detectFileFormat(path, options.from);
  const name = basename(path);
  const parsed =
    format === 'bibtex'
      ? (await import('./formats/bibtex.js')).parseBibtex(readFileSync(path, 'utf8'), name)
      : PARSERS[format](path, name, options.onProgress ? progressOf(path, options.onProgress) : undefined);
  return finish(parsed, format, display, options.skipBad ?? false);
}

function progressOf(path: string, onProgress: (fraction: number) => void): Progress {
  const size = statSync(path).size;
  return size > 0 ? (bytes) => onProgress(Math.min(1, bytes / size)) : undefined;
}

function finish(parsed: ParsedFile, format: ImportFormat, file: string, skipBad: boolean): ImportResult {
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  const failed = errors.length > 0 && (!skipBad || errors.some((e) => UNRECOVERABLE.test(e.message)));
  const kept = failed ? [] : parsed.records.filter((r) => r.problem === undefined);
  const damagedLines = new Set(parsed.records.filter((r) => r.problem !== undefined).map((r) => r.line));
  const skipped = failed
    ? []
    : [
        ...parsed.records.filter((r) => r.problem !== undefined).map((r) => ({ line: r.line, reason: r.problem! })),
        ...errors.filter((e) => !damagedLines.has(e.line)).map((e) => ({ line: e.line, reason: e.message })),
      ].sort((x, y) => x.line - y.line);

  const ids = new UniqueIds();
  let renamedIds = 0;
  const records: Located[] = kept.map(({ record, line }) => {
    const id = ids.claim(record.id);
    if (id !== record.id) {
      record.id = id;
      renamedIds++;
    }
    return { record, file, line };
  });
  const missing = { title: 0, year: 0, identifier: 0 };
  for (const { record } of records) {
    if (!record.title) missing.title++;
    if (record.year === null) missing.year++;
    if (!record.doi && !record.pmid) missing.identifier++;
  }
  return {
    report: { file, format, records: records.length, unmapped: parsed.unmapped, missing, skipped, problems: parsed.problems, junkLines: parsed.junkLines, renamedIds },
    records,
    failed,
  };
}

/** Problems that spoil the whole file: nothing can be imported from it, even with --skip-bad. */
const UNRECOVERABLE = /^(not valid JSON|expected a CSL-JSON|no title column)/;
