// appraisal.csv and cohorts.csv through the CLI on small hand-made datasets: every error names file, line and column
// and exits 2; a tool that does not fit the design is a warning; overlaps are found on fixtures built to overlap.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, runCli, tempDataset, toCsv } from '../helpers.js';
import { applyCohortPolicy, authorKeys, overlapSets, scoreOverlaps } from '../../src/appraisal/cohorts.js';
import type { CohortRow } from '../../src/schema/cohorts.js';
import type { Study } from '../../src/schema/study.js';

const HEAD = 'ref,tool,domain,judgement,support,source,rater,notes\n';
const studies = () => toCsv([
  row({ ref: 1, design: 'retrospective', authors: 'Doe J, Roe R', patients: 40 }),
  row({ ref: 2, design: 'rct', authors: 'Poe P', patients: 100, first_author: 'Poe P' }),
  row({ ref: 3, duplicate_of: 1, authors: 'Doe J, Roe R' }),
]);

function dataset(appraisal: string): string {
  const dir = tempDataset(studies());
  writeFileSync(join(dir, 'appraisal.csv'), appraisal);
  return dir;
}

describe('appraisal.csv validation', () => {
  it('names file, line and column for an unknown domain, a judgement the tool does not allow, a repeat listing and an unknown ref', async () => {
    const dir = dataset(HEAD
      + '1,jbi_case_series,Q11,yes,s,abstract,A,\n'
      + '1,jbi_case_series,Q1,low,s,abstract,A,\n'
      + '3,jbi_case_series,Q2,yes,s,abstract,A,\n'
      + '9,jbi_case_series,Q3,yes,s,abstract,A,\n'
      + '1,rob3,D1,low,s,abstract,A,\n');
    const r = await runCli(['rob', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/appraisal\.csv, line 2, column domain.*"Q11".*not a domain of JBI/);
    expect(r.stderr).toMatch(/line 3, column judgement.*"low".*Accepted: yes, unclear, no, not applicable, no information/);
    expect(r.stderr).toMatch(/line 4, column ref.*repeats ref 1/);
    expect(r.stderr).toMatch(/line 5, column ref.*no study with this ref/);
    expect(r.stderr).toMatch(/line 6, column tool.*"rob3"/);
  });
  it('warns when the tool does not fit the design, and keeps "no information" apart', async () => {
    const dir = dataset(HEAD
      + '1,rob2,D1,no information,nothing on randomisation,abstract,A,\n'
      + '2,rob2,D1,low,"computer-generated sequence, central allocation",full text p. 3,A,\n');
    const r = await runCli(['rob', '--data', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*line 2, column tool.*RoB 2 does not fit the study's design "retrospective"/);
    const rows = JSON.parse(r.stdout) as { ref: number; judgement: string }[];
    expect(rows.map((x) => [x.ref, x.judgement])).toEqual([[1, 'no information'], [2, 'low']]);
  });
  it('compares two raters with kappa and a consensus column', async () => {
    const dir = dataset(HEAD
      + '1,jbi_case_series,Q1,yes,s,abstract,A,\n1,jbi_case_series,Q1,yes,s,abstract,B,\n'
      + '1,jbi_case_series,Q4,no,s,abstract,A,\n1,jbi_case_series,Q4,unclear,s,abstract,B,\n1,jbi_case_series,Q4,no,s,abstract,consensus,\n');
    const r = await runCli(['rob', '--data', dir, '--agreement']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/A vs B: 2 judgements, agreement 50\.0%/);
    expect(r.stdout).toMatch(/Q4.*no.*unclear.*NO.*no/);
  });
});

const study = (ref: number, authors: string, patients: number | null, sites: string[] = ['spine']): Study =>
  ({ ref, duplicate_of: null, authors, first_author: authors.split(',')[0], year: 2015, patients, sites, interventions: ['rfa'] }) as unknown as Study;
const cohort = (ref: number, institution: string | null, start: string | null, end: string | null): CohortRow => ({ ref, institution, period_start: start, period_end: end, source: 'x', quote: 'x', notes: null });

describe('overlap scoring on hand-made fixtures', () => {
  it('reads author lists the way studies.csv writes them', () => {
    expect(authorKeys('Wallace AN, Tomasian A, Barbé DA, et al.')).toEqual(['wallace a', 'tomasian a', 'barbe d']);
    expect(authorKeys('Luigi Cazzato R')).toEqual(['cazzato r']);
  });
  it('same institution and overlapping years is a likely overlap; disjoint years is not; strangers score nothing', () => {
    const s = [study(1, 'Doe J, Roe R', 50), study(2, 'Doe J, Moe M', 30), study(3, 'Doe J, Roe R', 20), study(4, 'Zed Z', 10)];
    const c = [cohort(1, 'St Elsewhere', '2010-01', '2014-12'), cohort(2, 'St Elsewhere', '2012-06', '2016-12'), cohort(3, 'St Elsewhere', '2017-01', '2019-12'), cohort(4, 'Other', '2010', '2014')];
    const pairs = scoreOverlaps(s, c);
    const p12 = pairs.find((p) => p.a === 1 && p.b === 2)!;
    // institution 3 + periods 2 + one author 1 + site 0.5 + intervention 0.5 + nested sizes 0.5
    expect(p12.score).toBe(7.5);
    expect(p12.likely).toBe(true);
    expect(p12.evidence).toContain('same institution: St Elsewhere');
    expect(p12.evidence).toContain('sample sizes could nest: 30 patients within 50');
    const p13 = pairs.find((p) => p.a === 1 && p.b === 3)!;
    // institution 3 − disjoint 3 + two authors 2 + site, intervention, sizes 1.5
    expect(p13.score).toBe(3.5);
    expect(p13.likely).toBe(false);
    expect(pairs.some((p) => p.a === 4 || p.b === 4)).toBe(false);
    expect(overlapSets(pairs)).toEqual([[1, 2]]);
  });
  it('periods given as years that meet in one year count half', () => {
    const s = [study(1, 'Doe J', 10), study(2, 'Doe J', 10)];
    const pairs = scoreOverlaps(s, [cohort(1, null, '2005', '2012'), cohort(2, null, '2012', '2019')]);
    expect(pairs[0]!.evidence[0]).toMatch(/meet in one year only/);
    expect(pairs[0]!.score).toBe(1 + 1 + 0.5 + 0.5);
  });
  it('one per cohort keeps the largest; exclude-overlap drops the whole set', () => {
    const s = [study(1, 'a', 50), study(2, 'b', 80), study(3, 'c', 10), study(4, 'd', null)];
    const sets = [[1, 2, 4]];
    expect(applyCohortPolicy(s, sets, 'one-per-cohort').kept.map((x) => x.ref)).toEqual([2, 3]);
    expect(applyCohortPolicy(s, sets, 'exclude-overlap').kept.map((x) => x.ref)).toEqual([3]);
    expect(applyCohortPolicy(s, sets, 'all').kept).toHaveLength(4);
  });
});
