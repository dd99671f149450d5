import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/load/dataset.js';
import { reviewLoop } from '../src/screening/review-loop.js';
import { ReviewSchema } from '../src/schema/review.js';
import { FIXTURES, runCli } from './helpers.js';
import { log, review2024 } from './screening-helpers.js';

// A hand-made PubMed export of three records (test/fixtures/screening/README.md): 30922926 is repeated by
// the Embase export's E2; 90000001 and 90000002 are new. The corpus suite runs the same flow on a real
// 50-record PubMed export (test/corpus/screening.test.ts).
const PUBMED = join(FIXTURES, 'screening', 'pubmed.nbib');


describe('npa screen and npa prisma: an update from start to finish', () => {
  it('add → decide → prisma → promote → validate', async () => {
    const dir = review2024();
    const add = await runCli(['screen', 'add', PUBMED, 'embase.ris', '--data', dir], { cwd: dir });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('embase.ris (source "embase"): 3 records; 1 already in the dataset, 1 already in the log');
    let rows = log(dir);
    expect(rows).toHaveLength(6); // 3 PubMed + 3 Embase
    expect(rows.find((r) => r.id === 'embase:E1')!.duplicate_of).toBe('ref:17');
    expect(rows.find((r) => r.id === 'embase:E2')!.duplicate_of).toBe('pubmed:30922926');

    // Decisions: one exclusion, one inclusion, the rest from a CSV.
    expect((await runCli(['screen', 'decide', 'pubmed:30922926', '--exclude', 'review', '--who', 'T', '--data', dir])).code).toBe(0);
    expect((await runCli(['screen', 'decide', 'embase:E3', '--include', '--data', dir])).code).toBe(0);
    const pending = rows.filter((r) => !r.duplicate_of && r.id !== 'pubmed:30922926' && r.id !== 'embase:E3').map((r) => r.id);
    writeFileSync(join(dir, 'decisions.csv'), ['id,decision,reason,reason_text', ...pending.map((id, i) => (i === 0 ? `${id},exclude,other,animals not humans` : `${id},exclude,visceral,`))].join('\n'));
    expect((await runCli(['screen', 'decide', '--file', 'decisions.csv', '--data', dir], { cwd: dir })).code).toBe(0);

    const prisma = JSON.parse((await runCli(['prisma', '--json', '--data', dir])).stdout);
    expect(prisma).toMatchObject({
      kind: 'update',
      previous: { studies: 53, reports: 57 },
      identified: [{ source: 'pubmed', n: 3 }, { source: 'embase', n: 3 }],
      // 6 identified; E1 and E2 duplicates; 4 screened: 3 excluded, E3 included.
      identifiedTotal: 6, duplicates: 2, screened: 4, excludedTotal: 3, pending: 0, maybe: 0, included: 1, total: 54,
    });
    expect(prisma.excluded).toEqual([{ reason: 'review article', n: 1 }, { reason: 'animals not humans', n: 1 }, { reason: 'visceral metastases', n: 1 }]);
    expect(prisma.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const csv = parse((await runCli(['prisma', '--format', 'prisma2020-csv', '--data', dir])).stdout, { columns: true }) as Record<string, string>[];
    const n = (key: string) => csv.find((r) => r.data === key)!.n;
    expect([n('previous_studies'), n('database_results'), n('duplicates'), n('records_screened'), n('new_studies'), n('total_studies')]).toEqual(['53', '6', '2', '4', '1', '54']);
    expect(n('dbr_excluded')).toBe('review article, 1; animals not humans, 1; visceral metastases, 1');

    const promote = await runCli(['screen', 'promote', '--data', dir]);
    expect(promote.stderr).toContain('embase:E3 → ref 58');
    rows = log(dir);
    expect(rows.find((r) => r.id === 'embase:E3')!.ref).toBe('58');
    const ds = loadDataset(dir);
    expect(ds.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(ds.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'incomplete_record', ref: 58 }));
    expect(ds.studies.find((s) => s.ref === 58)).toMatchObject({ title: 'A new study of microwave ablation of pelvic metastases', design: null, year: 2023 });
    // Once promoted, the update's previous studies stay 53 and the total 54.
    expect(JSON.parse((await runCli(['prisma', '--json', '--data', dir])).stdout)).toMatchObject({ previous: { studies: 53 }, total: 54 });
  });

  it('a bad decision is refused (exit 2) and nothing is written', async () => {
    const dir = review2024();
    await runCli(['screen', 'add', 'embase.ris', '--data', dir], { cwd: dir });
    const before = readFileSync(join(dir, 'screening.csv'), 'utf8');
    const r = await runCli(['screen', 'decide', 'embase:E3', '--exclude', 'boring', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown reason "boring"');
    expect((await runCli(['screen', 'decide', 'embase:E1', '--include', '--data', dir])).stderr).toContain('is a duplicate of ref:17');
    writeFileSync(join(dir, 'd.csv'), 'id,decision,reason\nembase:E3,include,\nnope,exclude,review\nembase:E3,sideways,\n');
    const bad = await runCli(['screen', 'decide', '--file', 'd.csv', '--data', dir], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/d\.csv, line 3, column id.*no candidate has the id "nope"/);
    expect(bad.stderr).toMatch(/d\.csv, line 4, column decision/);
    expect(readFileSync(join(dir, 'screening.csv'), 'utf8')).toBe(before);
  });

  it('the reported flow of the shipped review does not add up, and says so', async () => {
    const r = await runCli(['prisma']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('DOES NOT ADD UP: 124 identified − 66 excluded (19 + 9 + 38) = 58; the review says 57 included');
    const svg = (await runCli(['prisma', '--format', 'svg'])).stdout;
    expect(svg).toContain('Records screened (n = 124)');
    expect(svg).toContain('Does not add up');
  });
});

describe('interactive screening (scripted keys)', () => {
  it('include, exclude with a reason, undo, maybe, quit; every decision saved at once', async () => {
    const dir = review2024();
    await runCli(['screen', 'add', 'embase.ris', PUBMED, '--data', dir], { cwd: dir });
    const ds = loadDataset(dir);
    const review = ReviewSchema.parse(ds.review);
    const keys = ['i', 'e', '1', 'u', 'm', 'q'];
    const saves: number[] = [];
    const shown: string[] = [];
    const result = await reviewLoop(ds.screening, review, {
      key: async () => keys.shift() ?? null,
      line: async () => null,
      show: (t) => void shown.push(t),
      save: (l) => void saves.push(l.filter((c) => c.decision !== null).length),
      now: () => '2026-11-27T00:00:00Z',
    }, 'tester');
    // embase.ris was added first: E1 repeats ref 17, so E2 and E3 are the first records to screen (the
    // PubMed copy of E2 is its duplicate). i: E2 included; e 1: E3 excluded (review); u: undone; m: E3 maybe.
    expect(saves).toEqual([1, 2, 1, 2]);
    const decided = result.log.filter((c) => c.decision !== null).map((c) => [c.id, c.decision, c.reason, c.who]);
    expect(decided).toEqual([['embase:E2', 'include', null, 'tester'], ['embase:E3', 'maybe', null, 'tester']]);
    expect(shown.some((t) => t.includes('[i] include'))).toBe(true);
  });
});
