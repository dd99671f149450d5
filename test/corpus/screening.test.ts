import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { reviewLoop } from '../../src/screening/review-loop.js';
import { ReviewSchema } from '../../src/schema/review.js';
import { runCli } from '../helpers.js';
import { log, review2024 } from '../screening-helpers.js';
import { corpusPath } from './root.js';

// The update flow on a real PubMed export of 50 records (corpus fixtures/import/asreview-baseline);
// the default suite runs it on a hand-made three-record export (test/screening.test.ts).
const PUBMED = corpusPath('fixtures', 'import', 'asreview-baseline', '_baseline_pubmed.nbib');

describe('npa screen and npa prisma: an update from start to finish', () => {
  it('add → decide → prisma → promote → validate', async () => {
    const dir = review2024();
    const add = await runCli(['screen', 'add', PUBMED, 'embase.ris', '--data', dir], { cwd: dir });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('embase.ris (source "embase"): 3 records; 1 already in the dataset, 1 already in the log');
    let rows = log(dir);
    expect(rows).toHaveLength(53);
    expect(rows.find((r) => r.id === 'embase:E1')!.duplicate_of).toBe('ref:17');
    expect(rows.find((r) => r.id === 'embase:E2')!.duplicate_of).toBe('_baseline_pubmed:30922926');

    // Decisions: one exclusion, one inclusion, the rest from a CSV.
    expect((await runCli(['screen', 'decide', '_baseline_pubmed:30922926', '--exclude', 'review', '--who', 'T', '--data', dir])).code).toBe(0);
    expect((await runCli(['screen', 'decide', 'embase:E3', '--include', '--data', dir])).code).toBe(0);
    const pending = rows.filter((r) => !r.duplicate_of && r.id !== '_baseline_pubmed:30922926' && r.id !== 'embase:E3').map((r) => r.id);
    writeFileSync(join(dir, 'decisions.csv'), ['id,decision,reason,reason_text', ...pending.map((id, i) => (i === 0 ? `${id},exclude,other,animals not humans` : `${id},exclude,visceral,`))].join('\n'));
    expect((await runCli(['screen', 'decide', '--file', 'decisions.csv', '--data', dir], { cwd: dir })).code).toBe(0);

    const prisma = JSON.parse((await runCli(['prisma', '--json', '--data', dir])).stdout);
    expect(prisma).toMatchObject({
      kind: 'update',
      previous: { studies: 53, reports: 57 },
      identified: [{ source: '_baseline_pubmed', n: 50 }, { source: 'embase', n: 3 }],
      identifiedTotal: 53, duplicates: 2, screened: 51, excludedTotal: 50, pending: 0, maybe: 0, included: 1, total: 54,
    });
    expect(prisma.excluded).toEqual([{ reason: 'review article', n: 1 }, { reason: 'animals not humans', n: 1 }, { reason: 'visceral metastases', n: 48 }]);
    expect(prisma.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const csv = parse((await runCli(['prisma', '--format', 'prisma2020-csv', '--data', dir])).stdout, { columns: true }) as Record<string, string>[];
    const n = (key: string) => csv.find((r) => r.data === key)!.n;
    expect([n('previous_studies'), n('database_results'), n('duplicates'), n('records_screened'), n('new_studies'), n('total_studies')]).toEqual(['53', '53', '2', '51', '1', '54']);
    expect(n('dbr_excluded')).toBe('review article, 1; animals not humans, 1; visceral metastases, 48');

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
