// npa init DIR [--from DIR]: a workspace the user owns.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io.js';
import { defaultDataDir, REVIEW_FILE } from '../load/paths.js';
import { initWorkspace } from '../screening/workspace.js';

export function runInit(options: { dir: string; from?: string; stages?: 1 | 2; reviewers?: 1 | 2; verifySample?: number }, io: Io): number {
  const target = resolve(io.cwd, options.dir);
  const { files } = initWorkspace(target, options.from === undefined ? defaultDataDir() : resolve(io.cwd, options.from));
  if (options.stages !== undefined || options.reviewers !== undefined || options.verifySample !== undefined) {
    const path = join(target, REVIEW_FILE);
    const review = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { protocol?: Record<string, unknown> };
    review.protocol = { stages: options.stages ?? review.protocol?.stages ?? 2, reviewers: options.reviewers ?? review.protocol?.reviewers ?? 2, ...(options.verifySample !== undefined ? { verify_sample: options.verifySample } : {}) };
    writeFileAtomic(path, JSON.stringify(review, null, 2) + '\n');
  }
  io.stderr(`workspace ${options.dir}: ${files.length} files copied from ${options.from ?? 'the shipped review'}. Use --data ${options.dir} with every command.\n`);
  return 0;
}
