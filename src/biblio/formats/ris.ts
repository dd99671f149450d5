// RIS (PubMed, Ovid, Embase, Scopus, Web of Science RIS, EndNote, Zotero, Mendeley). Tags are two
// characters, two spaces, a hyphen: "TY  - JOUR". A record opens with TY and closes with ER.
// A line without a tag inside a record continues the previous field (even if it starts "ER then").
import { addUnmapped, handled, normalizeDoi, normalizePmid, set, type Setter } from '../fields.js';
import type { Line } from '../lines.js';
import { emptyRecord, joinPages, splitPages, type BibRecord } from '../record.js';
import { readTagged, type TaggedSpec } from '../tagged.js';
import type { ParsedFile } from './types.js';

// Two spaces before the hyphen is the standard; one is accepted, as Zotero and EndNote do.
const TAG = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*?))?\s*$/;

export const RIS_SPEC: TaggedSpec = {
  tag: (text) => {
    const m = TAG.exec(text);
    return m ? [m[1]!, m[2] ?? ''] : null;
  },
  opens: (tag) => tag === 'TY',
  closes: (tag) => tag === 'ER',
  closesOnBlank: false,
  continues: () => true,
  closerName: 'ER',
};

/** Identifiers that some vendors put in custom fields: digits are a PMID (Scopus C2, Embase C5). */
const pmidIfDigits: Setter = (record, value) => {
  if (/^\s*\d{1,9}\s*$/.test(value)) set.pmid(record, value);
};
const urlOrDoi: Setter = (record, value) => {
  set.url(record, value);
  if (/doi\.org\//i.test(value)) record.doi ??= normalizeDoi(value);
};

export const RIS_READ: Record<string, Setter> = {
  TY: (record, value) => {
    record.type = risType(value);
  },
  ID: (record, value) => {
    if (value.trim()) record.id = value.trim();
  },
  AU: set.author,
  A1: set.author,
  PY: set.year,
  Y1: set.year,
  DA: set.year,
  // Titles and journal names are chosen by priority after all tags are read (see PRIORITY below).
  TI: handled,
  T1: handled,
  CT: handled,
  ST: handled,
  T2: handled,
  JF: handled,
  JO: handled,
  JA: handled,
  J1: handled,
  J2: handled,
  VL: set.volume,
  VO: set.volume,
  IS: set.issue,
  SP: handled,
  EP: handled,
  C7: handled,
  DO: set.doi,
  AN: pmidIfDigits,
  C2: pmidIfDigits,
  C5: pmidIfDigits,
  AB: set.abstract,
  N2: set.abstract,
  KW: set.keyword,
  SN: set.issn,
  UR: urlOrDoi,
  L1: urlOrDoi,
  L2: urlOrDoi,
  L3: urlOrDoi,
  L4: urlOrDoi,
  LA: set.language,
  PB: set.publisher,
  ER: handled,
};

export function recordFromFields(fields: [string, string][], fallbackId: string, table: Record<string, Setter>, unmapped: Record<string, number>): BibRecord {
  const record = emptyRecord(fallbackId);
  for (const [tag, value] of fields) {
    const setter = table[tag];
    if (setter) setter(record, value);
    else addUnmapped(unmapped, tag);
  }
  return record;
}

/** Vendors disagree on which tag holds what; the first present in each list wins. */
const PRIORITY = {
  title: ['TI', 'T1', 'CT', 'ST'],
  journal: ['JF', 'T2', 'JO', 'JA', 'J2', 'J1'],
  journalAbbrev: ['J2', 'JA', 'J1', 'JO'],
} as const;

const KNOWN_TYPES = new Set(['ABST', 'ADVS', 'AGGR', 'ANCIENT', 'ART', 'BILL', 'BLOG', 'BOOK', 'CASE', 'CHAP', 'CHART', 'CLSWK', 'COMP', 'CONF', 'CPAPER',
  'CTLG', 'DATA', 'DBASE', 'DICT', 'EBOOK', 'ECHAP', 'EDBOOK', 'EJOUR', 'ELEC', 'ENCYC', 'EQUA', 'FIGURE', 'GEN', 'GOVDOC', 'GRANT', 'HEAR', 'ICOMM',
  'INPR', 'JFULL', 'JOUR', 'LEGAL', 'MANSCPT', 'MAP', 'MGZN', 'MPCT', 'MULTI', 'MUSIC', 'NEWS', 'PAMP', 'PAT', 'PCOMM', 'RPRT', 'SER', 'SLIDE', 'SOUND',
  'STAND', 'STAT', 'THES', 'UNBILL', 'UNPB', 'VIDEO', 'WEB']);

/** A RIS type code; a spelled-out type ("Journal Article", from some exporters) is mapped to its code. */
function risType(value: string): string {
  const code = value.trim().toUpperCase();
  if (KNOWN_TYPES.has(code)) return code;
  if (/JOURNAL|ARTICLE/.test(code)) return 'JOUR';
  if (/CONFERENCE|PROCEEDING/.test(code)) return 'CONF';
  if (/CHAPTER|SECTION/.test(code)) return 'CHAP';
  if (/BOOK/.test(code)) return 'BOOK';
  if (/THESIS|DISSERTATION/.test(code)) return 'THES';
  if (/REPORT/.test(code)) return 'RPRT';
  return 'GEN';
}

export function parseRis(lines: Iterable<Line>, file: string): ParsedFile {
  const unmapped: Record<string, number> = {};
  const { records, problems, junkLines } = readTagged(lines, RIS_SPEC, (r, i) => {
    const record = recordFromFields(r.fields, `${file}#${i + 1}`, RIS_READ, unmapped);
    const get = (tag: string) => r.fields.find(([t, v]) => t === tag && v.trim() !== '')?.[1]?.trim() || null;
    const first = (tags: readonly string[]) => tags.map(get).find((v) => v !== null) ?? null;
    record.title = first(PRIORITY.title);
    record.journal = first(PRIORITY.journal);
    const abbrev = first(PRIORITY.journalAbbrev);
    record.journalAbbrev = abbrev !== record.journal ? abbrev : null;
    record.pages = joinPages(get('SP'), get('EP')) ?? get('C7');
    return { record, line: r.line, problem: r.problem };
  });
  return { format: 'ris', records, problems, unmapped, junkLines };
}

const TYPES_WRITTEN = new Set(['ABST', 'BOOK', 'CHAP', 'CONF', 'CPAPER', 'EJOUR', 'GEN', 'JOUR', 'RPRT', 'THES', 'ELEC', 'NEWS', 'MGZN', 'SER', 'UNPB']);

/** One record as RIS: AU "Last, First", PY always, TY from the standard list (GEN when unknown). */
export function writeRisRecord(r: BibRecord): string {
  const out: string[] = [];
  const line = (tag: string, value: string | number | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    out.push(`${tag}  - ${String(value).replace(/\s*[\r\n]+\s*/g, ' ')}`);
  };
  out.push(`TY  - ${TYPES_WRITTEN.has(r.type) ? r.type : 'GEN'}`);
  line('ID', r.id);
  line('TI', r.title);
  for (const a of r.authors) line('AU', a);
  out.push(`PY  - ${r.year ?? ''}`.trimEnd());
  line('T2', r.journal);
  line('J2', r.journalAbbrev);
  line('VL', r.volume);
  line('IS', r.issue);
  const [sp, ep] = splitPages(r.pages);
  line('SP', sp);
  line('EP', ep);
  line('DO', r.doi);
  line('AN', r.pmid);
  line('AB', r.abstract);
  for (const k of r.keywords) line('KW', k);
  for (const s of r.issn) line('SN', s);
  for (const u of r.urls) line('UR', u);
  line('LA', r.language);
  line('PB', r.publisher);
  out.push('ER  - ');
  return out.join('\n') + '\n';
}

export function writeRis(records: readonly BibRecord[]): string {
  return records.map(writeRisRecord).join('\n');
}

export { normalizePmid };
