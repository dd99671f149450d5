// Small-study tests, meta-regression, cumulative meta-analysis, influence diagnostics and the
// mean-change correlation sensitivity, against R metafor 3.8.1 (R 4.2.2, Debian bookworm).
// Every expected number comes from test/meta/r/extras-expected.json, written by
//   Rscript test/meta/r/extras.R > test/meta/r/extras-expected.json
// and each entry there carries the exact R call that produced it ("call"), shown in the test names
// below. The input data (yi, vi, moderators) are metafor's datasets as that script exported them.
// Tolerance: 1e-6 relative (absolute 1e-9 where metafor's value is 0 or below 1e-9 in size).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regtest, ranktest, trimfill, pkendall, kendallTest } from '../../src/meta/bias.js';
import { changeEffects, correlationSensitivity } from '../../src/meta/change.js';
import { cumulative } from '../../src/meta/cumulative.js';
import { baujat, influence } from '../../src/meta/influence.js';
import { metaRegression, designMatrix } from '../../src/meta/metareg.js';
import { fit, type Method, type Test } from '../../src/meta/rma.js';
import { ROOT } from '../helpers.js';

interface Dataset { call: string; label: string[]; yi: number[]; vi: number[]; mods: Record<string, (number | string)[]> }
interface ChangeSet { call: string; m1i: number[]; m2i: number[]; sd1i: number[]; sd2i: number[]; ni: number[] }
const R = JSON.parse(readFileSync(join(ROOT, 'test/meta/r/extras-expected.json'), 'utf8')) as {
  metafor: string;
  datasets: Record<string, Dataset & ChangeSet>;
  expect: Record<string, { call: string; value: Record<string, unknown> }>;
};
const REL = 1e-6;

function close(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual === null || actual === undefined || Number.isNaN(actual), `${what}: metafor gives NA, got ${actual}`).toBe(true);
    return;
  }
  expect(typeof actual, what).toBe('number');
  const tol = Math.max(REL * Math.abs(expected), 1e-9);
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs metafor ${expected}`).toBeLessThanOrEqual(tol);
}
function closeAll(actual: readonly (number | null)[], expected: readonly (number | null)[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expected.forEach((e, i) => close(actual[i], e, `${what}[${i}]`));
}
/** Each named column of `rows` against metafor's vector of the same name in `v` (which must have it). */
function closeColumns<T>(rows: readonly T[], v: Record<string, unknown>, keys: readonly (keyof T & string)[]): void {
  for (const k of keys) {
    expect(v, `metafor's ${k}`).toHaveProperty(k);
    closeAll(rows.map((r) => r[k] as number | null), v[k] as number[], k);
  }
}
const entries = (prefix: string) => Object.entries(R.expect).filter(([key]) => key.startsWith(prefix));
/** "REML", "DL", "REML-knha", "FE" -> method and test */
const spec = (s: string): { method: Method; test: Test } => ({ method: s.split('-')[0] as Method, test: s.endsWith('knha') ? 'knha' : 'z' });
const model = (set: string, s: string) => fit(R.datasets[set]!.yi, R.datasets[set]!.vi, spec(s));

it(`the reference numbers are metafor ${R.metafor}'s`, () => {
  expect(R.metafor).toBe('3.8.1');
  expect(Object.keys(R.expect).length).toBeGreaterThan(80);
});

describe('regtest (Egger-type regression test, model="rma", predictor="sei")', () => {
  for (const [key, { call, value: v }] of entries('regtest/')) {
    it(`${call}`, () => {
      const [, set, s] = key.split('/');
      const r = regtest(model(set!, s!));
      close(r.zval, v.zval as number, 'zval');
      close(r.pval, v.pval as number, 'pval');
      close(r.limit, v.limit as number, 'limit');
      close(r.ci_lb, v.ci_lb as number, 'ci_lb');
      close(r.ci_ub, v.ci_ub as number, 'ci_ub');
      if ('ddf' in v) expect(r.ddf).toBe(v.ddf);
    });
  }
});

describe('ranktest (Begg and Mazumdar, Kendall tau)', () => {
  for (const [key, { call, value: v }] of entries('ranktest/')) {
    it(`${call}`, () => {
      const [, set] = key.split('/');
      const r = ranktest(R.datasets[set!]!.yi, R.datasets[set!]!.vi);
      close(r.tau, v.tau as number, 'tau');
      close(r.pval, v.pval as number, 'pval');
    });
  }
  it('exact Kendall distribution: P(T <= q) for n = 4 by enumeration (1, 3, 5, 6, 5, 3, 1 permutations of 24)', () => {
    const counts = [1, 3, 5, 6, 5, 3, 1];
    let cum = 0;
    counts.forEach((c, q) => {
      cum += c;
      expect(pkendall(q, 4)).toBeCloseTo(cum / 24, 14);
    });
  });
  it('perfectly concordant data: tau = 1, exact two-sided p = 2/n!', () => {
    const t = kendallTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(t.tau).toBe(1);
    expect(t.pval).toBeCloseTo(2 / 120, 14);
  });
});

describe('trimfill (Duval and Tweedie, L0 and R0, side as metafor chooses it)', () => {
  for (const [key, { call, value: v }] of entries('trimfill/')) {
    it(`${call}`, () => {
      const [, set, s] = key.split('/');
      const estimator = s!.endsWith('R0') ? 'R0' : 'L0';
      const r = trimfill(model(set!, s!.replace('-R0', '')), { estimator });
      expect(r.k0).toBe(v.k0);
      expect(r.side).toBe(v.side);
      close(r.estimate, v.estimate as number, 'estimate');
      close(r.se, v.se as number, 'se');
      if ('se_k0' in v) close(r.se_k0, v.se_k0 as number, 'se_k0');
      if ('ci_lb' in v) {
        close(r.ci_lb, v.ci_lb as number, 'ci_lb');
        close(r.ci_ub, v.ci_ub as number, 'ci_ub');
        close(r.tau2, v.tau2 as number, 'tau2');
      }
    });
  }
  it('finds studies on at least one dataset (the comparison is not all k0 = 0)', () => {
    expect(entries('trimfill/').some(([, e]) => (e.value.k0 as number) > 0)).toBe(true);
  });
});

describe('meta-regression (rma with mods)', () => {
  for (const [key, { call, value: v }] of entries('metareg/')) {
    it(`${call}`, () => {
      const [, set, f, s] = key.split('/');
      const d = R.datasets[set!]!;
      const cols = f!.split('+').map((name) => ({ name, values: d.mods[name]! }));
      const r = metaRegression(d.yi, d.vi, cols, spec(s!));
      expect(r.coefficients.map((c) => c.term)).toEqual(v.terms);
      const stat = r.coefficients.map((c) => c.zval ?? c.tval ?? null);
      closeAll(r.coefficients.map((c) => c.estimate), v.estimate as number[], 'estimate');
      closeAll(r.coefficients.map((c) => c.se), v.se as number[], 'se');
      closeAll(stat, v.stat as number[], spec(s!).test === 'z' ? 'zval' : 'tval');
      closeAll(r.coefficients.map((c) => c.pval), v.pval as number[], 'pval');
      closeAll(r.coefficients.map((c) => c.ci_lb), v.ci_lb as number[], 'ci_lb');
      closeAll(r.coefficients.map((c) => c.ci_ub), v.ci_ub as number[], 'ci_ub');
      close(r.QM, v.QM as number, 'QM');
      if (r.QMp !== null) close(r.QMp, v.QMp as number, 'QMp');
      else expect(r.QMdf[0]).toBeGreaterThan(1); // F test with m > 1 df: no F distribution yet (README)
      close(r.QE, v.QE as number, 'QE');
      close(r.QEp, v.QEp as number, 'QEp');
      close(r.tau2, v.tau2 as number, 'tau2');
      close(r.I2, v.I2 as number, 'I2');
      close(r.R2, v.R2 as number, 'R2');
      expect(r.test).toBe(spec(s!).test);
    });
  }
  it("dummy coding as R's model.matrix: first level is the reference, columns named <moderator><level>", () => {
    const d = designMatrix([{ name: 'alloc', values: ['random', 'alternate', 'systematic', 'random'] }, { name: 'x', values: [1, 2, 3, 4] }], 4);
    expect(d.names).toEqual(['intrcpt', 'allocrandom', 'allocsystematic', 'x']);
    expect(d.mods).toEqual([[1, 0, 1], [0, 0, 2], [0, 1, 3], [1, 0, 4]]);
  });
  it('leaves out a study with a missing moderator value and says so', () => {
    const d = R.datasets.bcg!;
    const ablat: (number | null)[] = [...(d.mods.ablat as number[])];
    ablat[0] = null;
    const r = metaRegression(d.yi, d.vi, [{ name: 'ablat', values: ablat }]);
    expect(r.k).toBe(12);
    expect(r.missing).toEqual([{ index: 0, moderator: 'ablat' }]);
    expect(r.warnings[0]).toMatch(/missing moderator/);
  });
});

describe('cumulative meta-analysis (cumul)', () => {
  for (const [key, { call, value: v }] of entries('cumul/')) {
    it(`${call}`, () => {
      const [, set, ord, s] = key.split('/');
      const d = R.datasets[set!]!;
      const rows = cumulative(model(set!, s!), d.mods[ord!]!);
      expect(rows.map((r) => r.index)).toEqual(v.order);
      closeColumns(rows, v, ['estimate', 'se', 'pval', 'ci_lb', 'ci_ub', 'Q', ...(v.tau2 !== null ? (['tau2'] as const) : []), 'I2', 'H2']);
    });
  }
});

describe('influence diagnostics and Baujat coordinates', () => {
  for (const [key, { call, value: v }] of entries('influence/')) {
    it(`${call}`, () => {
      const parts = key.split('/');
      const set = parts[1]!;
      const s = parts[parts.length - 1]!;
      const d = R.datasets[set]!;
      const m = parts.length === 4
        ? fit(d.yi, d.vi, { ...spec(s), mods: (d.mods[parts[2]!] as number[]).map((x) => [x]), coefNames: ['intrcpt', parts[2]!] })
        : model(set, s);
      const rows = influence(m);
      closeColumns(rows, v, ['rstudent', 'dffits', 'cook_d', 'cov_r', 'tau2_del', 'QE_del', 'hat', 'weight']);
      (v.dfbetas as number[][]).forEach((col, j) => closeAll(rows.map((r) => r.dfbetas[j]!), col, `dfbetas[${j}]`));
      expect(rows.map((r) => r.influential)).toEqual(v.inf);
      const b = R.expect[key.replace('influence/', 'baujat/')]!.value;
      const pts = baujat(m);
      closeAll(pts.map((p) => p.x), b.x as number[], 'baujat x');
      closeAll(pts.map((p) => p.y), b.y as number[], 'baujat y');
    });
  }
});

describe('mean change with an assumed correlation (escalc MC / SMCR with ri) and its sensitivity', () => {
  for (const [key, { call, value: v }] of entries('change/')) {
    it(`${call}`, () => {
      const [, set, measure, ri] = key.split('/');
      const d = R.datasets[`change/${set}`]!;
      const input = { m1i: d.m1i, m2i: d.m2i, sd1i: d.sd1i, sd2i: d.sd2i, ni: d.ni };
      const es = changeEffects(measure as 'MC' | 'SMCR', input, Number(ri));
      const yi = new Array<number | null>(d.m1i.length).fill(null);
      const vi = new Array<number | null>(d.m1i.length).fill(null);
      es.studies.forEach((s) => {
        yi[s.index] = s.yi;
        vi[s.index] = s.vi;
      });
      closeAll(yi, v.yi as (number | null)[], 'yi');
      closeAll(vi, v.vi as (number | null)[], 'vi');
      expect(es.assumed.length).toBe(d.m1i.length);
      const sens = correlationSensitivity(measure as 'MC' | 'SMCR', input, [Number(ri)]);
      const row = sens.rows[0]!;
      close(row.estimate, v.estimate as number, 'estimate');
      close(row.se, v.se as number, 'se');
      close(row.ci_lb, v.ci_lb as number, 'ci_lb');
      close(row.ci_ub, v.ci_ub as number, 'ci_ub');
      close(row.tau2, v.tau2 as number, 'tau2');
      close(row.I2, v.I2 as number, 'I2');
      expect(sens.assumption).toMatch(/^ASSUMPTION: .* ASSUMED correlation/);
    });
  }
  it("a study's own reported correlation is kept; only the others rest on the assumption", () => {
    const input = { m1i: [10, 12], m2i: [7, 8], sd1i: [3, 4], sd2i: [3, 4], ni: [20, 30], ri: [0.6, null] };
    const es = changeEffects('MC', input, 0.2);
    expect(es.assumed).toEqual([1]);
    expect(es.vi[0]).toBeCloseTo((9 + 9 - 2 * 0.6 * 9) / 20, 14);
    expect(es.vi[1]).toBeCloseTo((16 + 16 - 2 * 0.2 * 16) / 30, 14);
  });
});
