// Where a review's files are. Light on purpose: the CLI needs it before anything is loaded.
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REVIEW_FILE = 'review.json';
export const STUDIES_FILE = 'studies.csv';
export const OUTCOMES_FILE = 'outcomes.csv';
export const CLAIMS_FILE = 'claims.csv';
export const SCREENING_FILE = 'screening.csv';
/** Optional files, in the order the cache key reads them. */
export const OPTIONAL_FILES = [OUTCOMES_FILE, CLAIMS_FILE, SCREENING_FILE];

/** The shipped review: data/ beside dist/ (bundled) or two levels above src/load (tests). */
export function defaultDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(here) === 'dist' ? join(here, '..', 'data') : join(here, '..', '..', 'data');
}

/** A path as a user would type it: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
