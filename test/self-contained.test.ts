// The default suite needs nothing beside the clone: only the corpus suite (test/corpus/) may reach
// material outside the repository, through corpusPath() in test/corpus/root.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'corpus' || e.name === 'fixtures' || e.name === 'artifacts' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the default suite is self-contained', () => {
  const files = sources(join(ROOT, 'test')).filter((f) => !f.endsWith('self-contained.test.ts')); // this file names the patterns
  it('finds the test sources', () => expect(files.length).toBeGreaterThan(20));
  it.each(files.map((f) => relative(ROOT, f)))('%s reads nothing from ../shared or the corpus', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).not.toMatch(/['"`]shared['"`/]|\.\.\/shared|corpus\/root|NPA_CORPUS/);
  });
});
