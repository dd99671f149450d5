// EB, GENQ, test "t", user weights, a fixed tau^2, metafor's level rule, k = 1 and 2, chi-square and F
// tails, large k, escalc's add/to/drop00, against R's metafor 3.8-1 (test/meta/r/reference.R; each
// case names its R call). Tolerance 1e-6 relative (metafor's PM/EB roots and Fisher scoring stop at
// their own tolerances, which both sides share step for step).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { pchisq, pchisqUpper, pfUpper, qchisq } from '../../src/meta/dist.js';
import { confint, fit, type FitOptions } from '../../src/meta/rma.js';
import { escalc } from '../../src/meta/escalc.js';
import { expectRel } from './helpers.js';
import { bigData, bigPath, ref } from './reference.js';

const OPTS: Record<string, (w: number[]) => FitOptions> = {
  EB: () => ({ method: 'EB' }),
  GENQ: (w) => ({ method: 'GENQ', weights: w }),
  'REML t': () => ({ test: 't' }),
  'DL t level40': () => ({ method: 'DL', test: 't', level: 40 }),
  'REML weights': (w) => ({ weights: w }),
  'REML weights knha': (w) => ({ weights: w, test: 'knha' }),
  'REML tau2=0.1': () => ({ tau2: 0.1 }),
  'DL tau2=0.05': () => ({ method: 'DL', tau2: 0.05 }),
  'PM tau2=0.05': () => ({ method: 'PM', tau2: 0.05 }),
  'REML level 0.1': () => ({ level: 0.1 }),
};

function check(name: string, r: ReturnType<typeof fit>, v: Record<string, unknown>, tol = 1e-6): void {
  const pairs: [string, number | null][] = [
    ['b', r.estimate], ['se', r.se], ['pval', r.pval], ['ci_lb', r.ciLb], ['ci_ub', r.ciUb], ['tau2', r.tau2],
    ['QE', r.Q], ['QEp', r.Qp], ['I2', r.I2], ['H2', r.H2], ['QM', r.QM], ['QMp', r.QMp],
  ];
  for (const [key, actual] of pairs) {
    const expected = v[key];
    if (typeof expected !== 'number') continue;
    if (key === 'tau2' && expected === 0) expect(actual).toBe(0);
    else if (Math.abs(expected) < 1e-12 && key !== 'pval' && key !== 'QEp' && key !== 'QMp') expect(Math.abs(actual ?? NaN)).toBeLessThan(1e-10);
    else expectRel(key, actual, expected, tol, name);
  }
  if (typeof v.se_tau2 === 'number') expectRel('se.tau2', r.seTau2, v.se_tau2, tol, name);
  const w = v.weights;
  if (Array.isArray(w)) w.forEach((wi, i) => expectRel('weights', r.weights[i], wi as number, tol, name));
}

describe(`rma options against metafor ${ref.versions.metafor}`, () => {
  for (const c of ref.cases) {
    const [set, ...rest] = c.name.split(' ');
    const key = rest.join(' ');
    const data = ref.data[set!];
    if (!data) continue;
    it(`${c.name}: ${c.call}`, () => {
      let r;
      if (key === 'k=1 REML') r = fit(data.yi.slice(0, 1), data.vi.slice(0, 1));
      else if (key === 'k=2 REML') r = fit(data.yi.slice(0, 2), data.vi.slice(0, 2));
      else r = fit(data.yi, data.vi, OPTS[key]!(data.w));
      check(c.name, r, c.value);
    });
  }

  it('k = 2,500 heterogeneity p-value (metafor 0.22324, was 0.22689 with the old chi-square CDF)', () => {
    const c = ref.cases.find((x) => x.name === 'k2500 DL')!;
    const { yi, vi } = bigData(2500);
    const r = fit(yi, vi, { method: 'DL' });
    check(c.name, r, c.value);
  });

  it('k = 5,000: every estimator fits with its Q-profile CI within 2 s on a shared machine (~0.1-0.3 s idle); bounds match metafor (big.json)', () => {
    const { yi, vi } = bigData(5000);
    const big = existsSync(bigPath) ? (JSON.parse(readFileSync(bigPath, 'utf8')) as { big5000: Record<string, { fit: Record<string, number>; tau2: number[]; I2: number[]; H2: number[] }> }) : null;
    for (const method of ['FE', 'DL', 'REML', 'ML', 'PM', 'HS', 'SJ', 'HE', 'EB'] as const) {
      const t0 = performance.now();
      const r = fit(yi, vi, { method });
      const ci = method === 'FE' ? null : confint(r);
      const ms = performance.now() - t0;
      expect(ms, `${method} fit + confint at k = 5,000`).toBeLessThan(2000); // < 1 s on an idle machine; slack for a shared one
      const exp = big?.big5000[method];
      if (exp && ci) {
        expectRel('b', r.estimate, exp.fit.b!, 1e-6, `k5000 ${method}`);
        expectRel('tau2', r.tau2, exp.fit.tau2!, 1e-6, `k5000 ${method}`);
        expectRel('QEp', r.Qp, exp.fit.QEp!, 1e-6, `k5000 ${method}`);
        // metafor's Q-profile roots stop at uniroot's tolerance; same steps here
        expectRel('tau2 ci.lb', ci.tau2.ciLb, exp.tau2[1]!, 1e-6, `k5000 ${method}`);
        expectRel('tau2 ci.ub', ci.tau2.ciUb, exp.tau2[2]!, 1e-6, `k5000 ${method}`);
        expectRel('I2 ci.lb', ci.I2.ciLb, exp.I2[1]!, 1e-6, `k5000 ${method}`);
        expectRel('H2 ci.lb', ci.H2.ciLb, exp.H2[1]!, 1e-6, `k5000 ${method}`);
      }
    }
  });
});

describe('chi-square and F tails against R', () => {
  it('pchisq both tails, directly (tiny upper tails keep their digits)', () => {
    for (const c of ref.pchisq) {
      expectRel('pchisq upper', pchisqUpper(c.x, c.df), c.upper, 1e-12, `x=${c.x} df=${c.df}`);
      if (c.lower > 1e-300) expectRel('pchisq lower', pchisq(c.x, c.df), c.lower, 1e-12, `x=${c.x} df=${c.df}`);
    }
  });
  it('qchisq', () => {
    for (const c of ref.qchisq) expectRel('qchisq', qchisq(c.p, c.df), c.q, 1e-12, `p=${c.p} df=${c.df}`);
  });
  it('pf upper tail', () => {
    for (const c of ref.pf) expectRel('pf upper', pfUpper(c.f, c.df1, c.df2), c.upper, 1e-12, `f=${c.f}`);
  });
});

describe('escalc add/to/drop00 on dat.nielweise2007 (OR) against metafor', () => {
  const nw = ref.nielweise2007;
  const opts = [{}, { add: 0.5, to: 'all' as const }, { add: 0.5, to: 'if0all' as const }, { add: 0.1, to: 'only0' as const }, { drop00: true }];
  ref.escalc.forEach((c, j) => {
    it(c.call, () => {
      const es = escalc({ measure: 'OR', ai: nw.ai, n1i: nw.n1i, ci: nw.ci, n2i: nw.n2i }, opts[j]);
      const byIndex = new Map(es.studies.map((s) => [s.index, s]));
      c.value.yi.forEach((y, i) => {
        const s = byIndex.get(i);
        if (y === null) expect(s, `study ${i + 1} omitted`).toBeUndefined();
        else {
          expectRel('yi', s?.yi, y, 1e-10, `${c.call} study ${i + 1}`);
          expectRel('vi', s?.vi, c.value.vi[i]!, 1e-10, `${c.call} study ${i + 1}`);
        }
      });
    });
  });
});

describe('subgroups: one failing subgroup is reported, the rest go on', () => {
  const yi = [0.1, 0.3, 0.2, 0.5, 0.5, 0.5, -0.2, 0.4, 0.1];
  const vi = [0.01, 0.02, 0.015, 0.02, 0.03, 0.01, 0.02, 0.05, 0.01];
  const g = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
  it('knha on a subgroup whose estimates are all identical: se 0, left out of the test for differences', async () => {
    const { subgroupAnalysis } = await import('../../src/meta/rma.js');
    const sg = subgroupAnalysis(yi, vi, g, { test: 'knha', skipFailed: true });
    expect(sg.levels).toEqual(['a', 'b', 'c']);
    expect(sg.failed.map((f) => f.level)).toEqual(['b']);
    expect(sg.failed[0]!.error).toMatch(/standard error is 0/);
    expect(sg.Qbdf).toBe(1); // a and c
    // Qb is the FE Q between the two usable subgroup estimates
    const a = sg.fits[0]!;
    const c = sg.fits[2]!;
    const w = [1 / a.se ** 2, 1 / c.se ** 2];
    const m = (w[0]! * a.estimate + w[1]! * c.estimate) / (w[0]! + w[1]!);
    expectRel('Qb', sg.Qb, w[0]! * (a.estimate - m) ** 2 + w[1]! * (c.estimate - m) ** 2, 1e-12);
  });
  it('a subgroup whose REML fit does not converge is listed with the reason; without skipFailed it throws', async () => {
    const { subgroupAnalysis } = await import('../../src/meta/rma.js');
    const opts = { control: { maxiter: 0, threshold: 1e-300 } };
    const sg = subgroupAnalysis(yi, vi, g, { ...opts, skipFailed: true });
    expect(sg.failed.length).toBeGreaterThan(0);
    expect(sg.failed[0]!.error).toMatch(/did not converge.*maxiter/);
    expect(() => subgroupAnalysis(yi, vi, g, opts)).toThrow(/Subgroup 'a'/);
  });
});
