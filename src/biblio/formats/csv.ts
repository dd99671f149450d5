// CSV exports (Lens.org, Scopus, Web of Science, Covidence, reference managers, npa itself):
// columns are recognised by common names, case- and punctuation-insensitively; a table, not an if-chain.
import { readCsv } from '../../load/read-csv.js';
import { csvText } from '../../format/csv.js';
import { addUnmapped, normalizeDoi, normalizePmid } from '../fields.js';
import { emptyRecord, joinPages, yearOf, type BibRecord } from '../record.js';
import type { Problem } from '../tagged.js';
import type { ParsedFile, ParsedRecord } from './types.js';
import { guardFormula, unguardFormula } from '../../format/tabular.js';

type Field = 'id' | 'type' | 'title' | 'authors' | 'year' | 'journal' | 'journalAbbrev' | 'volume' | 'issue' | 'pages' | 'startPage' | 'endPage'
  | 'doi' | 'pmid' | 'abstract' | 'keywords' | 'issn' | 'urls' | 'language' | 'publisher' | 'booktitle' | 'editors' | 'isbn' | 'institution';

const ALIASES: Record<Field, string[]> = {
  id: ['id', 'key', 'recordid', 'record', 'lensid', 'eid', 'accessionnumber', 'ut', 'uniquewosid', 'covidence'],
  type: ['type', 'publicationtype', 'documenttype', 'ty', 'entrytype'],
  title: ['title', 'articletitle', 'documenttitle', 'ti', 'primarytitle'],
  authors: ['authors', 'author', 'authors/', 'au', 'authorfullnames', 'authornames', 'creators'],
  year: ['year', 'publicationyear', 'py', 'pubyear', 'date', 'datepublished', 'publicationdate'],
  journal: ['journal', 'sourcetitle', 'source', 'journaltitle', 'publicationtitle', 'secondarytitle', 'containertitle', 'jo', 't2', 'so'],
  journalAbbrev: ['journalabbreviation', 'journalabbrev', 'abbreviatedsourcetitle', 'isoabbreviation', 'shortjournal', 'j2', 'ta'],
  volume: ['volume', 'vl', 'vol'],
  issue: ['issue', 'number', 'issuenumber', 'is', 'no'],
  pages: ['pages', 'page', 'pagerange', 'pg', 'articlenumber', 'artno'],
  startPage: ['startpage', 'pagestart', 'sp', 'bp', 'beginningpage'],
  endPage: ['endpage', 'pageend', 'ep'],
  doi: ['doi', 'do', 'di'],
  pmid: ['pmid', 'pubmedid', 'pubmed', 'pm'],
  abstract: ['abstract', 'ab', 'abstractnote'],
  keywords: ['keywords', 'keyword', 'authorkeywords', 'kw', 'de'],
  issn: ['issn', 'issns', 'sn'],
  urls: ['url', 'urls', 'link', 'sourceurls', 'externalurl', 'ur'],
  language: ['language', 'la', 'languageoforiginaldocument'],
  publisher: ['publisher', 'pb', 'pu'],
  // BibTeX-style columns (bib-dedupe, CoLRev, Zotero CSV): the proceedings or book a paper appeared in.
  booktitle: ['booktitle', 'proceedingstitle', 'conferencename', 'booktitlet2'],
  editors: ['editor', 'editors'],
  isbn: ['isbn', 'isbns'],
  institution: ['institution', 'school'],
};

const squash = (name: string) => name.toLowerCase().replace(/[\s_\-.()/]+/g, '');
const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(ALIASES) as [Field, string[]][]) for (const n of names) LOOKUP.set(squash(n), field);


const list = (cell: string) => cell.split(/\s*;\s*|\s*\|\s*/).map((s) => s.trim()).filter(Boolean);
/** A name list: `;` or `|` separated, or BibTeX's ` and ` ("Last, F and Last, F"). */
const names = (cell: string) => list(cell).flatMap((a) => a.split(/\s+and\s+(?=\S)/).map((s) => s.trim()).filter(Boolean));

export function parseCsvRecords(text: string, file: string): ParsedFile {
  const problems: Problem[] = [];
  const unmapped: Record<string, number> = {};
  const table = readCsv(text, file, { delimiter: detectDelimiter(text) });
  for (const issue of table.issues) problems.push({ line: issue.line ?? 1, severity: 'error', message: issue.message });
  const { header, rows } = table;
  if (!header.length) return { format: 'csv', records: [], problems, unmapped, junkLines: 0 };
  const mapping = header.map((name) => LOOKUP.get(squash(name)) ?? null);
  if (!mapping.includes('title')) problems.push({ line: 1, severity: 'error', message: `no title column (looked for: ${ALIASES.title.join(', ')})` });
  const records: ParsedRecord[] = rows.map(({ record: row, line }, i) => {
    const r = emptyRecord(`${file}#${i + 1}`);
    let start: string | null = null;
    let end: string | null = null;
    let booktitle: string | null = null;
    header.forEach((name, j) => {
      const field = mapping[j];
      const cell = unguardFormula((row[name] ?? '').trim());
      if (!field) {
        if (cell) addUnmapped(unmapped, name);
        return;
      }
      if (!cell) return;
      switch (field) {
        case 'id': r.id = cell; break;
        case 'type': r.type = typeFromCsv(cell); break;
        case 'authors': r.authors = names(cell); break;
        case 'editors': r.editors = names(cell); break;
        case 'isbn': r.isbn = list(cell).map((x) => x.replace(/[^0-9Xx]/g, '').toUpperCase()).filter(Boolean); break;
        case 'booktitle': booktitle = cell; break;
        case 'year': r.year ??= yearOf(cell); break;
        case 'startPage': start = cell; break;
        case 'endPage': end = cell; break;
        case 'doi': r.doi = normalizeDoi(cell); break;
        case 'pmid': r.pmid = normalizePmid(cell); break;
        case 'keywords': r.keywords = list(cell); break;
        case 'issn': r.issn = list(cell); break;
        case 'urls': r.urls = list(cell); break;
        default: (r as unknown as Record<string, unknown>)[field] ??= cell;
      }
    });
    if (r.pages === null) r.pages = joinPages(start, end);
    // A paper in proceedings or a book: the book title is where it appeared.
    if (booktitle !== null) {
      if (r.journal === null) r.journal = booktitle;
      else r.booktitle = booktitle;
    }
    return { record: r, line };
  });
  return { format: 'csv', records, problems, unmapped, junkLines: 0 };
}

const RIS_TYPES = new Set(['ABST', 'BOOK', 'CHAP', 'CONF', 'CPAPER', 'EJOUR', 'GEN', 'JOUR', 'RPRT', 'THES', 'ELEC', 'NEWS', 'MGZN', 'SER', 'UNPB']);
function typeFromCsv(cell: string): string {
  const upper = cell.trim().toUpperCase();
  if (RIS_TYPES.has(upper)) return upper;
  const lower = cell.toLowerCase();
  if (lower.includes('conference') || lower.includes('proceeding')) return 'CONF';
  if (lower.includes('chapter') || lower === 'incollection' || lower === 'inbook') return 'CHAP';
  if (lower === 'techreport' || lower === 'manual') return 'RPRT';
  if (lower === 'phdthesis' || lower === 'mastersthesis') return 'THES';
  if (lower === 'misc' || lower === 'unpublished') return 'GEN';
  if (lower.includes('book')) return 'BOOK';
  if (lower.includes('thesis') || lower.includes('dissertation')) return 'THES';
  if (lower.includes('report')) return 'RPRT';
  return 'JOUR';
}

function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 1 ? counts[0]![0] : ',';
}

export const CSV_COLUMNS = ['id', 'type', 'title', 'authors', 'year', 'journal', 'journal_abbreviation', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'keywords', 'issn', 'urls', 'language', 'publisher'] as const;

/** CSV of hub records; formula guard as in `npa list` (a leading ' before = + - @ in text cells). */
export function writeCsvRecords(records: readonly BibRecord[], formulaGuard = true): string {
  const guard = (text: string) => (formulaGuard ? guardFormula(text) : text);
  const rows = records.map((r) =>
    [r.id, r.type, r.title ?? '', r.authors.join('; '), r.year === null ? '' : String(r.year), r.journal ?? '', r.journalAbbrev ?? '', r.volume ?? '', r.issue ?? '', r.pages ?? '',
      r.doi ?? '', r.pmid ?? '', r.abstract ?? '', r.keywords.join('; '), r.issn.join('; '), r.urls.join('; '), r.language ?? '', r.publisher ?? ''].map((c, i) =>
      i === 4 ? c : guard(c),
    ),
  );
  return csvText([[...CSV_COLUMNS], ...rows]);
}
