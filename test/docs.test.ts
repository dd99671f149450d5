import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const reference = readFileSync(join(ROOT, 'docs', 'CLI.md'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('docs/CLI.md (run `npm run docs` after changing the CLI)', () => {
  it.each([[[]], ...['summary', 'list', 'count', 'validate', 'import', 'export', 'dedupe', 'screen', 'prisma', 'release', 'diff', 'report', 'meta', 'verify', 'dictionary'].map((c) => [[c]]), [['screen', 'add']], [['screen', 'decide']], [['screen', 'review']], [['lookup']], [['check-retractions']], [['search', 'pubmed']]])('holds the live --help of npa %j', async (args) => {
    const { stdout } = await runCli([...args, '--help']);
    expect(reference).toContain(stdout.trimEnd());
  });
});

describe('README.md', () => {
  it('gives the test command that .ci/run runs', () => {
    expect(readme).toContain('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
  it('mentions every command', async () => {
    for (const cmd of ['summary', 'list', 'count', 'validate', 'import', 'export', 'dedupe', 'screen', 'prisma', 'release', 'diff', 'report', 'meta', 'verify', 'dictionary']) expect(readme).toContain(`npa ${cmd}`);
  });
});
