import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadDataset, requireValidDataset } from '../../src/load/dataset.js';
import { reviewLoop } from '../../src/screening/review-loop.js';
import { commit } from '../../src/screening/store.js';
import { applyEvents, openWorkspace } from '../../src/screening/workflow.js';
import { runCli } from '../helpers.js';
import { log, review2024 } from '../screening-helpers.js';
import { corpusPath } from './root.js';

// The update flow on a real PubMed export of 50 records (corpus fixtures/import/asreview-baseline), screened
// in one stage by one reviewer (protocol stages 1, reviewers 1); the default suite runs the two-stage,
// two-reviewer walkthrough on hand-made exports (test/screening.test.ts).
const PUBMED = corpusPath('fixtures', 'import', 'asreview-baseline', '_baseline_pubmed.nbib');

function singleStage(): string {
  const dir = review2024();
  const review = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
  review.protocol = { stages: 1, reviewers: 1 };
  writeFileSync(join(dir, 'review.json'), JSON.stringify(review, null, 2));
  return dir;
}

describe('npa screen and npa prisma: a one-stage update from start to finish', () => {
  it('add → decide → prisma → promote → validate', async () => {
    const dir = singleStage();
    const add = await runCli(['screen', 'add', PUBMED, 'embase.ris', '--data', dir, '--who', 'T'], { cwd: dir });
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/embase\.ris \(embase, searched [-\d]+\): 3 records, sha256 [0-9a-f]+…; 1 already in the dataset, 1 already in the log/);
    const rows = log(dir);
    expect(rows).toHaveLength(53);
    expect(rows.find((r) => r.id === 'embase:E1')!.duplicate_of).toBe('ref:17');
    expect(rows.find((r) => r.id === 'embase:E2')!.duplicate_of).toBe('_baseline_pubmed:30922926');

    // Decisions: one exclusion, one inclusion, the rest from a CSV.
    const S = ['--stage', 'title-abstract', '--who', 'T', '--data', dir];
    expect((await runCli(['screen', 'decide', '_baseline_pubmed:30922926', '--exclude', 'review', ...S])).code).toBe(0);
    expect((await runCli(['screen', 'decide', 'embase:E3', '--include', ...S])).code).toBe(0);
    const pending = rows.filter((r) => !r.duplicate_of && r.id !== '_baseline_pubmed:30922926' && r.id !== 'embase:E3').map((r) => r.id);
    writeFileSync(join(dir, 'decisions.csv'), ['id,decision,reason,reason_text', ...pending.map((id, i) => (i === 0 ? `${id},exclude,other,animals not humans` : `${id},exclude,visceral,`))].join('\n'));
    expect((await runCli(['screen', 'decide', '--file', 'decisions.csv', ...S], { cwd: dir })).code).toBe(0);

    // 53 identified; E1 and E2 duplicates; 51 screened: 50 excluded (1 review, 1 other, 48 visceral), E3 included.
    const prisma = JSON.parse((await runCli(['prisma', '--json', '--data', dir])).stdout);
    expect(prisma).toMatchObject({
      template: 'updated', previous_reports: 53, database_results: 53, database_specific_results: '_baseline_pubmed, 50; embase, 3', duplicates: 2,
      records_screened: 51, records_excluded: 50, dbr_sought_reports: 1, dbr_notretrieved_reports: 0, dbr_assessed: 1, new_studies: 1, new_reports: 1, total_reports: 54,
    });
    expect(prisma.records_excluded_reasons).toHaveLength(3);
    expect(prisma.records_excluded_reasons).toEqual(expect.arrayContaining([{ reason: 'review article', n: 1 }, { reason: 'animals not humans', n: 1 }, { reason: 'visceral metastases', n: 48 }]));
    expect(prisma.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const csv = parse((await runCli(['prisma', '--format', 'prisma2020-csv', '--data', dir])).stdout, { columns: true }) as Record<string, string>[];
    const n = (key: string) => csv.find((r) => r.data === key)!.n;
    expect([n('previous_studies'), n('previous_reports'), n('database_results'), n('duplicates'), n('records_screened'), n('records_excluded'), n('new_studies'), n('total_reports')]).toEqual(['NA', '53', '53', '2', '51', '50', '1', '54']);

    const promote = await runCli(['screen', 'promote', '--data', dir, '--who', 'T']);
    expect(promote.stderr).toContain('embase:E3 → ref 58');
    expect(log(dir).find((r) => r.id === 'embase:E3')!.ref).toBe('58');
    const ds = loadDataset(dir);
    expect(ds.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(ds.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'incomplete_record', ref: 58 }));
    expect(ds.studies.find((s) => s.ref === 58)).toMatchObject({ title: 'A new study of microwave ablation of pelvic metastases', design: null, year: 2023 });
    // Once promoted, the previous version stays 53 reports and the total 54.
    expect(JSON.parse((await runCli(['prisma', '--json', '--data', dir])).stdout)).toMatchObject({ previous_reports: 53, total_reports: 54 });
  });
});

describe('interactive screening of the real export (scripted keys)', () => {
  it('include, exclude with a reason, undo, maybe, quit; every decision saved at once', async () => {
    const dir = singleStage();
    await runCli(['screen', 'add', 'embase.ris', PUBMED, '--data', dir, '--who', 'T'], { cwd: dir });
    const keys = ['i', 'e', '1', 'u', 'm', 'q'];
    let saves = 0;
    await reviewLoop(openWorkspace(dir, requireValidDataset(dir)), 'title-abstract', 'tester', {
      key: async () => keys.shift() ?? null,
      line: async () => null,
      show: () => undefined,
      width: () => 80,
      height: () => 24,
      color: false,
      record: (events) => {
        saves++;
        commit(dir, applyEvents(openWorkspace(dir, requireValidDataset(dir)), events));
        return openWorkspace(dir, requireValidDataset(dir));
      },
      now: () => '2026-11-27T00:00:00Z',
    });
    // embase.ris was added first: E1 repeats ref 17, so E2 and E3 are the first records to screen (the
    // PubMed copy of E2 is its duplicate). i: E2 included; e 1: E3 excluded (review); u: withdrawn; m: E3 maybe.
    expect(saves).toBe(4);
    const decided = log(dir).filter((c) => c.decision).map((c) => [c.id, c.decision, c.reason, c.who]);
    expect(decided).toEqual([['embase:E2', 'include', '', 'tester'], ['embase:E3', 'maybe', '', 'tester']]);
  });
});
