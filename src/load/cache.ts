// A cache of validated datasets, so that the common commands (summary, list, count) skip loading and
// running the validator when the data have not changed. An entry is kept per data folder. It begins with
// its key, npa's build id and the exact bytes of review.json, studies.csv and the optional outcomes.csv,
// claims.csv and screening.csv, and answers only when every byte is the same: any edit, or a new npa build,
// is a miss, and a miss runs the full validation. (Comparing the bytes themselves needs no hash, and so no
// node:crypto, which would cost several milliseconds of every start.) Only valid datasets are cached.
// Disable with NPA_NO_CACHE=1.
//
// An entry file: a first line `npa-cache 1 N`, then the N bytes of the key, then the dataset as JSON.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io.js';
import { settle } from '../io/journal.js';
import type { ValidDataset } from './dataset.js';
import { OPTIONAL_FILES, REVIEW_FILE, STUDIES_FILE } from './paths.js';

declare const __NPA_BUILD_ID__: string;

const KEEP = 8;
const ENTRY = /^[0-9a-f]{8}\.npa-cache$/;
/** Entries of the older format (a JSON file named by a SHA-256): never read again, so removed. */
const OLD_ENTRY = /^[0-9a-f]{64}\.json$/;
const MAGIC = 'npa-cache 1 ';

/** What is stored after the key: the validated rows (studies with their lines), the review and any warnings. */
interface CacheEntry {
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

/** The key: the build id, the folder, and each input file's name, length (-1 when absent) and bytes. */
function keyOf(dir: string): Buffer | null {
  try {
    const parts = [Buffer.from(`${__NPA_BUILD_ID__}\0${resolve(dir)}\0`)];
    for (const file of [REVIEW_FILE, STUDIES_FILE, ...OPTIONAL_FILES]) {
      const bytes = file === REVIEW_FILE || file === STUDIES_FILE || existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : null;
      parts.push(Buffer.from(`${file}\0${bytes ? bytes.length : -1}\0`));
      if (bytes) parts.push(bytes);
    }
    return Buffer.concat(parts);
  } catch {
    return null; // unreadable: the full load reports it properly
  }
}

/** The entry's file name: one per data folder (FNV-1a of its path; two folders that share a name just evict each other). */
function entryName(dir: string): string {
  const path = resolve(dir);
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}.npa-cache`;
}

/** JSON with every character beyond ASCII written as a \\u escape, so the text is the same in every encoding. */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The stored dataset when the entry's key is `key`, byte for byte; else null. */
function readEntry(file: string, key: Buffer): CacheEntry | null {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(10);
  const header = bytes.toString('latin1', 0, Math.max(newline, 0));
  if (newline < 0 || !header.startsWith(MAGIC) || Number(header.slice(MAGIC.length)) !== key.length) return null;
  const start = newline + 1;
  if (!key.equals(bytes.subarray(start, start + key.length))) return null;
  // The JSON was written as ASCII (see asciiJson): decoding it as latin1 is a plain copy, several times
  // faster than UTF-8 decoding into a two-byte string.
  return JSON.parse(bytes.toString('latin1', start + key.length)) as CacheEntry;
}

/** Keeps the KEEP newest entries; entries of the older format (named by a SHA-256) are never read again. */
function prune(cache: string): void {
  const names = readdirSync(cache);
  for (const f of names) if (OLD_ENTRY.test(f)) unlinkSync(join(cache, f));
  const entries = names
    .filter((f) => ENTRY.test(f))
    .map((f) => ({ f, t: statSync(join(cache, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP)) unlinkSync(join(cache, f));
}

/** The valid dataset in `dir`, from the cache when its files are unchanged; throws DataError when invalid. */
export async function loadValidDataset(dir: string, env: NodeJS.ProcessEnv): Promise<ValidDataset> {
  settle(dir); // a change a killed process left half-done is finished before anything is read
  const cache = cacheDir(env);
  const key = cache ? keyOf(dir) : null;
  const file = key && cache ? join(cache, entryName(dir)) : null;
  if (file && key) {
    try {
      const entry = readEntry(file, key);
      if (entry?.review && Array.isArray(entry.rows)) {
        return { dir, review: entry.review, rows: entry.rows, studies: entry.rows.map((r) => r.study), outcomes: entry.outcomes ?? [], claims: entry.claims ?? [], screening: entry.screening ?? [], issues: entry.issues };
      }
    } catch {
      /* a miss, or an unreadable entry: validate afresh */
    }
  }
  const { requireValidDataset } = await import('./dataset.js');
  const dataset = requireValidDataset(dir);
  if (cache && file && key) {
    try {
      mkdirSync(cache, { recursive: true, mode: 0o700 });
      const entry: CacheEntry = { review: dataset.review, rows: dataset.rows, outcomes: dataset.outcomes, claims: dataset.claims, screening: dataset.screening, issues: dataset.issues };
      writeFileAtomic(file, [`${MAGIC}${key.length}\n`, key, asciiJson(entry)]);
      prune(cache);
    } catch {
      /* the cache is an optimisation; a read-only home must not break the command */
    }
  }
  return dataset;
}
