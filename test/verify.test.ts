import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIM_FIELDS } from '../src/schema/claim.js';
import { percentFollows } from '../src/stats/verify.js';
import { FIXTURES, fixtureReview, runCli, tempDataset } from './helpers.js';

describe('percentFollows', () => {
  it.each([
    [8, 57, 14, true], // the review: 8 (14%)
    [34, 57, 60, true], // 34/57 or 60%
    [4, 57, 7, true],
    [12, 57, 21, true],
    [34, 57, 59, false],
    [8, 266, 3, true],
    [8, 266, 3.0, true],
    [1, 3, 33.3, true],
    [1, 3, 33.4, false],
  ])('%i/%i printed as %s%% follows: %s', (n, d, p, ok) => expect(percentFollows(n, d, p)).toBe(ok));
});

const studies = readFileSync(join(FIXTURES, 'valid', 'studies.csv'), 'utf8');
const claimsCsv = (rows: Record<string, string | number>[]) =>
  [CLAIM_FIELDS.join(','), ...rows.map((r) => CLAIM_FIELDS.map((f) => JSON.stringify(String(r[f] ?? ''))).join(','))].join('\n') + '\n';
const dataset = (rows: Record<string, string | number>[]) => {
  const dir = tempDataset(studies);
  writeFileSync(join(dir, 'claims.csv'), claimsCsv(rows));
  return dir;
};

describe('npa verify (hand-built fixture: 6 studies, 4 spinal, flow 10 − 3 − 2 = 5 but printed 6)', () => {
  const rows: Record<string, string | number>[] = [
    { id: 'spine', kind: 'statistic', statistic: 'spine', count: 4, denominator: 6, percent: 67, quote: 'four of six' },
    { id: 'sacrum', kind: 'statistic', statistic: 'sacrum', count: 3, quote: 'three sacral' },
    { id: 'flow', kind: 'flow', count: 6, denominator: 10, quote: 'the flow' },
    { id: 'bad_percent', kind: 'statistic', statistic: 'spine', count: 4, denominator: 6, percent: 60, quote: 'four of six, 60%' },
    { id: 'patients', kind: 'study', ref: 1, field: 'patients', count: 10, quote: 'ten patients' },
    { id: 'lesions_unknown', kind: 'study', ref: 2, field: 'lesions', count: 5, quote: 'five lesions' },
  ];
  it('gives holds / differs / arithmetic error / not checkable with both values', async () => {
    const r = await runCli(['verify', '--data', dataset(rows), '--json']);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(r.stdout).claims.map((c: { id: string }) => [c.id, c]));
    expect(byId.spine).toMatchObject({ status: 'holds', computed: { count: 4, denominator: 6 } });
    expect(byId.sacrum).toMatchObject({ status: 'differs', printed: { count: 3 }, computed: { count: 2 } });
    expect(byId.flow).toMatchObject({ status: 'arithmetic error', computed: { count: 5 } });
    expect(byId.bad_percent).toMatchObject({ status: 'arithmetic error' });
    expect(byId.patients).toMatchObject({ status: 'holds', independent: false });
    expect(byId.lesions_unknown).toMatchObject({ status: 'not checkable' });
    expect(r.stderr).toBe('6 claims: 2 hold, 1 differs, 2 arithmetic errors, 1 not checkable.\n');
  });
  it('--strict exits 1 when a claim fails, 0 when all hold', async () => {
    expect((await runCli(['verify', '--data', dataset(rows), '--strict'])).code).toBe(1);
    expect((await runCli(['verify', '--data', dataset([rows[0]!]), '--strict'])).code).toBe(0);
  });
  it('a claim about an unknown statistic is invalid data (exit 2)', async () => {
    const r = await runCli(['verify', '--data', dataset([{ id: 'x', kind: 'statistic', statistic: 'colour', count: 1, quote: 'q' }])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('claims.csv, line 2, column statistic');
  });
  it('a review without claims.csv: exit 1 with a message', async () => {
    const r = await runCli(['verify', '--data', tempDataset(studies, fixtureReview())]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no claims.csv');
  });
});

describe('the shipped claims', () => {
  // That every quote is verbatim in the review's text is checked by the corpus suite (test/corpus/review-text.test.ts).
  it('the flow does not add up (124 − 19 − 9 − 38 = 58, printed 57); Anchala\'s lesions differ', async () => {
    const json = JSON.parse((await runCli(['verify', '--json'])).stdout);
    expect(json.claims.find((c: { id: string }) => c.id === 'flow').status).toBe('arithmetic error');
    expect(json.claims.find((c: { id: string }) => c.id === 'anchala_lesions')).toMatchObject({ status: 'differs', computed: { count: 128 } });
  });
});
