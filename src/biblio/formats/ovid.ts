// Ovid tagged export (MEDLINE, Embase, BIOSIS via Ovid; "VN  - Ovid Technologies"): each record opens
// with a "<12. >" counter line, tags are padded to four characters then "- ", records end at a blank
// line. The source (SO) line is a whole citation; volume, issue, pages and year are read from it
// when no separate tags give them.
import { handled, set, type Setter } from '../fields.js';
import type { Line } from '../lines.js';
import { paddedTag, readTagged, type TaggedSpec } from '../tagged.js';
import { recordFromFields } from './ris.js';
import type { ParsedFile } from './types.js';

const COUNTER = /^<\s*\d+\.?\s*>\s*$/;
export const OVID_SPEC: TaggedSpec = {
  tag: (text) => (COUNTER.test(text) ? ['<N>', text.trim()] : paddedTag(text)),
  opens: (tag) => tag === '<N>',
  closes: () => false,
  closesOnBlank: true,
  continues: (text) => /^\s/.test(text) || paddedTag(text) === null,
  closerName: 'blank line',
};

const author: Setter = (record, value) => set.author(record, value.replace(/\s*\[[^\]]*\]\s*$/, ''));

const OVID_READ: Record<string, Setter> = {
  '<N>': handled,
  VN: handled,
  DB: handled,
  AN: (record, value) => {
    if (value.trim()) record.id = value.trim();
  },
  UI: set.pmid,
  PM: set.pmid,
  AU: author,
  FA: handled,
  TI: set.title,
  JN: set.journal,
  JT: set.journal,
  TA: set.journalAbbrev,
  JA: set.journalAbbrev,
  VI: set.volume,
  VO: set.volume,
  IP: set.issue,
  PG: set.pages,
  YR: set.year,
  DP: set.year,
  IS: set.issn,
  LG: set.language,
  AB: set.abstract,
  DO: set.doi,
  DI: set.doi,
  KW: set.keyword,
  MH: set.keyword,
  PB: set.publisher,
  SO: handled,
  XL: set.url,
  UR: set.url,
  PT: handled,
};

/** "Forest Ecology & Management. 201(2-3):327-334, November 15, 2004." → parts. */
export function parseSource(so: string): { journal: string | null; volume: string | null; issue: string | null; pages: string | null; year: number | null } {
  const m = /^(.*?)\.\s+(\d+)(?:\(([^)]*)\))?:([^,\s]+)[,.]?\s*(.*)$/.exec(so.trim());
  if (!m) return { journal: null, volume: null, issue: null, pages: null, year: null };
  const year = /(\d{4})/.exec(m[5] ?? '');
  return { journal: m[1]!.trim(), volume: m[2]!, issue: m[3] ?? null, pages: m[4]!.replace(/\.$/, ''), year: year ? Number(year[1]) : null };
}

export function parseOvid(lines: Iterable<Line>, file: string): ParsedFile {
  const unmapped: Record<string, number> = {};
  const { records, problems, junkLines } = readTagged(lines, OVID_SPEC, (r, i) => {
    const record = recordFromFields(r.fields, `${file}#${i + 1}`, OVID_READ, unmapped);
    const so = r.fields.find(([t]) => t === 'SO')?.[1];
    if (so) {
      const s = parseSource(so);
      record.journal ??= s.journal;
      record.volume ??= s.volume;
      record.issue ??= s.issue;
      record.pages ??= s.pages;
      record.year ??= s.year;
    }
    const types = r.fields.filter(([t]) => t === 'PT').map(([, v]) => v.toLowerCase());
    record.type = types.some((t) => t.includes('chapter')) ? 'CHAP' : types.some((t) => t.includes('conference') || t.includes('meeting')) ? 'CONF' : types.some((t) => t.includes('patent')) ? 'PAT' : 'JOUR';
    return { record, line: r.line, problem: r.problem };
  });
  return { format: 'ovid', records, problems, unmapped, junkLines };
}
