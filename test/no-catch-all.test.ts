// Issue 8 §2: no catch-all hides a real error. Each test replaces one engine function with one that has a
// bug (a TypeError) and checks that the bug reaches the error boundary instead of a user message.
// Modules are re-imported after each mock, so this file keeps its own module graph per test.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT, fakeIo, runCli, tempDir } from './helpers.js';

afterEach(() => {
  vi.doUnmock('../src/synthesis/run.js');
  vi.doUnmock('../src/screening/log.js');
  vi.resetModules();
});

describe('no catch-all hides a bug', () => {
  it('npa meta: only "nothing to pool" becomes a user message; another exception is a bug', async () => {
    vi.doMock('../src/synthesis/run.js', () => ({ runMeta: () => { throw new TypeError('a bug in the engine'); } }));
    const { runMetaCommand } = await import('../src/commands/meta.js');
    const io = fakeIo();
    await expect(runMetaCommand({ data: join(ROOT, 'data'), outcome: 'complications', filter: {}, method: 'REML', test: 'z', level: 0.95, leaveOneOut: false, json: false, plot: false }, io)).rejects.toThrow(TypeError);
  });
  it('npa meta: no study with data is still "nothing to pool" (exit 1)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.csv'), 'study,xi,ni\na,NA,NA\nb,NA,NA\n');
    const r = await runCli(['meta', '--input', 'empty.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to pool');
  });
  it('report: a bug while pooling is not dropped silently as "no pooled section"', async () => {
    vi.doMock('../src/synthesis/run.js', () => ({ runMeta: () => { throw new TypeError('a bug in the engine'); } }));
    const { buildReport } = await import('../src/report/build.js');
    const { loadValidDataset } = await import('../src/load/cache.js');
    const dataset = await loadValidDataset(join(ROOT, 'data'), { NPA_NO_CACHE: '1' });
    expect(() => buildReport(dataset, null, '2026-01-01')).toThrow(TypeError);
  });
  it('screen decide --file: a bug in recording a decision is not turned into a data issue', async () => {
    vi.doMock('../src/screening/workflow.js', async (original) => ({ ...(await original<object>()), decisionEvents: () => { throw new TypeError('a bug'); } }));
    const work = tempDir();
    for (const f of ['review.json', 'studies.csv']) cpSync(join(ROOT, 'data', f), join(work, f));
    writeFileSync(join(work, 'new.ris'), ['TY  - JOUR', 'ID  - N1', 'TI  - A new study of microwave ablation', 'AU  - New, A.', 'PY  - 2021', 'T2  - J Test', 'ER  - ', ''].join('\n'));
    const { run } = await import('../src/main.js');
    expect(await run(['screen', 'add', 'new.ris', '--data', work, '--who', 'tester'], fakeIo({ cwd: work }))).toBe(0);
    writeFileSync(join(work, 'd.csv'), 'id,decision\nnew:N1,include\n');
    const { runScreenDecide } = await import('../src/commands/screen.js');
    await expect(runScreenDecide({ data: work, stage: 'title-abstract', ids: [], file: 'd.csv', who: 'tester', resolve: false }, fakeIo({ cwd: work }))).rejects.toThrow(TypeError);
  });
});
