// escalc() and the back-transformations against published metafor output. Each block names its
// source; where the source prints 4 (or 7) digits, the comparison is to that precision.
import { describe, expect, it } from 'vitest';
import {
  arcsin,
  backTransform,
  escalc,
  hedgesCorrection,
  iarcsin,
  ilogit,
  ipft,
  ipftHm,
  logit,
  pft,
} from '../../src/meta/escalc.js';
import { fit, predict } from '../../src/meta/rma.js';
import { BCG, MILLER1978, NORMAND } from './fixtures.js';
import { expectDecimals, expectRel, expectSignif } from './helpers.js';

const bcgRR = () => escalc({ measure: 'RR', ai: BCG.tpos, bi: BCG.tneg, ci: BCG.cpos, di: BCG.cneg });
const bcgOR = () => escalc({ measure: 'OR', ai: BCG.tpos, bi: BCG.tneg, ci: BCG.cpos, di: BCG.cneg });

describe('2x2 tables (dat.bcg)', () => {
  // wviechtb/metafor tests/testthat/test_misc_escalc.r, "escalc() works correctly for measure='RR'"
  // and "summary() of 'escalc' objects ..." (4 decimals): study 1 yi, vi, zi, sei, ci.lb, ci.ub.
  it('RR and OR of study 1 match metafor (4 dp)', () => {
    const rr = bcgRR();
    expectDecimals('escalc yi', rr.yi[0], -0.8893, 4, 'bcg RR 1');
    expectDecimals('escalc vi', rr.vi[0], 0.3256, 4, 'bcg RR 1');
    const sei = Math.sqrt(rr.vi[0]!);
    expectDecimals('escalc yi', rr.yi[0]! / sei, -1.5586, 4, 'bcg RR 1 zi');
    expectDecimals('escalc yi', sei, 0.5706, 4, 'bcg RR 1 sei');
    expectDecimals('escalc yi', rr.yi[0]! - 1.959963984540054 * sei, -2.0077, 4, 'bcg RR 1 ci.lb');
    expectDecimals('escalc yi', rr.yi[0]! + 1.959963984540054 * sei, 0.229, 4, 'bcg RR 1 ci.ub');
    const or = bcgOR();
    const seo = Math.sqrt(or.vi[0]!);
    expectDecimals('escalc yi', or.yi[0]! / seo, -1.5708, 4, 'bcg OR 1 zi');
    expectDecimals('escalc yi', seo, 0.5976, 4, 'bcg OR 1 sei');
    expectDecimals('escalc yi', or.yi[0]! - 1.959963984540054 * seo, -2.11, 4, 'bcg OR 1 ci.lb');
    expectDecimals('escalc yi', or.yi[0]! + 1.959963984540054 * seo, 0.2326, 4, 'bcg OR 1 ci.ub');
  });

  // https://www.metafor-project.org/doku.php/analyses:vanhouwelingen2002 prints the log odds ratios
  // of dat.colditz1994 (= dat.bcg) to 4 decimals; rows 1-7 of the table.
  it('log odds ratios match the vanhouwelingen2002 analysis page (4 dp)', () => {
    const or = bcgOR();
    const yi = [-0.9387, -1.6662, -1.3863, -1.4564, -0.2191, -0.9581, -1.6338];
    const vi = [0.3571, 0.2081, 0.4334, 0.0203, 0.052, 0.0099, 0.227];
    yi.forEach((y, i) => expectDecimals('escalc yi', or.yi[i], y, 4, `bcg OR ${i + 1}`));
    vi.forEach((v, i) => expectDecimals('escalc vi', or.vi[i], v, 4, `bcg OR ${i + 1}`));
  });

  it('accepts group sizes instead of non-events, and records no correction for bcg', () => {
    const n1i = BCG.tpos.map((a, i) => a + BCG.tneg[i]!);
    const n2i = BCG.cpos.map((c, i) => c + BCG.cneg[i]!);
    const a = escalc({ measure: 'RR', ai: BCG.tpos, n1i, ci: BCG.cpos, n2i });
    expect(a.yi).toEqual(bcgRR().yi);
    expect(a.correction.adjusted).toEqual([]);
    expect(a.omitted).toEqual([]);
    expect(a.ni[0]).toBe(4 + 119 + 11 + 128);
  });
});

describe('zero cells (metafor default add = 1/2, to = "only0")', () => {
  it('adds 1/2 to every cell of tables with a zero cell only, and says which', () => {
    // study 0 has a zero cell, study 1 has none; the values follow escalc.r's formulas by hand
    const r = escalc({ measure: 'OR', ai: [0, 5], bi: [10, 15], ci: [3, 4], di: [12, 16] });
    expect(r.correction).toEqual({ add: 0.5, to: 'only0', adjusted: [0] });
    expect(r.studies.map((s) => s.adjusted)).toEqual([true, false]);
    expectRel('escalc yi', r.yi[0], Math.log((0.5 * 12.5) / (10.5 * 3.5)), 1e-14, 'OR zero cell');
    expectRel('escalc vi', r.vi[0], 1 / 0.5 + 1 / 10.5 + 1 / 3.5 + 1 / 12.5, 1e-14, 'OR zero cell');
    expectRel('escalc yi', r.yi[1], Math.log((5 * 16) / (15 * 4)), 1e-14, 'OR no zero');
    const rr = escalc({ measure: 'RR', ai: [0, 5], bi: [10, 15], ci: [3, 4], di: [12, 16] });
    expectRel('escalc yi', rr.yi[0], Math.log(0.5 / 11) - Math.log(3.5 / 16), 1e-14, 'RR zero cell');
    expectRel('escalc vi', rr.vi[0], 1 / 0.5 - 1 / 11 + 1 / 3.5 - 1 / 16, 1e-14, 'RR zero cell');
    const rd = escalc({ measure: 'RD', ai: [0], bi: [10], ci: [3], di: [12] });
    expect(rd.correction.adjusted).toEqual([0]);
    expectRel('escalc yi', rd.yi[0], 0.5 / 11 - 3.5 / 16, 1e-14, 'RD zero cell');
  });

  it('honours to = "all", "if0all", "none" and drop00, and omits what cannot be computed', () => {
    const tab = { ai: [0, 5, 0], bi: [10, 15, 10], ci: [3, 4, 0], di: [12, 16, 9] };
    expect(escalc({ measure: 'OR', ...tab }, { to: 'all' }).correction.adjusted).toEqual([0, 1, 2]);
    expect(escalc({ measure: 'OR', ...tab }, { to: 'if0all' }).correction.adjusted).toEqual([0, 1, 2]);
    const none = escalc({ measure: 'OR', ...tab }, { to: 'none' });
    expect(none.studies.map((s) => s.index)).toEqual([1]);
    expect(none.omitted.map((o) => o.index)).toEqual([0, 2]);
    const d00 = escalc({ measure: 'OR', ...tab }, { drop00: true });
    expect(d00.omitted).toEqual([{ index: 2, reason: 'no events (or only events) in both groups (drop00)' }]);
    const bad = escalc({ measure: 'RR', ai: [12, null, -1], bi: [10, 3, 4], ci: [3, 4, 5], di: [12, 16, 9] });
    expect(bad.omitted.map((o) => o.index)).toEqual([1, 2]);
    expect(bad.omitted.every((o) => o.reason.length > 0)).toBe(true);
  });

  it('adjusts PR and PLO but not PAS and PFT by default, as metafor', () => {
    const data = { xi: [0, 4, 10], ni: [10, 10, 10] };
    const pr = escalc({ measure: 'PR', ...data });
    expect(pr.correction.adjusted).toEqual([0, 2]);
    expectRel('escalc yi', pr.yi[0], 0.5 / 11, 1e-15, 'PR 0/10');
    expectRel('escalc vi', pr.vi[0], ((0.5 / 11) * (10.5 / 11)) / 11, 1e-15, 'PR 0/10');
    const plo = escalc({ measure: 'PLO', ...data });
    expectRel('escalc yi', plo.yi[1], Math.log(4 / 6), 1e-15, 'PLO 4/10');
    expectRel('escalc vi', plo.vi[1], 1 / 4 + 1 / 6, 1e-15, 'PLO 4/10');
    expectRel('escalc yi', plo.yi[2], Math.log(10.5 / 0.5), 1e-15, 'PLO 10/10');
    expect(escalc({ measure: 'PAS', ...data }).correction).toEqual({ add: 0, to: 'only0', adjusted: [] });
    expect(escalc({ measure: 'PFT', ...data }).correction.adjusted).toEqual([]);
    expect(plo.ni).toEqual([10, 10, 10]); // unadjusted sample sizes, as metafor's ni attribute
  });
});

describe('proportions', () => {
  // wviechtb/metafor tests/testthat/test_misc_escalc.r, measure='PAS' (4 decimals)
  it('PAS matches metafor (4 dp)', () => {
    const r = escalc({ measure: 'PAS', xi: [10], ni: [20] });
    expectDecimals('escalc yi', r.yi[0], 0.7854, 4, 'PAS 10/20');
    expectDecimals('escalc vi', r.vi[0], 0.0125, 4, 'PAS 10/20');
  });

  // wviechtb/metafor tests/testthat/test_analysis_example_miller1978.r (Miller 1978, p. 138), 4 dp;
  // metafor's PFT is half of Miller's, hence the factors 2 and 4.
  it('PFT matches Miller (1978) as checked in metafor (4 dp)', () => {
    const r = escalc({ measure: 'PFT', ...MILLER1978 });
    [1.1391, 1.2888, 1.5253, 0.9515].forEach((y, i) => expectDecimals('escalc yi', r.yi[i]! * 2, y, 4, `PFT ${i + 1}`));
    [0.087, 0.0571, 0.0465, 0.1538].forEach((v, i) => expectDecimals('escalc vi', r.vi[i]! * 4, v, 4, `PFT ${i + 1}`));
  });
});

describe('means', () => {
  // neurostuff/PyMARE pymare/tests/data/metafor_escalc_reference.json (metafor 4.6.0, %.17g), inputs
  // pymare/tests/data/metafor_escalc_inputs.csv; cm_two_sample is metafor's exact correction factor.
  const cases = [
    { n: 'balanced_small', m1: 0.8, m2: 0.2, sd1: 1.0, sd2: 1.0, n1: 10, n2: 10, md: [0.60000000000000009, 0.20000000000000001], smd: [0.57458785621423214, 0.20825378011272169], cm: 0.95764642702372005 },
    { n: 'balanced_large', m1: 0.5, m2: 0.3, sd1: 1.2, sd2: 1.1, n1: 200, n2: 200, md: [0.20000000000000001, 0.013250000000000001], smd: [0.1734212407075082, 0.010037593658410665], cm: 0.99811419581258609 },
    { n: 'unbalanced', m1: 2.0, m2: 1.4, sd1: 0.9, sd2: 1.3, n1: 12, n2: 90, md: [0.60000000000000009, 0.086277777777777787], smd: [0.47177727137710784, 0.095535492453209289], cm: 0.99247805498141328 },
    { n: 'very_unbalanced', m1: 1.0, m2: 0.1, sd1: 0.7, sd2: 1.5, n1: 5, n2: 400, md: [0.90000000000000002, 0.10362499999999999], smd: [0.60122105154316374, 0.20294625525039342], cm: 0.99813760983513533 },
    { n: 'zero_effect', m1: 0.5, m2: 0.5, sd1: 1.0, sd2: 1.0, n1: 40, n2: 40, md: [0, 0.050000000000000003], smd: [0, 0.050000000000000003], cm: 0.99034851305326044 },
    { n: 'large_effect', m1: 3.0, m2: 0.5, sd1: 1.0, sd2: 1.1, n1: 25, n2: 25, md: [2.5, 0.088400000000000006], smd: [2.3408698989159209, 0.13479671883650635], cm: 0.98427942629592347 },
    { n: 'heteroscedastic', m1: 1.0, m2: 0.5, sd1: 0.3, sd2: 2.5, n1: 30, n2: 30, md: [0.5, 0.21133333333333335], smd: [0.27717822008775811, 0.067306898047425151], cm: 0.98700358102800445 },
    { n: 'tiny', m1: 1.0, m2: 0.0, sd1: 1.0, sd2: 1.0, n1: 5, n2: 5, md: [1, 0.40000000000000002], smd: [0.90270333367640987, 0.44074366543152521], cm: 0.90270333367640987 },
  ];
  const input = {
    m1i: cases.map((c) => c.m1),
    m2i: cases.map((c) => c.m2),
    sd1i: cases.map((c) => c.sd1),
    sd2i: cases.map((c) => c.sd2),
    n1i: cases.map((c) => c.n1),
    n2i: cases.map((c) => c.n2),
  };

  it('MD, SMD (Hedges g, vtype LS) and the exact correction factor match metafor 4.6.0 to 1e-12', () => {
    const md = escalc({ measure: 'MD', ...input });
    const smd = escalc({ measure: 'SMD', ...input });
    cases.forEach((c, i) => {
      expectRel('escalc yi', md.yi[i], c.md[0]!, 1e-12, `MD ${c.n}`);
      expectRel('escalc vi', md.vi[i], c.md[1]!, 1e-12, `MD ${c.n}`);
      expectRel('escalc yi', smd.yi[i], c.smd[0]!, 1e-12, `SMD ${c.n}`);
      expectRel('escalc vi', smd.vi[i], c.smd[1]!, 1e-12, `SMD ${c.n}`);
      // metafor computes c(m) as exp(lgamma(m/2) - log(sqrt(m/2)) - lgamma((m-1)/2)), whose rounding
      // error grows with lgamma's magnitude (~1e-13 at m = 398); here it is a finite exact product
      expectRel('Hedges c(m)', hedgesCorrection(c.n1 + c.n2 - 2), c.cm, 1e-12, c.n);
    });
  });

  it('the non-integer branch of the correction factor agrees with the exact recurrence', () => {
    for (const m of [2, 3, 4, 7, 18, 50, 398]) {
      // evaluate just off the integer through the chi-square-CDF identity and compare
      expectRel('Hedges c(m) non-integer', hedgesCorrection(m + 1e-9), hedgesCorrection(m), 1e-8, `m=${m}`);
    }
    // Gamma recurrence r(m+2) = r(m) m/(m-1) with r(m) = c(m) sqrt(m/2), at non-integer m
    for (const m of [5.5, 10.5, 37.25]) {
      const r = (x: number) => hedgesCorrection(x) * Math.sqrt(x / 2);
      expectRel('Hedges c(m) non-integer', r(m + 2) / r(m), m / (m - 1), 1e-12, `m=${m}`);
    }
  });

  // wviechtb/metafor tests/testthat/test_misc_escalc.r, measure='SMD' on dat.normand1999[1:4] (4 dp)
  // and kylehamilton/metabroom README.md (augment() of the escalc/rma fit, R print, 7 significant digits).
  it('SMD for dat.normand1999 matches metafor', () => {
    const r = escalc({ measure: 'SMD', ...NORMAND });
    [-0.3552, -0.3479, -2.3176, -1.888].forEach((y, i) => expectDecimals('escalc yi', r.yi[i], y, 4, `normand SMD ${i + 1}`));
    [0.0131, 0.0645, 0.0458, 0.1606].forEach((v, i) => expectDecimals('escalc vi', r.vi[i], v, 4, `normand SMD ${i + 1}`));
    const yi7 = [-0.3551696, -0.34794, -2.3175692, -1.8879823, -0.3839641, 0.1721487, 0.2720521, -0.4245963, 0.2895562];
    const vi7 = [0.01306468, 0.06446888, 0.04581211, 0.16061774, 0.20543328, 0.03691057, 0.06026713, 0.01486304, 0.03627173];
    yi7.forEach((y, i) => expectSignif('escalc yi', r.yi[i], y, 7, `normand SMD ${i + 1}`));
    vi7.forEach((v, i) => expectSignif('escalc vi', r.vi[i], v, 7, `normand SMD ${i + 1}`));
  });

  // wviechtb/metafor tests/testthat/test_analysis_example_normand1999.r: MD with the pooled SD used for
  // both groups (Normand 1999, Table VIII), yi exact and vi to 2 decimals.
  it('MD with pooled SDs for dat.normand1999 matches metafor (2 dp)', () => {
    const sdp = NORMAND.n1i.map((n1, i) => {
      const n2 = NORMAND.n2i[i]!;
      return Math.sqrt(((n1 - 1) * NORMAND.sd1i[i]! ** 2 + (n2 - 1) * NORMAND.sd2i[i]! ** 2) / (n1 + n2 - 2));
    });
    const r = escalc({ measure: 'MD', ...NORMAND, sd1i: sdp, sd2i: sdp });
    expect(r.yi).toEqual([-20, -2, -55, -71, -4, 1, 11, -10, 7]);
    [40.59, 2.05, 15.28, 150.22, 20.19, 1.22, 95.38, 8.03, 20.69].forEach((v, i) =>
      expectDecimals('escalc vi', r.vi[i], v, 2, `normand MD ${i + 1}`),
    );
  });

  // wviechtb/metafor tests/testthat/test_misc_escalc.r, measure='MC' (4 dp)
  it('MC (raw mean change) matches metafor (4 dp)', () => {
    const r = escalc({ measure: 'MC', m1i: [26], m2i: [22], sd1i: [Math.sqrt(30)], sd2i: [Math.sqrt(20)], ni: [60], ri: [0.7] });
    expectDecimals('escalc yi', r.yi[0], 4.0, 4, 'MC');
    expectDecimals('escalc vi', r.vi[0], 0.2618, 4, 'MC');
  });

  it('omits studies that cannot be computed, with a reason', () => {
    const r = escalc({ measure: 'SMD', m1i: [1, 1, 1], sd1i: [0, 1, 1], n1i: [5, 5, 1], m2i: [0, 0, 0], sd2i: [0, 1, 1], n2i: [5, 5, 1] });
    expect(r.studies.map((s) => s.index)).toEqual([1]);
    expect(r.omitted).toEqual([
      { index: 0, reason: 'pooled standard deviation is 0' },
      { index: 2, reason: 'n1i + n2i - 2 must exceed 1 for the bias-corrected SMD' },
    ]);
    const g = escalc({ measure: 'GEN', yi: [0.1, 0.2, Number.NaN], vi: [0.01, 0, 0.02] });
    expect(g.omitted.map((o) => o.index)).toEqual([1, 2]);
    expect(escalc({ measure: 'GEN', yi: [0.3], sei: [0.2] }).vi[0]).toBeCloseTo(0.04, 15);
  });
});

describe('back-transformations', () => {
  // wviechtb/metafor tests/testthat/test_misc_transf.r (6 decimals)
  it('match metafor transf.* (6 dp) and invert each other', () => {
    expectDecimals('transf', logit(0.1), -2.197225, 6, 'logit(.1)');
    expect(ilogit(logit(0.1))).toBeCloseTo(0.1, 15);
    expectDecimals('transf', arcsin(0.1), 0.321751, 6, 'arcsin(.1)');
    expect(iarcsin(arcsin(0.1))).toBeCloseTo(0.1, 15);
    expectDecimals('transf', pft(0.1, 10), 0.373394, 6, 'pft(.1,10)');
    expect(ipft(pft(0.1, 10), 10)).toBeCloseTo(0.1, 12);
    expect(ipftHm(pft(0.1, 10), [10])).toBeCloseTo(0.1, 12);
    expect(iarcsin(-0.1)).toBe(0);
    expect(iarcsin(2)).toBe(1);
    expect(ilogit(-800)).toBe(0);
    expect(backTransform('RR')(Math.log(2))).toBeCloseTo(2, 14);
  });

  // wviechtb/metafor tests/testthat/test_analysis_example_miller1978.r: back-transformations of PFT
  // values of 0 and 1, of individual studies, and of the EE estimate with transf.ipft.hm (4 dp).
  it('ipft/ipft.hm reproduce metafor (miller1978 test)', () => {
    const r01 = escalc({ measure: 'PFT', xi: [0, 10], ni: [10, 10] }, { add: 0 });
    expect(r01.yi.map((y, i) => ipft(y, r01.ni[i]!))).toEqual([0, 1]);
    const d = { xi: [0, 4, 9, 16, 20], ni: [10, 10, 15, 20, 20] };
    const r = escalc({ measure: 'PFT', ...d }, { add: 0 });
    r.yi.forEach((y, i) => expect(ipft(y, d.ni[i]!)).toBeCloseTo([0, 0.4, 0.6, 0.8, 1][i]!, 12));
    const ee = fit(r.yi, r.vi, { method: 'EE' });
    const p = predict(ee, { transf: backTransform('PFT', d.ni) });
    expectDecimals('back-transformed estimate', p.pred, 0.6886, 4, 'miller PFT EE');
    expectDecimals('back-transformed estimate', p.ciLb, 0.5734, 4, 'miller PFT EE ci.lb');
    expectDecimals('back-transformed estimate', p.ciUb, 0.7943, 4, 'miller PFT EE ci.ub');
    // weighted EE model on Miller's data: 2 * estimate = 1.3093, ipft.hm = 0.3595
    const m = escalc({ measure: 'PFT', ...MILLER1978 });
    const mfit = fit(m.yi, m.vi, { method: 'EE' });
    expectDecimals('estimate', mfit.estimate * 2, 1.3093, 4, 'miller EE x2');
    expectDecimals('back-transformed estimate', ipftHm(mfit.estimate, MILLER1978.ni), 0.3595, 4, 'miller EE ipft.hm');
  });
});
