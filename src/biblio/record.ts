// The hub: one bibliographic record model that every format reads into and writes from.

export interface BibRecord {
  /** The input's own identifier (RIS ID, MEDLINE PMID, BibTeX key, CSL id, CSV id column), or file:number. */
  id: string;
  /** Publication type in RIS vocabulary (JOUR, CONF, ABST, BOOK, CHAP, THES, RPRT, GEN, ...). */
  type: string;
  title: string | null;
  /** "Family, Given" (or just the family name / a collective name) in input order. */
  authors: string[];
  year: number | null;
  journal: string | null;
  journalAbbrev: string | null;
  volume: string | null;
  issue: string | null;
  /** Page range or article number, e.g. "1745-1752" or "e932995". */
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  abstract: string | null;
  keywords: string[];
  issn: string[];
  urls: string[];
  language: string | null;
  publisher: string | null;
  /** Optional fields some exports carry (BibTeX-style CSV): the book or proceedings title when a
   * journal is also given, editors, ISBNs (digits and X only), the institution of a report or thesis. */
  booktitle?: string | null;
  editors?: string[];
  isbn?: string[];
  institution?: string | null;
}

export const emptyRecord = (id: string): BibRecord => ({
  id,
  type: 'JOUR',
  title: null,
  authors: [],
  year: null,
  journal: null,
  journalAbbrev: null,
  volume: null,
  issue: null,
  pages: null,
  doi: null,
  pmid: null,
  abstract: null,
  keywords: [],
  issn: [],
  urls: [],
  language: null,
  publisher: null,
});

/** Where a record came from: for messages and for joining results back to the input. */
export interface Located {
  record: BibRecord;
  file: string;
  /** 1-based line on which the record starts. */
  line: number;
}

/** A first four-digit year in a date string ("2020 Nov", "2014//", "2012-07-03"). */
export function yearOf(text: string | null | undefined): number | null {
  const m = text ? /(?:^|\D)(1[5-9]\d\d|20\d\d)(?!\d)/.exec(text) : null;
  return m ? Number(m[1]) : null;
}

/** Joins start and end page, expanding a shortened end page: 1745 + 52 → "1745-1752". */
export function joinPages(start: string | null, end: string | null): string | null {
  const s = start?.trim() || null;
  const e = end?.trim() || null;
  if (!s) return e;
  if (!e || e === s) return s;
  return `${s}-${expandEndPage(s, e)}`;
}

export function expandEndPage(start: string, end: string): string {
  if (/^\d+$/.test(start) && /^\d+$/.test(end) && end.length < start.length) {
    const full = start.slice(0, start.length - end.length) + end;
    if (Number(full) >= Number(start)) return full;
  }
  return end;
}

/** Splits "1745-52" into ["1745", "1752"]; an article number has no end page. */
export function splitPages(pages: string | null): [string | null, string | null] {
  if (!pages) return [null, null];
  const m = /^\s*([^\s–—-]+)\s*[–—-]+\s*([^\s–—-]+)\s*$/.exec(pages);
  if (!m) return [pages.trim(), null];
  return [m[1]!, expandEndPage(m[1]!, m[2]!)];
}
