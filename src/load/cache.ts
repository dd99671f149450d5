// A cache of validated datasets, so that the common commands (summary, list, count) skip loading and
// running the validator when the data have not changed. The key is a SHA-256 of npa's build id and the
// exact bytes of review.json, studies.csv and the optional outcomes.csv and claims.csv: any edit to either, or a new npa build, is a miss, and a
// miss runs the full validation. Only valid datasets are cached. Disable with NPA_NO_CACHE=1.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io.js';
import { settle } from '../io/journal.js';
import type { ValidDataset } from './dataset.js';
import { OPTIONAL_FILES, REVIEW_FILE, STUDIES_FILE } from './paths.js';

declare const __NPA_BUILD_ID__: string;

const KEEP = 8;

/** What is stored: the validated rows (studies with their lines), the review and any warnings. */
interface CacheEntry {
  key: string;
  review: ValidDataset['review'];
  rows: ValidDataset['rows'];
  outcomes: ValidDataset['outcomes'];
  claims: ValidDataset['claims'];
  screening: ValidDataset['screening'];
  issues: ValidDataset['issues'];
}

export function cacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.NPA_NO_CACHE) return null;
  if (env.NPA_CACHE_DIR) return env.NPA_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'npa');
}

function keyOf(dir: string): string | null {
  try {
    const hash = createHash('sha256').update(__NPA_BUILD_ID__).update('\0');
    hash.update(readFileSync(join(dir, REVIEW_FILE))).update('\0');
    hash.update(readFileSync(join(dir, STUDIES_FILE))).update('\0');
    for (const file of OPTIONAL_FILES) {
      hash.update(file).update('\0');
      if (existsSync(join(dir, file))) hash.update(readFileSync(join(dir, file)));
      hash.update('\0');
    }
    return hash.digest('hex');
  } catch {
    return null; // unreadable: the full load reports it properly
  }
}

function prune(cache: string): void {
  const entries = readdirSync(cache)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(join(cache, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP)) unlinkSync(join(cache, f));
}

/** The valid dataset in `dir`, from the cache when its files are unchanged; throws DataError when invalid. */
export async function loadValidDataset(dir: string, env: NodeJS.ProcessEnv): Promise<ValidDataset> {
  settle(dir); // a change a killed process left half-done is finished before anything is read
  const cache = cacheDir(env);
  const key = cache ? keyOf(dir) : null;
  if (cache && key) {
    try {
      const entry = JSON.parse(readFileSync(join(cache, `${key}.json`), 'utf8')) as CacheEntry;
      if (entry.key === key && entry.review && Array.isArray(entry.rows)) {
        return { dir, review: entry.review, rows: entry.rows, studies: entry.rows.map((r) => r.study), outcomes: entry.outcomes ?? [], claims: entry.claims ?? [], screening: entry.screening ?? [], issues: entry.issues };
      }
    } catch {
      /* a miss, or an unreadable entry: validate afresh */
    }
  }
  const { requireValidDataset } = await import('./dataset.js');
  const dataset = requireValidDataset(dir);
  if (cache && key) {
    try {
      mkdirSync(cache, { recursive: true, mode: 0o700 });
      const entry: CacheEntry = { key, review: dataset.review, rows: dataset.rows, outcomes: dataset.outcomes, claims: dataset.claims, screening: dataset.screening, issues: dataset.issues };
      writeFileAtomic(join(cache, `${key}.json`), JSON.stringify(entry));
      prune(cache);
    } catch {
      /* the cache is an optimisation; a read-only home must not break the command */
    }
  }
  return dataset;
}
