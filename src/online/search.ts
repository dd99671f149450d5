// npa search pubmed: the strategy saved in review.json run through ESearch with a date window, the records
// fetched in MEDLINE format into DIR/searches/, a manifest beside them (query as PubMed translated it, the
// PMIDs, count, window, sha256), and a search-log entry. Run again with the same window, it lists the
// records that appeared or vanished since an earlier run of the same query and window.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import type { OnlineConfig } from './config.js';
import type { OnlineClient } from './http.js';
import { efetchMedline, esearch } from './pubmed.js';

export const SEARCH_DIR = 'searches';
export const DATE_TYPES = ['edat', 'pdat', 'mdat'] as const;
export type DateType = (typeof DATE_TYPES)[number];

export interface SavedSearch {
  strategy: string;
  /** The window's start: --from, else review.json last_search, else search_date. */
  from: string;
}

/** The PubMed strategy and the last search date from review.json (read as JSON: the fields are optional). */
export function savedSearch(review: Record<string, unknown>): SavedSearch {
  const strategies = (review.search_strategies ?? {}) as Record<string, { strategy?: unknown }>;
  const key = Object.keys(strategies).find((k) => k.toLowerCase() === 'pubmed' || k.toLowerCase() === 'medline (pubmed)');
  const strategy = key ? strategies[key]?.strategy : undefined;
  if (typeof strategy !== 'string' || !strategy.trim())
    throw new UsageError('review.json has no saved PubMed strategy. Add it as "search_strategies": {"PubMed": {"strategy": "..."}} (the query exactly as it is typed into PubMed).');
  const from = typeof review.last_search === 'string' ? review.last_search : typeof review.search_date === 'string' ? review.search_date : '';
  return { strategy: strategy.trim(), from };
}

export interface Manifest {
  database: 'PubMed';
  interface: string;
  strategy: string;
  translation: string;
  datetype: DateType;
  from: string;
  to: string;
  count: number;
  pmids: string[];
  file: string;
  sha256: string;
  records: number;
  date_searched: string;
  when: string;
  who: string;
}

export interface SearchResult {
  manifest: Manifest;
  /** Null when nothing was written (the answer came from the cache). */
  manifestFile: string | null;
  /** Earlier runs of the same strategy, date type and window, with the PMIDs that appeared and vanished since. */
  compared: { file: string; date_searched: string; appeared: string[]; vanished: string[] }[];
  missing: string[];
  /** Set when PubMed's answer came from the cache (fetched then), not from a new search. */
  cachedAt: string | null;
}

const slash = (d: string) => d.replace(/-/g, '/');

function earlierRuns(dir: string, m: Manifest, self: string): SearchResult['compared'] {
  const folder = join(dir, SEARCH_DIR);
  const out: SearchResult['compared'] = [];
  for (const f of readdirSync(folder).filter((f) => f.endsWith('.json') && f !== self).sort()) {
    let old: Manifest;
    try {
      old = JSON.parse(readFileSync(join(folder, f), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (old.database !== 'PubMed' || old.strategy !== m.strategy || old.datetype !== m.datetype || old.from !== m.from || old.to !== m.to || !Array.isArray(old.pmids)) continue;
    const before = new Set(old.pmids);
    const now = new Set(m.pmids);
    out.push({ file: `${SEARCH_DIR}/${f}`, date_searched: old.date_searched, appeared: m.pmids.filter((p) => !before.has(p)), vanished: old.pmids.filter((p) => !now.has(p)) });
  }
  return out;
}

export async function searchPubmed(
  client: OnlineClient,
  config: OnlineConfig,
  dir: string,
  o: { strategy: string; from: string; to: string; datetype: DateType; today: string; now: string; who: string; pageSize?: number },
  progress?: (line: string) => void,
): Promise<SearchResult> {
  const found = await esearch(client, config, o.strategy, { mindate: slash(o.from), maxdate: slash(o.to), datetype: o.datetype, pageSize: o.pageSize });
  progress?.(`PubMed: ${found.count} records; fetching them in MEDLINE format`);
  const records = await efetchMedline(client, config, found.ids);
  const missing = found.ids.filter((id) => !records.has(id));
  const text = found.ids.filter((id) => records.has(id)).map((id) => records.get(id)!.text).join('\n');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const cachedAt = found.cachedAt ?? null;
  // Each new search gets its own files (run-DATE, run-DATE-2, ...); a cached answer is not a new search:
  // it is reported, and nothing is written.
  let base = `pubmed_${o.from}_${o.to}_${o.datetype}_run-${o.today}`;
  for (let n = 2; existsSync(join(dir, SEARCH_DIR, `${base}.nbib`)) || existsSync(join(dir, SEARCH_DIR, `${base}.json`)); n++) base = `pubmed_${o.from}_${o.to}_${o.datetype}_run-${o.today}-${n}`;
  const file = `${SEARCH_DIR}/${base}.nbib`;
  const manifest: Manifest = {
    database: 'PubMed',
    interface: 'NCBI E-utilities (ESearch, EFetch MEDLINE)',
    strategy: o.strategy,
    translation: found.translation,
    datetype: o.datetype,
    from: o.from,
    to: o.to,
    count: found.count,
    pmids: found.ids,
    file,
    sha256,
    records: records.size,
    date_searched: o.today,
    when: o.now,
    who: o.who,
  };
  const manifestFile = `${base}.json`;
  mkdirSync(join(dir, SEARCH_DIR), { recursive: true });
  if (!cachedAt) {
    writeFileAtomic(join(dir, file), text);
    writeFileAtomic(join(dir, SEARCH_DIR, manifestFile), JSON.stringify(manifest, null, 2) + '\n');
  }
  return { manifest, manifestFile: cachedAt ? null : `${SEARCH_DIR}/${manifestFile}`, compared: earlierRuns(dir, manifest, manifestFile), missing, cachedAt };
}
