// One input file → hub records plus the report a reviewer needs to trust the import: the format,
// how many records, which fields could not be mapped (by tag), which records lack a title, year or
// identifier, and every problem with its line. A damaged file imports nothing unless skipBad is set.
import { UniqueIds } from './ids.js';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { detectFormat, head, headBytes, type ImportFormat } from './detect.js';
import { decodeText, type TextEncoding } from '../bytes.js';
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
interface ReadAs {
  progress: Progress;
  encoding: TextEncoding;
  /** The file's name as the user gave it, for errors about its bytes. */
  shown: string;
}

const lines = (path: string, how: ReadAs) => readLines(path, { onProgress: how.progress, encoding: how.encoding, file: how.shown });
const whole = (path: string, how: ReadAs) => decodeText(readFileSync(path), how.shown, how.encoding);

const PARSERS: Record<ImportFormat, (path: string, file: string, how: ReadAs) => ParsedFile> = {
  ris: (path, file, how) => parseRis(lines(path, how), file),
  medline: (path, file, how) => parseMedline(lines(path, how), file),
  wos: (path, file, how) => parseWos(lines(path, how), file),
  ovid: (path, file, how) => parseOvid(lines(path, how), file),
  csljson: (path, file, how) => parseCslJson(whole(path, how), file),
  csv: (path, file, how) => parseCsvRecords(whole(path, how), file),
  json: (path, file, how) => parseNpaJson(whole(path, how), file),
  bibtex: () => {
    throw new Error('BibTeX is parsed by importFileAsync');
  },
};

/** True when the first bytes hold a NUL outside UTF-16 text: a binary file, not an export. */
function looksBinary(bytes: Buffer, encoding: TextEncoding): boolean {
  const utf16 = encoding === 'utf-16' || (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)));
  return !utf16 && bytes.includes(0);
}

export function detectFileFormat(path: string, forced?: ImportFormat, encoding: TextEncoding = 'utf8'): ImportFormat {
  const stat = statSync(path);
  const first = headBytes(path, 4096);
  if (first.length === 0 && (stat.isFile() || stat.size === 0)) throw new ImportFormatError('the file is empty');
  if (looksBinary(first, encoding)) throw new ImportFormatError('a binary file (it holds NUL bytes), not a text export');
  if (forced) return forced;
  const format = detectFormat(head(path, undefined, encoding), path);
  if (!format) throw new ImportFormatError('not a format npa reads (RIS, PubMed MEDLINE, Ovid tagged, Web of Science, BibTeX, CSL-JSON, CSV); give --from to say which');
  return format;
}

export interface ImportFileOptions {
  skipBad?: boolean;
  from?: ImportFormat;
  display?: string;
  /** The file's text encoding (default UTF-8; a UTF-16 byte-order mark is always recognised). */
  encoding?: TextEncoding;
  /** Called as a large line-based file is read, with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
}

export async function importFile(path: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  const display = options.display ?? path;
  const encoding = options.encoding ?? 'utf8';
  const format = detectFileFormat(path, options.from, encoding);
  const name = basename(path);
  const how: ReadAs = { progress: options.onProgress ? progressOf(path, options.onProgress) : undefined, encoding, shown: display };
  const parsed =
    format === 'bibtex'
      ? (await import('./formats/bibtex.js')).parseBibtex(whole(path, how), name)
      : PARSERS[format](path, name, how);
  if (parsed.records.length === 0 && !parsed.problems.some((p) => p.severity === 'error'))
    throw new ImportFormatError(`no ${format} records found (the file holds none, or it is not in this format${options.from ? '' : ''}); nothing was imported`);
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
