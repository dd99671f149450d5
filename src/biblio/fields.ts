// Mapping helpers shared by the format modules: each format declares a table tag → setter,
// and these functions turn raw values into hub fields.
import { type BibRecord, yearOf } from './record.js';

export type Setter = (record: BibRecord, value: string) => void;

/** DOIs are case-insensitive (DOI Handbook 2.4): npa keeps the case it was given and compares without it. */
export function sameDoi(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a) && Boolean(b) && a!.toLowerCase() === b!.toLowerCase();
}

/** Everything after the first DOI-looking part: strips https://doi.org/, doi:, trailing punctuation. */
export function normalizeDoi(value: string | null | undefined): string | null {
  if (!value) return null;
  let text = value.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    /* not URI-encoded */
  }
  const m = /(10\.\d{4,9}\/\S+)/.exec(text);
  if (!m) return null;
  return m[1]!.replace(/[.,;)\]]+$/, '').replace(/\s*\[doi\]$/i, '');
}

export function normalizePmid(value: string | null | undefined): string | null {
  const m = value ? /^\s*(?:pmid:?\s*)?(\d{1,9})\s*$/i.exec(value) : null;
  return m ? String(Number(m[1])) : null;
}

const firstWins = (key: keyof BibRecord) => (record: BibRecord, value: string) => {
  const text = value.trim();
  if (text && (record[key] === null || record[key] === undefined)) (record as unknown as Record<string, unknown>)[key] = text;
};
const push = (key: 'authors' | 'keywords' | 'issn' | 'urls') => (record: BibRecord, value: string) => {
  const text = value.trim();
  if (text) record[key].push(text);
};

export const set = {
  title: firstWins('title'),
  journal: firstWins('journal'),
  journalAbbrev: firstWins('journalAbbrev'),
  volume: firstWins('volume'),
  issue: firstWins('issue'),
  pages: firstWins('pages'),
  abstract: firstWins('abstract'),
  language: firstWins('language'),
  publisher: firstWins('publisher'),
  author: push('authors'),
  keyword: push('keywords'),
  url: push('urls'),
  issn: (record: BibRecord, value: string) => {
    for (const part of value.split(/[\s;,]+/)) {
      const m = /^(\d{4}-?\d{3}[\dxX])/.exec(part);
      if (m && !record.issn.includes(m[1]!)) record.issn.push(m[1]!);
    }
  },
  year: (record: BibRecord, value: string) => {
    if (record.year === null) record.year = yearOf(value);
  },
  doi: (record: BibRecord, value: string) => {
    record.doi ??= normalizeDoi(value);
  },
  pmid: (record: BibRecord, value: string) => {
    record.pmid ??= normalizePmid(value);
  },
} satisfies Record<string, Setter>;

/** A field that is read but deliberately not kept (for example RIS ER, or the end page handled with SP). */
export const handled: Setter = () => {};

export function addUnmapped(unmapped: Record<string, number>, tag: string): void {
  unmapped[tag] = (unmapped[tag] ?? 0) + 1;
}
