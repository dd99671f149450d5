// The search-log entry of `npa search pubmed`, written to DIR/searches.csv in the columns of the search
// log that `npa screen add` keeps (issue 11 §2: n, database, interface, date_searched, strategy, limits,
// file, sha256, records, new_records, who, when, forced). This small writer stands in until that log's
// own functions (src/screening/store.ts: readSearches, searchesCsv, commit) are on main; then
// recordSearch should call them instead of reading and writing the CSV here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../io.js';
import type { Manifest } from './search.js';

export const SEARCH_LOG_FILE = 'searches.csv';
export const SEARCH_LOG_FIELDS = ['n', 'database', 'interface', 'date_searched', 'strategy', 'limits', 'file', 'sha256', 'records', 'new_records', 'who', 'when', 'forced'] as const;

/** Appends one entry; the strategy column holds the query as PubMed translated it (as run). */
export function recordSearch(dir: string, m: Manifest): Record<string, string> {
  const path = join(dir, SEARCH_LOG_FILE);
  const rows: Record<string, string>[] = existsSync(path) ? (parse(readFileSync(path, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[]) : [];
  const header = rows.length ? [...new Set([...SEARCH_LOG_FIELDS, ...Object.keys(rows[0]!)])] : [...SEARCH_LOG_FIELDS];
  const n = rows.reduce((max, r) => Math.max(max, Number(r.n) || 0), 0) + 1;
  const entry: Record<string, string> = {
    n: String(n),
    database: 'PubMed',
    interface: m.interface,
    date_searched: m.date_searched,
    strategy: m.translation || m.strategy,
    limits: `${m.datetype} ${m.from}..${m.to} (saved strategy: ${m.strategy})`,
    file: m.file,
    sha256: m.sha256,
    records: String(m.records),
    new_records: '',
    who: m.who,
    when: m.when,
    forced: '',
  };
  rows.push(entry);
  writeFileAtomic(path, stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))], { record_delimiter: '\n' }));
  return entry;
}
