// Crossref's REST API: a work by DOI (/works/DOI) and the bibliographic query (/works?query.bibliographic=).
// The envelope {status, message-type, message} and the work fields (DOI, title[], container-title[],
// author[{family, given, sequence}], published/issued {date-parts}, volume, page, score) are documented at
// https://api.crossref.org/swagger-ui/index.html and https://github.com/CrossRef/rest-api-doc (api_format.md);
// update metadata (update-to on a notice, updated-by on the work it updates, with source
// "retraction-watch" for Retraction Watch's records) at https://crossref.gitlab.io/tutorials/get-rw-metadata/
// and https://community.crossref.org/t/deprecating-retraction-watch-annotations-in-the-labs-api/15884.
import { MalformedAnswer, type OnlineClient } from './http.js';
import { crossrefParams, url, type OnlineConfig } from './config.js';

export interface CrossrefUpdate {
  DOI: string;
  type: string;
  label?: string;
  source?: string;
  date: string | null;
  recordId?: string;
}

export interface CrossrefWork {
  doi: string;
  title: string | null;
  journal: string | null;
  year: number | null;
  volume: string | null;
  page: string | null;
  firstAuthor: string | null;
  score: number | null;
  type: string | null;
  /** Notices this work is (update-to: it updates these DOIs). */
  updateTo: CrossrefUpdate[];
  /** Notices about this work (updated-by), Retraction Watch's included. */
  updatedBy: CrossrefUpdate[];
}

const first = (v: unknown): string | null => (Array.isArray(v) && typeof v[0] === 'string' && v[0].trim() ? v[0].trim() : typeof v === 'string' && v.trim() ? v.trim() : null);

function dateOf(v: unknown): string | null {
  const parts = (v as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (!Array.isArray(parts) || typeof parts[0] !== 'number') return null;
  return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-');
}

function updates(v: unknown): CrossrefUpdate[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new MalformedAnswer('update-to/updated-by is not a list');
  return v.map((u) => {
    const o = u as Record<string, unknown>;
    if (typeof o.DOI !== 'string' || typeof o.type !== 'string') throw new MalformedAnswer('an update entry lacks DOI or type');
    return {
      DOI: o.DOI.toLowerCase(),
      type: o.type,
      ...(typeof o.label === 'string' ? { label: o.label } : {}),
      ...(typeof o.source === 'string' ? { source: o.source } : {}),
      date: dateOf(o.updated),
      ...(o['record-id'] !== undefined ? { recordId: String(o['record-id']) } : {}),
    };
  });
}

export function readWork(item: unknown): CrossrefWork {
  const w = item as Record<string, unknown>;
  if (!w || typeof w.DOI !== 'string') throw new MalformedAnswer('a work has no DOI');
  const authors = Array.isArray(w.author) ? (w.author as Record<string, unknown>[]) : [];
  const lead = authors.find((a) => a.sequence === 'first') ?? authors[0];
  const year = dateOf(w.issued) ?? dateOf(w.published) ?? dateOf(w['published-print']) ?? dateOf(w['published-online']);
  return {
    doi: w.DOI.toLowerCase(),
    title: first(w.title),
    journal: first(w['container-title']),
    year: year ? Number(year.slice(0, 4)) : null,
    volume: typeof w.volume === 'string' ? w.volume : null,
    page: typeof w.page === 'string' ? w.page : null,
    firstAuthor: lead ? (typeof lead.family === 'string' ? `${lead.family}${typeof lead.given === 'string' ? `, ${lead.given}` : ''}` : typeof lead.name === 'string' ? lead.name : null) : null,
    score: typeof w.score === 'number' ? w.score : null,
    type: typeof w.type === 'string' ? w.type : null,
    updateTo: updates(w['update-to']),
    updatedBy: updates(w['updated-by']),
  };
}

function envelope(body: string, expected: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedAnswer('answer is not JSON');
  }
  const o = json as { status?: unknown; 'message-type'?: unknown; message?: unknown };
  if (o.status !== 'ok' || o['message-type'] !== expected || !o.message || typeof o.message !== 'object')
    throw new MalformedAnswer(`expected {"status":"ok","message-type":"${expected}","message":{...}}`);
  return o.message as Record<string, unknown>;
}

/** One work by DOI; null when Crossref does not know the DOI (HTTP 404). */
export async function crossrefWork(client: OnlineClient, config: OnlineConfig, doi: string): Promise<CrossrefWork | null> {
  const target = url(config.crossref, `works/${encodeURIComponent(doi)}`, crossrefParams(config));
  const { value } = await client.get(target, config.crossrefSingle, (body, answer) => (answer.status === 404 ? null : readWork(envelope(body, 'work'))), 'single');
  return value;
}

/** The bibliographic query (a reference string); the best `rows` works with Crossref's relevance score. */
export async function crossrefQuery(client: OnlineClient, config: OnlineConfig, reference: string, rows = 5): Promise<CrossrefWork[]> {
  const target = url(config.crossref, 'works', { 'query.bibliographic': reference, rows: String(rows), ...crossrefParams(config) });
  const { value } = await client.get(
    target,
    config.crossrefList,
    (body) => {
      const message = envelope(body, 'work-list');
      if (!Array.isArray(message.items)) throw new MalformedAnswer('work-list has no items');
      return message.items.map(readWork);
    },
    'list',
  );
  return value;
}

export const crossrefRecordUrl = (doi: string) => `https://api.crossref.org/works/${doi}`;
