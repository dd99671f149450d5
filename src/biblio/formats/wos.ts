// Web of Science plain-text export: "FN"/"VR" header, records from PT to ER, "EF" at the end;
// tags are two characters and a space; continuation lines are indented by three spaces, and for
// author and address lists each continuation line is a new value.
import { handled, set, type Setter } from '../fields.js';
import type { Line } from '../lines.js';
import { joinPages } from '../record.js';
import { readTagged, type TaggedSpec } from '../tagged.js';
import { recordFromFields } from './ris.js';
import type { ParsedFile } from './types.js';

const TAG = /^([A-Z][A-Z0-9]) (.*?)\s*$|^(ER|EF)\s*$/;
const LISTS = new Set(['AU', 'AF', 'BA', 'BF', 'CA', 'GP', 'ED', 'CR', 'C1']);

export const WOS_SPEC: TaggedSpec = {
  tag: (text) => {
    const m = TAG.exec(text);
    if (!m) return null;
    return m[3] ? [m[3], ''] : [m[1]!, m[2] ?? ''];
  },
  opens: (tag) => tag === 'PT',
  closes: (tag) => tag === 'ER',
  closesOnBlank: false,
  continues: (text) => /^ {2,}\S/.test(text),
  repeatsOnContinuation: (tag) => LISTS.has(tag),
  header: (tag) => tag === 'FN' || tag === 'VR' || tag === 'EF',
  closerName: 'ER',
};

const TYPES: Record<string, string> = { J: 'JOUR', B: 'BOOK', S: 'SER', P: 'PAT', C: 'CONF' };

const WOS_READ: Record<string, Setter> = {
  PT: (record, value) => {
    record.type = TYPES[value.trim()] ?? 'GEN';
  },
  UT: (record, value) => {
    if (value.trim()) record.id = value.trim();
  },
  TI: set.title,
  AF: set.author,
  AU: handled,
  SO: set.journal,
  J9: set.journalAbbrev,
  JI: set.journalAbbrev,
  PY: set.year,
  VL: set.volume,
  IS: set.issue,
  BP: handled,
  EP: handled,
  AR: handled,
  DI: set.doi,
  PM: set.pmid,
  AB: set.abstract,
  DE: (record, value) => value.split(';').forEach((k) => set.keyword(record, k)),
  ID: (record, value) => value.split(';').forEach((k) => set.keyword(record, k)),
  SN: set.issn,
  EI: set.issn,
  LA: set.language,
  PU: set.publisher,
  ER: handled,
};

export function parseWos(lines: Iterable<Line>, file: string): ParsedFile {
  const unmapped: Record<string, number> = {};
  const { records, problems, junkLines } = readTagged(lines, WOS_SPEC, (r, i) => {
    const record = recordFromFields(r.fields, `${file}#${i + 1}`, WOS_READ, unmapped);
    if (record.authors.length === 0) for (const [tag, value] of r.fields) if (tag === 'AU' && value.trim()) record.authors.push(value.trim());
    const get = (tag: string) => r.fields.find(([t]) => t === tag)?.[1] ?? null;
    record.pages = joinPages(get('BP'), get('EP')) ?? (get('AR')?.trim() || null);
    return { record, line: r.line, problem: r.problem };
  });
  return { format: 'wos', records, problems, unmapped, junkLines };
}
