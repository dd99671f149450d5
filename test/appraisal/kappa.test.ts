// Cohen's kappa against Cohen's own worked example (Cohen J. A coefficient of agreement for nominal scales. Educ Psychol
// Meas 1960;20:37-46, Table 1: 200 items, three categories, cell proportions below; p_o = .70, p_c = .41, kappa = .492),
// and against 2x2 tables whose kappa is known by construction.
import { describe, expect, it } from 'vitest';
import { cohenKappa, kappaFromTable } from '../../src/appraisal/kappa.js';
import { compareRaters } from '../../src/appraisal/load.js';
import type { AppraisalRow } from '../../src/schema/appraisal.js';

describe("Cohen's kappa", () => {
  it("reproduces Cohen's (1960) Table 1", () => {
    const k = kappaFromTable([
      [0.44, 0.07, 0.09],
      [0.05, 0.2, 0.05],
      [0.01, 0.03, 0.06],
    ]);
    expect(k.observed).toBeCloseTo(0.7, 10);
    expect(k.expected).toBeCloseTo(0.41, 10);
    expect(k.kappa!).toBeCloseTo(0.29 / 0.59, 10);
    expect(k.kappa!.toFixed(3)).toBe('0.492');
  });
  it('is 1 for perfect agreement, 0 for agreement at chance, and undefined with one category', () => {
    expect(cohenKappa(['a', 'b', 'a', 'b'], ['a', 'b', 'a', 'b']).kappa).toBe(1);
    // marginals 1/2 each, observed agreement 1/2 = expected
    expect(cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'a', 'b']).kappa).toBe(0);
    expect(cohenKappa(['a', 'a'], ['a', 'a']).kappa).toBeNull();
  });
  it('labels and a table give the same kappa', () => {
    const a = ['y', 'y', 'y', 'n', 'n', 'y', 'n', 'y'];
    const b = ['y', 'n', 'y', 'n', 'y', 'y', 'n', 'y'];
    // table: yy = 4, yn = 1, ny = 1, nn = 2 → p_o = 6/8, p_e = (5/8)(5/8) + (3/8)(3/8) = 34/64
    expect(cohenKappa(a, b).kappa!).toBeCloseTo((6 / 8 - 34 / 64) / (1 - 34 / 64), 12);
    expect(kappaFromTable([[4, 1], [1, 2]]).kappa!).toBeCloseTo((6 / 8 - 34 / 64) / (1 - 34 / 64), 12);
  });
});

describe('two raters compared domain by domain', () => {
  const row = (ref: number, domain: string, judgement: string, rater: string): AppraisalRow => ({ ref, tool: 'jbi_case_series', domain, judgement, support: 's', source: 'abstract', rater, notes: null });
  const rows = [
    row(1, 'Q1', 'yes', 'A'), row(1, 'Q1', 'yes', 'B'),
    row(1, 'Q4', 'no', 'A'), row(1, 'Q4', 'yes', 'B'), row(1, 'Q4', 'no', 'consensus'),
    row(2, 'Q1', 'no', 'A'), row(2, 'Q1', 'no', 'B'),
    row(2, 'Q4', 'yes', 'A'), row(2, 'Q4', 'no', 'B'),
  ];
  it('pairs the judgements, shows the consensus, and computes kappa', () => {
    const c = compareRaters(rows)!;
    expect(c.raters).toEqual(['A', 'B']);
    expect(c.rows).toHaveLength(4);
    expect(c.rows.find((r) => r.ref === 1 && r.domain === 'Q4')).toMatchObject({ agree: false, consensus: 'no' });
    expect(c.rows.find((r) => r.ref === 2 && r.domain === 'Q4')).toMatchObject({ agree: false, consensus: null });
    expect(c.rows.find((r) => r.ref === 1 && r.domain === 'Q1')).toMatchObject({ agree: true, consensus: 'yes' });
    // A: yes no no yes; B: yes yes no no → p_o = 1/2, p_e = 1/2 → kappa 0
    expect(c.kappa.kappa).toBe(0);
    expect(c.byDomain.find((d) => d.domain === 'Q1')!.kappa).toBe(1);
  });
  it('needs two raters', () => {
    expect(compareRaters(rows.filter((r) => r.rater === 'A'))).toBeNull();
  });
});
