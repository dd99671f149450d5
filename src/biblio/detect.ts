// Detects a bibliographic format from the first lines of content; the extension only breaks ties.
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import type { FormatId } from './formats/types.js';
import { decoderLabel, type TextEncoding } from '../bytes.js';
import { looksLikeNpaJson } from './formats/npa-json.js';

import type { ImportFormat } from '../format/names.js';
export { IMPORT_FORMATS, type ImportFormat } from '../format/names.js';

/** The first bytes of a file (for detection: lenient; the real read is strict). */
export function headBytes(path: string, bytes = 64 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function head(path: string, bytes = 64 * 1024, encoding: TextEncoding = 'utf8'): string {
  {
    const buffer = headBytes(path, bytes);
    const label = decoderLabel(encoding, buffer);
    const text = label === 'latin1' ? buffer.toString('latin1') : new TextDecoder(label).decode(buffer);
    return text.replace(/^\uFEFF/, '');
  }
}

/** The format of a text's beginning, or null when it is none of the known ones. */
export function detectFormat(text: string, path = ''): ImportFormat | null {
  const lines = text.split(/\r\n|\n|\r/).slice(0, 400);
  const firstReal = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (lines.some((l) => /^VN {1,2}- Ovid Technologies/.test(l))) return 'ovid';
  if (lines.some((l) => /^PMID- ?\d/.test(l))) return 'medline';
  if (lines.some((l) => /^TY {1,2}- /.test(l))) return 'ris';
  if (lines.some((l) => /^FN (Clarivate|Thomson|ISI)/.test(l)) || (lines.some((l) => /^PT [A-Z]\s*$/.test(l)) && lines.some((l) => /^(TI|AU) /.test(l)))) return 'wos';
  if (/^@\s*\w+\s*[{(]/.test(firstReal) || (/^%/.test(firstReal) && lines.some((l) => /^\s*@\s*\w+\s*[{(]/.test(l)))) return 'bibtex';
  if (looksLikeNpaJson(text)) return 'json';
  if (firstReal.startsWith('[') || firstReal.startsWith('{')) return 'csljson';
  const ext = extname(path).toLowerCase();
  if (/[,;\t]/.test(firstReal) && (ext === '.csv' || ext === '.tsv' || ext === '.txt' || ext === '')) return 'csv';
  if (ext === '.csv') return 'csv';
  return null;
}

export const formatLabel: Record<FormatId, string> = {
  ris: 'RIS',
  medline: 'PubMed MEDLINE',
  ovid: 'Ovid tagged',
  wos: 'Web of Science plain text',
  bibtex: 'BibTeX',
  csljson: 'CSL-JSON',
  csv: 'CSV',
  json: 'npa JSON',
};
