// CSL-JSON (Zotero, Mendeley, citation-js, pandoc): an array of items with CSL variable names.
// Also the hub's bridge for BibTeX, which citation-js converts to CSL.
import { addUnmapped, normalizeDoi, normalizePmid } from '../fields.js';
import { emptyRecord, type BibRecord } from '../record.js';
import type { Problem } from '../tagged.js';
import type { ParsedFile, ParsedRecord } from './types.js';

type CslName = { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string; 'dropping-particle'?: string; suffix?: string };
export type CslItem = Record<string, unknown> & { id?: string | number; type?: string };

const TO_RIS: Record<string, string> = {
  'article-journal': 'JOUR',
  article: 'GEN',
  'paper-conference': 'CONF',
  book: 'BOOK',
  chapter: 'CHAP',
  thesis: 'THES',
  report: 'RPRT',
  webpage: 'ELEC',
  'article-newspaper': 'NEWS',
  'article-magazine': 'MGZN',
  manuscript: 'UNPB',
  document: 'GEN',
};
const FROM_RIS: Record<string, string> = {
  JOUR: 'article-journal', EJOUR: 'article-journal', ABST: 'article-journal', CONF: 'paper-conference', CPAPER: 'paper-conference',
  BOOK: 'book', CHAP: 'chapter', THES: 'thesis', RPRT: 'report', ELEC: 'webpage', NEWS: 'article-newspaper', MGZN: 'article-magazine',
  UNPB: 'manuscript', GEN: 'document', SER: 'book',
};

/** CSL variables the hub reads; anything else is reported as unmapped. */
const KNOWN = new Set([
  'id', 'type', 'title', 'author', 'issued', 'container-title', 'collection-title', 'container-title-short', 'journalAbbreviation', 'volume', 'issue',
  'page', 'number', 'collection-number', 'DOI', 'PMID', 'abstract', 'keyword', 'ISSN', 'URL', 'language', 'publisher', 'citation-key',
]);

const str = (v: unknown): string | null => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim());

function nameOf(n: CslName): string | null {
  if (n.literal) return n.literal.trim();
  const family = [n['dropping-particle'], n['non-dropping-particle'], n.family].map((p) => p?.trim()).filter(Boolean).join(' ') || null;
  const given = [n.given, n.suffix].map((p) => p?.trim()).filter(Boolean).join(', ') || null;
  if (family && given) return `${family}, ${given}`;
  return family ?? given;
}

export function fromCsl(item: CslItem, fallbackId: string, unmapped: Record<string, number>): BibRecord {
  const r = emptyRecord(str(item.id) ?? fallbackId);
  for (const key of Object.keys(item)) if (!KNOWN.has(key)) addUnmapped(unmapped, key);
  r.type = TO_RIS[String(item.type ?? '')] ?? 'GEN';
  r.title = str(item.title);
  r.authors = Array.isArray(item.author) ? (item.author as CslName[]).map(nameOf).filter((a): a is string => a !== null) : [];
  const issued = item.issued as { 'date-parts'?: unknown[][]; raw?: string; literal?: string } | undefined;
  const year = issued?.['date-parts']?.[0]?.[0] ?? issued?.raw ?? issued?.literal;
  r.year = year !== undefined && /^\d{4}/.test(String(year)) ? Number(String(year).slice(0, 4)) : null;
  r.journal = str(item['container-title']) ?? str(item['collection-title']);
  r.journalAbbrev = str(item['container-title-short']) ?? str(item.journalAbbreviation);
  r.volume = str(item.volume);
  r.issue = str(item.issue) ?? str(item.number) ?? str(item['collection-number']);
  r.pages = str(item.page);
  r.doi = normalizeDoi(str(item.DOI));
  r.pmid = normalizePmid(str(item.PMID));
  r.abstract = str(item.abstract);
  r.keywords = typeof item.keyword === 'string' ? item.keyword.split(/\s*[;,]\s*/).filter(Boolean) : [];
  r.issn = typeof item.ISSN === 'string' ? item.ISSN.split(/[\s,;]+/).filter(Boolean) : [];
  r.urls = str(item.URL) ? [str(item.URL)!] : [];
  r.language = str(item.language);
  r.publisher = str(item.publisher);
  return r;
}

export function toCsl(r: BibRecord): CslItem {
  const item: CslItem = { id: r.id, type: FROM_RIS[r.type] ?? 'document' };
  const put = (key: string, value: unknown) => {
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) item[key] = value;
  };
  put('title', r.title);
  put('author', r.authors.map((a) => {
    const comma = a.indexOf(', ');
    return comma > 0 ? { family: a.slice(0, comma), given: a.slice(comma + 2) } : { literal: a };
  }));
  if (r.year !== null) item.issued = { 'date-parts': [[r.year]] };
  put('container-title', r.journal);
  put('container-title-short', r.journalAbbrev);
  put('volume', r.volume);
  put('issue', r.issue);
  put('page', r.pages);
  put('DOI', r.doi);
  put('PMID', r.pmid);
  put('abstract', r.abstract);
  if (r.keywords.length) item.keyword = r.keywords.join('; ');
  if (r.issn.length) item.ISSN = r.issn.join(' ');
  if (r.urls.length) item.URL = r.urls[0];
  put('language', r.language);
  put('publisher', r.publisher);
  return item;
}

/** Line of a character offset, for messages. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** JSON.parse with the error turned into a Problem on the line where parsing stopped. */
/** The deepest nesting a bibliographic JSON file may have (CSL-JSON needs about 4 levels). */
export const MAX_JSON_DEPTH = 64;

/** How deeply arrays and objects nest in a parsed JSON value, counted without recursion. */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

export function parseJsonText(text: string): { data: unknown } | { problem: Problem } {
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (jsonDepth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      return { problem: { line: 1, severity: 'error', message: `not valid JSON: nested deeper than ${MAX_JSON_DEPTH} levels, which no bibliographic export does` } };
    return { data };
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    return { problem: { line: m ? lineAt(text, Number(m[1])) : 1, severity: 'error', message: `not valid JSON: ${(error as Error).message}` } };
  }
}

export function parseCslJson(text: string, file: string): ParsedFile {
  const problems: Problem[] = [];
  const unmapped: Record<string, number> = {};
  const parsed = parseJsonText(text);
  if ('problem' in parsed) return { format: 'csljson', records: [], problems: [parsed.problem], unmapped, junkLines: 0 };
  const data = parsed.data;
  const items = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items) ? (data as { items: unknown[] }).items : null;
  if (!items) {
    problems.push({ line: 1, severity: 'error', message: 'expected a CSL-JSON array of items' });
    return { format: 'csljson', records: [], problems, unmapped, junkLines: 0 };
  }
  // Line numbers: where each item's opening brace is (items are top-level objects in the array).
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0, line = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (c === '{' && depth === 1) starts.push(line);
      depth++;
    } else if (c === '}' || c === ']') depth--;
  }
  const records: ParsedRecord[] = items.map((item, i) => {
    const line = starts[i] ?? 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ line, severity: 'error', message: `item ${i + 1} is not an object` });
      return { record: emptyRecord(`${file}#${i + 1}`), line, problem: 'not an object' };
    }
    return { record: fromCsl(item as CslItem, `${file}#${i + 1}`, unmapped), line };
  });
  return { format: 'csljson', records, problems, unmapped, junkLines: 0 };
}

export function writeCslJson(records: readonly BibRecord[]): string {
  return JSON.stringify(records.map(toCsl), null, 2) + '\n';
}
