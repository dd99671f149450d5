// The search-log entry of `npa search pubmed`, through the search log of `npa screen add` (issue 11 §2,
// src/screening/store.ts): one more row of DIR/searches.csv, written by the log's own commit().
import { commit, readSearches, searchesCsv, SEARCH_LOG_FILE, type SearchEntry } from '../screening/store.js';
import type { Manifest } from './search.js';

export { SEARCH_LOG_FILE };

/** Appends one entry; the strategy column holds the query as PubMed translated it (as run). */
export function recordSearch(dir: string, m: Manifest): SearchEntry {
  const entries = readSearches(dir);
  const entry: SearchEntry = {
    n: entries.reduce((max, e) => Math.max(max, e.n || 0), 0) + 1,
    database: 'PubMed',
    interface: m.interface,
    date_searched: m.date_searched,
    strategy: m.translation || m.strategy,
    limits: `${m.datetype} ${m.from}..${m.to} (saved strategy: ${m.strategy})`,
    file: m.file,
    sha256: m.sha256,
    records: m.records,
    new_records: 0,
    who: m.who,
    when: m.when,
    forced: '',
  };
  commit(dir, [{ file: SEARCH_LOG_FILE, content: searchesCsv([...entries, entry]) }]);
  return entry;
}
