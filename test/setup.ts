// Run before every test file (vitest setupFiles, both suites): nothing a test runs may write outside
// temporary folders. The validated-dataset cache (src/load/cache.ts) would go to ~/.cache/npa, and
// the built bin/npa.js that some tests spawn inherits this environment, so it is pointed at a
// temporary folder of this file's own, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const saved = process.env.NPA_CACHE_DIR;
const cache = mkdtempSync(join(tmpdir(), 'npa-test-cache-'));
process.env.NPA_CACHE_DIR = cache;

afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  if (saved === undefined) delete process.env.NPA_CACHE_DIR;
  else process.env.NPA_CACHE_DIR = saved;
});
