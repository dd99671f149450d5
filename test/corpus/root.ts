// The corpus suite reads real-world material kept outside the repository: real database exports
// (fixtures/import), labelled deduplication sets (fixtures/dedupe) and the review's full text (review/).
// The folder comes from NPA_CORPUS, with ../shared beside the clone as the default. When it is missing
// the suite fails and names the folder: it never skips.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CORPUS = resolve(process.env.NPA_CORPUS ?? join(REPO, '..', 'shared'));

/** The path of a file or folder inside the corpus; throws, naming it, when it is not there. */
export function corpusPath(...parts: string[]): string {
  const p = join(CORPUS, ...parts);
  if (!existsSync(p)) {
    throw new Error(
      `corpus material missing: ${p}\n` +
        `The corpus suite (npm run test:corpus) reads real exports and labelled sets from ${CORPUS}.\n` +
        `Set NPA_CORPUS to the folder that holds fixtures/ and review/, or place it at ../shared beside the clone.`,
    );
  }
  return p;
}
