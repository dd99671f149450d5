// BibTeX writing: special characters escaped, titles in double braces so styles keep their case,
// pages with an en-dash (--), non-ASCII written as UTF-8 (biber and BibTeX 0.99d+ read it).
import { splitPages, type BibRecord } from '../record.js';
import { UniqueIds, letterSuffix } from '../ids.js';
import { foldAccents } from '../../text.js';

const SPECIAL = /[\\{}&%$#_~^]/g;
const ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};
// Also break the ligatures LaTeX makes of -- (en dash), --- (em dash), '' and `` (quotes).
const esc = (text: string) =>
  text
    .replace(SPECIAL, (c) => ESCAPES[c]!)
    .replace(/([-'`])(?=\1)/g, '$1{}')
    .replace(/\s*[\r\n]+\s*/g, ' ');

/** Verbatim fields cannot hold unbalanced braces; those are percent-encoded as in a URL. */
const verbatim = (text: string) => text.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D'));

/** "Family, Given" with the family name braced, so no part of it is read as a particle or split. */
function bibName(author: string): string {
  const comma = author.indexOf(', ');
  return comma > 0 ? `{${esc(author.slice(0, comma))}}, ${esc(author.slice(comma + 2))}` : `{${esc(author)}}`;
}

/** The field that names the container: a journal, the book of a chapter or proceedings, else a series. */
const CONTAINER: Record<string, string> = { JOUR: 'journal', CONF: 'booktitle', CPAPER: 'booktitle', CHAP: 'booktitle' };

const BIB_TYPES: Record<string, string> = { JOUR: 'article', CONF: 'inproceedings', CPAPER: 'inproceedings', BOOK: 'book', CHAP: 'incollection', THES: 'phdthesis', RPRT: 'techreport' };

// Words a title often starts with that say nothing about it; the key takes the first other word.
const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'for', 'and', 'to', 'with', 'at', 'by', 'from', 'is', 'are', 'as', 'or']);

const keyWord = (text: string) => foldAccents(text).replace(/[^a-z0-9]/g, '');

/**
 * The citation key: first author's family name, year, first significant title word, in ASCII lower case
 * (Lévy 2020 "Radiofrequency ablation of …" → levy2020radiofrequency), as Google Scholar and Better
 * BibTeX make them, so keys do not collide with the ones already in a user's library. Without an author
 * the key starts with "anon"; without a year it has none.
 */
export function citeKeyBase(r: BibRecord): string {
  const first = r.authors[0] ?? '';
  const family = keyWord(first.includes(', ') ? first.slice(0, first.indexOf(', ')) : first.split(/\s+/)[0] ?? '') || 'anon';
  const word = (r.title ?? '').split(/[\s\-–—/:;,.]+/).map(keyWord).find((w) => w && !STOP_WORDS.has(w)) ?? '';
  return `${family}${r.year ?? ''}${word}`;
}

export function writeBibtex(records: readonly BibRecord[]): string {
  const keys = new UniqueIds([], letterSuffix);
  return records
    .map((r) => {
      const fields: [string, string | null][] = [
        ['author', r.authors.length ? r.authors.map(bibName).join(' and ') : null],
        ['title', r.title === null ? null : `{${esc(r.title)}}`],
        [CONTAINER[r.type] ?? 'series', r.journal && esc(r.journal)],
        ['shortjournal', r.type === 'JOUR' ? r.journalAbbrev && esc(r.journalAbbrev) : null],
        ['year', r.year === null ? null : String(r.year)],
        ['volume', r.volume && esc(r.volume)],
        ['number', r.issue && esc(r.issue)],
        ['pages', r.pages && splitPages(r.pages).filter((p): p is string => Boolean(p)).map(esc).join('--')],
        // doi and url are verbatim fields in BibLaTeX (and to citation-js): written as they are.
        ['doi', r.doi && verbatim(r.doi)],
        ['pmid', r.pmid],
        ['abstract', r.abstract && esc(r.abstract)],
        ['keywords', r.keywords.length ? esc(r.keywords.join(', ')) : null],
        ['issn', r.issn.length ? esc(r.issn.join(' ')) : null],
        ['url', r.urls[0] ? verbatim(r.urls[0]) : null],
        ['language', r.language && esc(r.language)],
        ['publisher', r.publisher && esc(r.publisher)],
      ];
      const body = fields.filter(([, v]) => v !== null && v !== '').map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
      return `@${BIB_TYPES[r.type] ?? 'misc'}{${keys.claim(citeKeyBase(r))},\n${body}\n}\n`;
    })
    .join('\n');
}
