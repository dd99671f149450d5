// PubMed through NCBI's E-utilities: ECitMatch (citation → PMID), ESearch (query → PMIDs, paged),
// EFetch (PMIDs → MEDLINE text). Shapes as documented in "The E-utilities In-Depth: Parameters, Syntax
// and More", https://www.ncbi.nlm.nih.gov/books/NBK25499/ (sections ESearch, EFetch, ECitMatch), and the
// MEDLINE field list https://www.nlm.nih.gov/bsd/mms/medlineelements.html.
import type { BibRecord } from '../biblio/record.js';
import { MEDLINE_SPEC, parseMedline } from '../biblio/formats/medline.js';
import { splitLines } from '../biblio/lines.js';
import { readTagged } from '../biblio/tagged.js';
import { UsageError } from '../errors.js';
import { MalformedAnswer, type OnlineClient } from './http.js';
import { ncbiParams, url, type OnlineConfig } from './config.js';

export interface Citation {
  journal: string;
  year: string;
  volume: string;
  firstPage: string;
  author: string;
  key: string;
}

export type CitMatch = { status: 'found'; pmid: string } | { status: 'ambiguous'; pmids: string[] } | { status: 'not_found' };

/**
 * ECitMatch: one citation string `journal|year|volume|first_page|author|key|`; the answer repeats it with
 * the PMID appended (NBK25499, "ECitMatch"). A miss is answered NOT_FOUND and several matches
 * "AMBIGUOUS pmid,pmid" (not in NCBI's page; seen in client libraries, e.g.
 * https://github.com/cyanheads/pubmed-mcp-server/issues/25): both read here, anything else is malformed.
 */
export async function ecitmatch(client: OnlineClient, config: OnlineConfig, c: Citation): Promise<CitMatch> {
  const clean = (s: string) => s.replace(/[|\r\n]/g, ' ').trim().toLowerCase();
  const bdata = `${[c.journal, c.year, c.volume, c.firstPage, c.author, c.key].map(clean).join('|')}|`;
  const target = url(config.eutils, 'ecitmatch.cgi', { db: 'pubmed', retmode: 'xml', bdata, ...ncbiParams(config) });
  const { value } = await client.get(target, config.ncbi, (body) => {
    const lines = body.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const line = lines.find((l) => l.split('|')[5]?.trim() === clean(c.key));
    if (!line) throw new MalformedAnswer(`no line for key "${c.key}" in the ECitMatch answer (expected journal|year|volume|page|author|key|PMID)`);
    const result = (line.split('|')[6] ?? '').trim();
    if (/^\d{1,9}$/.test(result)) return { status: 'found', pmid: result } as CitMatch;
    const amb = /^AMBIGUOUS\s+([\d,\s]+)/i.exec(result);
    if (amb) return { status: 'ambiguous', pmids: amb[1]!.split(/[,\s]+/).filter(Boolean) } as CitMatch;
    if (result === '' || /^NOT_FOUND/i.test(result)) return { status: 'not_found' } as CitMatch;
    throw new MalformedAnswer(`unexpected ECitMatch result "${result.slice(0, 60)}"`);
  });
  return value;
}

/** A query larger than ESearch serves (10,000 PMIDs): the user narrows it. */
export class TooManyResults extends UsageError {
  override name = 'TooManyResults';
}

export interface SearchPage {
  count: number;
  ids: string[];
  translation: string;
  /** When the first page came from the cache: the time it was fetched. */
  cachedAt?: string | null;
}

/** ESearch (retmode=json): esearchresult.count, .idlist, .querytranslation (NBK25499, "ESearch"). */
function readSearch(body: string): SearchPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedAnswer('ESearch answer is not JSON');
  }
  const r = (json as { esearchresult?: Record<string, unknown> }).esearchresult;
  if (!r || typeof r !== 'object') throw new MalformedAnswer('ESearch answer has no esearchresult');
  if (typeof r.ERROR === 'string') throw new MalformedAnswer(`ESearch error: ${r.ERROR}`);
  const count = Number(r.count);
  if (!Number.isInteger(count) || count < 0 || !Array.isArray(r.idlist) || !r.idlist.every((id) => typeof id === 'string' && /^\d+$/.test(id)))
    throw new MalformedAnswer('ESearch answer lacks a count or an idlist of PMIDs');
  return { count, ids: r.idlist as string[], translation: typeof r.querytranslation === 'string' ? r.querytranslation : '' };
}

export interface SearchOptions {
  /** ESearch date limits, YYYY/MM/DD, with the date type (edat: added to PubMed; pdat: publication). */
  mindate?: string;
  maxdate?: string;
  datetype?: string;
  /** PMIDs per ESearch page (default 500; PubMed serves at most the first 10,000 of a query). */
  pageSize?: number;
  /** Stop after this many PMIDs (lookup asks for a few candidates only). */
  max?: number;
}

/** Every PMID of a query, page by page (retstart/retmax). */
export async function esearch(client: OnlineClient, config: OnlineConfig, term: string, options: SearchOptions = {}): Promise<SearchPage> {
  const pageSize = options.pageSize ?? 500;
  const ids: string[] = [];
  let count = 0;
  let translation = '';
  let cachedAt: string | null = null;
  for (let start = 0; ; start += pageSize) {
    const retmax = options.max !== undefined ? Math.min(pageSize, options.max - ids.length) : pageSize;
    const params: Record<string, string> = { db: 'pubmed', term, retmode: 'json', retstart: String(start), retmax: String(retmax), ...ncbiParams(config) };
    if (options.mindate || options.maxdate) Object.assign(params, { datetype: options.datetype ?? 'edat', mindate: options.mindate ?? '1800/01/01', maxdate: options.maxdate ?? '3000/12/31' });
    const { value, cached, answer } = await client.get(url(config.eutils, 'esearch.fcgi', params), config.ncbi, readSearch);
    if (start === 0) {
      count = value.count;
      translation = value.translation;
      cachedAt = cached ? answer.fetched : null;
      if (options.max === undefined && count > 10_000)
        throw new TooManyResults(`the query finds ${count} records; PubMed's ESearch serves only the first 10,000. Narrow the date window (--from/--to)`);
    } else if (value.count !== count) {
      throw new MalformedAnswer(`the PubMed count changed between pages (${count}, then ${value.count}); run again`);
    }
    ids.push(...value.ids);
    const wanted = options.max !== undefined ? Math.min(count, options.max) : count;
    if (ids.length >= wanted || value.ids.length === 0) break;
  }
  return { count, ids, translation, cachedAt };
}

export interface PubmedRecord {
  pmid: string;
  record: BibRecord;
  /** Every MEDLINE field in order: PT, RIN, EIN, ECI, ... (tag, value). */
  fields: [string, string][];
  /** The record's MEDLINE text as fetched. */
  text: string;
}

/** EFetch rettype=medline retmode=text: records separated by blank lines, each opening with "PMID- ". */
export function readMedline(body: string): PubmedRecord[] {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() && !/^\s*PMID- /.test(text)) throw new MalformedAnswer(`EFetch answer is not MEDLINE text (starts "${text.trim().slice(0, 40)}")`);
  const raw = readTagged(splitLines(text), MEDLINE_SPEC, (r) => r);
  if (raw.problems.some((p) => p.severity === 'error')) throw new MalformedAnswer(`EFetch MEDLINE text is damaged (line ${raw.problems[0]!.line}: ${raw.problems[0]!.message})`);
  const parsed = parseMedline(splitLines(text), 'efetch');
  const chunks = text.split(/\r?\n\s*\r?\n(?=PMID- )/);
  return raw.records.map((r, i) => ({
    pmid: String(Number(r.fields[0]![1])),
    record: parsed.records[i]!.record,
    fields: r.fields,
    text: `${(chunks[i] ?? '').trim()}\n`,
  }));
}

/** MEDLINE records for PMIDs, 200 to a request (each batch cached on its own, so a failure resumes). */
export async function efetchMedline(client: OnlineClient, config: OnlineConfig, pmids: readonly string[], batch = 200): Promise<Map<string, PubmedRecord>> {
  const out = new Map<string, PubmedRecord>();
  for (let i = 0; i < pmids.length; i += batch) {
    const ids = pmids.slice(i, i + batch);
    const target = url(config.eutils, 'efetch.fcgi', { db: 'pubmed', id: ids.join(','), rettype: 'medline', retmode: 'text', ...ncbiParams(config) });
    const { value } = await client.get(target, config.ncbi, readMedline);
    for (const r of value) out.set(r.pmid, r);
  }
  return out;
}

export const pubmedRecordUrl = (pmid: string) => `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`;
