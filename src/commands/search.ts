// npa search pubmed: run the saved PubMed strategy for the update's date window; records into the workspace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { displayPath, REVIEW_FILE } from '../load/paths.js';
import type { OnlineFlags } from '../online/config.js';
import { recordSearch, SEARCH_LOG_FILE } from '../online/search-log.js';
import { savedSearch, searchPubmed, type DateType } from '../online/search.js';
import { networkSummary, openSession } from '../online/session.js';

export interface SearchOptions extends OnlineFlags {
  data: string;
  from?: string;
  to?: string;
  datetype: DateType;
  who?: string;
  json: boolean;
  today?: string;
  pageSize?: number;
}

function isoDate(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD).`);
  return value;
}

export async function runSearchPubmed(options: SearchOptions, io: Io): Promise<number> {
  const { config, client } = openSession(options.data, options, io, 'npa search pubmed');
  await loadValidDataset(options.data, io.env);
  const review = JSON.parse(readFileSync(join(options.data, REVIEW_FILE), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  const saved = savedSearch(review);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const from = isoDate('--from', options.from ?? saved.from);
  const to = isoDate('--to', options.to ?? today);
  if (from > to) throw new UsageError(`the date window runs backwards (${from} is after ${to}).`);
  const who = (options.who ?? io.env.USER ?? '').trim();
  if (!who) throw new UsageError('--who: say who ran the search (for the search log).');
  const result = await searchPubmed(client, config, options.data, { strategy: saved.strategy, from, to, datetype: options.datetype, today, now: new Date().toISOString(), who, pageSize: options.pageSize ?? (Number(io.env.NPA_ESEARCH_PAGE) || undefined) }, (l) => io.stderr(`npa: ${l}\n`));
  const m = result.manifest;
  const entry = result.cachedAt ? null : recordSearch(options.data, m);
  if (options.json) {
    io.stdout(JSON.stringify({ ...m, pmids: undefined, manifest: result.manifestFile, log_entry: entry ? entry.n : null, missing: result.missing, compared: result.compared }, null, 2) + '\n');
  } else {
    io.stdout(`PubMed, ${m.datetype} ${m.from}..${m.to}: ${m.count} records${entry ? `, ${m.records} fetched into ${m.file}` : ''}\n`);
    io.stdout(`query as PubMed ran it: ${m.translation || '(no translation returned)'}\n`);
    io.stdout(`sha256 ${m.sha256}\n`);
    for (const c of result.compared) {
      io.stdout(`against the run of ${c.date_searched} (${c.file}), same query and window: ${c.appeared.length} appeared, ${c.vanished.length} vanished\n`);
      if (c.appeared.length) io.stdout(`  appeared: ${c.appeared.join(', ')}\n`);
      if (c.vanished.length) io.stdout(`  vanished: ${c.vanished.join(', ')}\n`);
    }
  }
  if (result.cachedAt) io.stderr(`npa: this is PubMed's cached answer of ${result.cachedAt.slice(0, 10)}, not a new search: nothing was written or logged. Add --refresh to run the search again.\n`);
  if (result.missing.length) io.stderr(`npa: EFetch returned no record for ${result.missing.length} PMID(s): ${result.missing.slice(0, 10).join(', ')}${result.missing.length > 10 ? ', …' : ''}.\n`);
  if (entry) io.stderr(`search log: entry ${entry.n} in ${displayPath(join(options.data, SEARCH_LOG_FILE))}; manifest ${result.manifestFile}. Next: npa screen add ${join(options.data, m.file)} --data ${options.data}\n`);
  io.stderr(`${networkSummary(client)}\n`);
  return 0;
}
