// Issue 10 §2: a change to several files is all or nothing. The process is killed (SIGKILL, as kill -9) at
// each named step of a save (NPA_TEST_CRASH_AFTER) and at random moments; the next run finishes or discards
// the change, and a re-run converges on the same state with nothing duplicated.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { npa, prng, syntheticRis } from './processes.js';

const KILLS = Number(process.env.NPA_STRESS_KILLS ?? 3);
const csv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
const events = (dir: string) => (existsSync(join(dir, 'screening-decisions.csv')) ? csv(join(dir, 'screening-decisions.csv')) : []);

/** A one-stage, one-reviewer workspace with 30 new records, the first `include` of them included. */
async function workspace(include: number): Promise<{ dir: string; ids: string[]; base: number }> {
  const tmp = tempDir();
  const dir = join(tmp, 'ws');
  expect((await npa(['init', dir, '--stages', '1', '--reviewers', '1'])).code).toBe(0);
  const { path, ids } = syntheticRis(tmp, 'x.ris', 30, 'R', 7);
  expect((await npa(['screen', 'add', path, '--data', dir, '--database', 'X', '--date', '2024-01-01', '--who', 'T'])).code).toBe(0);
  const full = ids.map((id) => `X:${id}`);
  if (include) expect((await npa(['screen', 'decide', '--data', dir, '--stage', 'title-abstract', '--who', 'T', '--include', ...full.slice(0, include)])).code).toBe(0);
  return { dir, ids: full, base: csv(join(dir, 'studies.csv')).length };
}

/** The state after promote: each included record is one new study row, once, with the ref the log gives it. */
function expectPromoted(dir: string, ids: string[], base: number): void {
  const studies = csv(join(dir, 'studies.csv'));
  expect(studies).toHaveLength(base + ids.length);
  expect(new Set(studies.map((s) => s.ref)).size).toBe(studies.length);
  const log = csv(join(dir, 'screening.csv'));
  for (const id of ids) {
    const ref = log.find((r) => r.id === id)!.ref;
    expect(ref).toMatch(/^\d+$/);
    expect(studies.filter((s) => (s.notes ?? '').includes(`(${id})`)).map((s) => s.ref)).toEqual([ref]);
    expect(events(dir).filter((e) => e.id === id && e.action === 'promote')).toHaveLength(1);
  }
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => /npa-tmp|\.npa-journal|\.npa\.lock/.test(f));

describe('a kill between the files of one change (NPA_TEST_CRASH_AFTER)', () => {
  // promote writes three files: the decision log, screening.csv, studies.csv.
  for (const step of ['locked', 'journal-temp', 'journal', 'apply-1', 'apply-2', 'apply-3', 'applied']) {
    it(`screen promote killed after "${step}": the next run converges, nothing twice`, { timeout: 300_000 }, async () => {
      const { dir, ids, base } = await workspace(2);
      const killed = await npa(['screen', 'promote', '--data', dir, '--who', 'T'], { env: { NPA_TEST_CRASH_AFTER: step } });
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).not.toMatch(/→ ref|added to/); // nothing said before the save
      const split = csv(join(dir, 'studies.csv')).length;
      // Before the journal is in place, nothing has changed; after, a reader finishes the change.
      if (['locked', 'journal-temp'].includes(step)) expect(split).toBe(base);
      const list = await npa(['screen', 'list', '--data', dir, '--json']);
      expect(list.code).toBe(0);
      if (!['locked', 'journal-temp'].includes(step)) {
        expect(list.stderr).toContain('finished an interrupted change');
        expectPromoted(dir, ids.slice(0, 2), base);
      }
      const again = await npa(['screen', 'promote', '--data', dir, '--who', 'T']);
      expect(again.code).toBe(0);
      expectPromoted(dir, ids.slice(0, 2), base);
      expect((await npa(['validate', '--data', dir])).code).toBe(0);
      expect(leftovers(dir)).toEqual([]);
    });
  }

  for (const step of ['journal', 'apply-1', 'apply-2']) {
    it(`release killed after "${step}": the version and its CHANGELOG line, both, once`, { timeout: 300_000 }, async () => {
      const { dir } = await workspace(0);
      const killed = await npa(['release', 'v1', '--data', dir, '--message', 'first'], { env: { NPA_TEST_CRASH_AFTER: step } });
      expect(killed.signal).toBe('SIGKILL');
      const again = await npa(['release', 'v1', '--data', dir, '--message', 'first']);
      // The interrupted release was finished by this run (which then refuses to write v1 a second time).
      expect(again.stderr).toContain('finished an interrupted change');
      expect(again.code).toBe(2);
      expect(readdirSync(join(dir, 'versions', 'v1')).sort()).toContain('statistics.json');
      expect(readFileSync(join(dir, 'versions', 'v1', 'studies.csv'), 'utf8')).toBe(readFileSync(join(dir, 'studies.csv'), 'utf8'));
      expect(readFileSync(join(dir, 'versions', 'CHANGELOG.md'), 'utf8').match(/^## v1 /gm)).toHaveLength(1);
      expect(readdirSync(join(dir, 'versions')).filter((f) => f.includes('npa-tmp'))).toEqual([]);
    });
  }
});

describe(`random kill -9 (${KILLS} rounds each)`, () => {
  it('screen promote killed at a random moment, then re-run: each record promoted once', { timeout: 900_000 }, async () => {
    const { dir, ids, base } = await workspace(0);
    const rnd = prng(42);
    const promoted: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const id = ids[k]!;
      expect((await npa(['screen', 'decide', '--data', dir, '--stage', 'title-abstract', '--who', 'T', '--include', id])).code).toBe(0);
      // Timed from a plain run of promote: kills land from start-up to the end of the save.
      const start = Date.now();
      await npa(['screen', 'list', '--data', dir, '--json']);
      const span = Date.now() - start;
      await npa(['screen', 'promote', '--data', dir, '--who', 'T'], { killAfterMs: Math.round(span * (0.3 + rnd())) });
      const again = await npa(['screen', 'promote', '--data', dir, '--who', 'T']);
      expect(again.code).toBe(0);
      promoted.push(id);
      expectPromoted(dir, promoted, base);
    }
    expect((await npa(['validate', '--data', dir])).code).toBe(0);
  });

  it('screen decide killed at random moments: every decision reported saved is in the log', { timeout: 900_000 }, async () => {
    const { dir, ids } = await workspace(0);
    const rnd = prng(7);
    const reported: string[] = [];
    // Timed from a whole decide run (id 30, not killed): kills land from 0.5 to 1.5 times its length.
    const start = Date.now();
    await npa(['screen', 'decide', '--data', dir, '--stage', 'title-abstract', '--who', 'T', '--include', ids[29]!]);
    const span = Date.now() - start;
    for (let k = 0; k < KILLS * 2; k++) {
      const r = await npa(['screen', 'decide', '--data', dir, '--stage', 'title-abstract', '--who', 'T', '--exclude', ids[k]!], { killAfterMs: Math.round(span * (0.5 + rnd())) });
      if (r.stderr.includes('saved')) reported.push(ids[k]!);
    }
    const r = await npa(['screen', 'list', '--data', dir, '--json']);
    expect(r.code).toBe(0);
    const kept = new Set(events(dir).map((e) => e.id));
    console.log(`decide killed at random: ${KILLS * 2} runs, ${reported.length} reported saved, ${reported.filter((id) => !kept.has(id)).length} of them lost; ${kept.size - 1} of them in the log`);
    expect(reported.filter((id) => !kept.has(id))).toEqual([]);
    expect(existsSync(join(dir, '.npa-journal.json'))).toBe(false);
  });
});
