// Property tests (fast-check) for invariants any correct implementation must satisfy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backTransform, escalc } from '../../src/meta/escalc.js';
import { fit, leave1out, subgroupAnalysis, type Method, type RmaFit } from '../../src/meta/rma.js';

const METHODS: Method[] = ['FE', 'DL', 'REML', 'ML', 'PM', 'HS', 'SJ', 'HE'];
// PM's root is only as exact as the root-finder tolerance; use a tight one where exact equality matters
const opts = (method: Method) => (method === 'PM' ? { method, control: { tol: 1e-12 } } : { method });

const study = fc.record({
  y: fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }),
  v: fc.double({ min: 0.001, max: 2, noNaN: true, noDefaultInfinity: true }),
});

function close(a: number | null, b: number | null, rel = 1e-8, abs = 1e-10): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Fit, or undefined where metafor would also stop (e.g. Fisher scoring not converging). */
function tryFit(yi: number[], vi: number[], method: Method): RmaFit | undefined {
  try {
    return fit(yi, vi, opts(method));
  } catch {
    return undefined;
  }
}

describe('invariance to study order', () => {
  it('every estimator gives the same results for any permutation of the studies', () => {
    fc.assert(
      fc.property(
        fc.array(study, { minLength: 2, maxLength: 12 }).chain((studies) =>
          fc.tuple(
            fc.constant(studies),
            fc.shuffledSubarray(
              studies.map((_, i) => i),
              { minLength: studies.length, maxLength: studies.length },
            ),
            fc.constantFrom(...METHODS),
          ),
        ),
        ([studies, perm, method]) => {
          const a = tryFit(studies.map((s) => s.y), studies.map((s) => s.v), method);
          fc.pre(a !== undefined);
          const b = fit(perm.map((i) => studies[i]!.y), perm.map((i) => studies[i]!.v), opts(method));
          expect(close(a!.estimate, b.estimate)).toBe(true);
          expect(close(a!.se, b.se)).toBe(true);
          expect(close(a!.tau2, b.tau2)).toBe(true);
          expect(close(a!.Q, b.Q)).toBe(true);
          expect(close(a!.I2, b.I2, 1e-8, 1e-8)).toBe(true);
          expect(close(a!.ciLb, b.ciLb)).toBe(true);
          // the weights move with their studies
          perm.forEach((i, j) => expect(close(a!.weights[i]!, b.weights[j]!)).toBe(true));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('subgroup analysis does not depend on study order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: study, g: fc.constantFrom('a', 'b', 'c') }), { minLength: 6, maxLength: 15 }),
        fc.integer({ min: 1, max: 1000 }),
        (rows, seed) => {
          fc.pre(new Set(rows.map((r) => r.g)).size >= 2);
          const perm = rows.map((_, i) => i).sort((i, j) => ((i * seed) % 17) - ((j * seed) % 17) || i - j);
          const run = (idx: number[]) =>
            subgroupAnalysis(idx.map((i) => rows[i]!.s.y), idx.map((i) => rows[i]!.s.v), idx.map((i) => rows[i]!.g), { method: 'DL' });
          const a = run(rows.map((_, i) => i));
          const b = run(perm);
          expect(a.levels).toEqual(b.levels);
          expect(close(a.Qb, b.Qb)).toBe(true);
          a.fits.forEach((f, g) => expect(close(f.estimate, b.fits[g]!.estimate)).toBe(true));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('k = 1', () => {
  it('gives tau^2 = 0, the study itself, and Q = 0, p = 1, I^2 = 0, H^2 = 1 as metafor', () => {
    fc.assert(
      fc.property(study, fc.constantFrom(...METHODS), fc.constantFrom('z' as const, 'knha' as const), ({ y, v }, method, test) => {
        const r = fit([y], [v], { method, test });
        expect(r.k).toBe(1);
        expect(r.tau2).toBe(0);
        expect(r.seTau2).toBeNull();
        expect(r.Q).toBe(0);
        expect(r.Qp).toBe(1);
        expect(r.I2).toBe(0);
        expect(r.H2).toBe(1);
        expect(close(r.estimate, y, 1e-14, 1e-300)).toBe(true);
        expect(close(r.se, Math.sqrt(v), 1e-14, 0)).toBe(true);
        expect(r.test).toBe('z'); // as metafor: knha needs k > 1
        if (test === 'knha') expect(r.warnings.join(' ')).toMatch(/k=1/);
        expect(r.weights).toHaveLength(1);
        expect(close(r.weights[0]!, 100, 1e-14, 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('no heterogeneity', () => {
  it('identical studies: tau^2 = 0 and Q = 0 for every estimator', () => {
    fc.assert(
      fc.property(study, fc.integer({ min: 2, max: 30 }), fc.constantFrom(...METHODS), ({ y, v }, k, method) => {
        const r = fit(new Array<number>(k).fill(y), new Array<number>(k).fill(v), opts(method));
        expect(r.tau2).toBeLessThanOrEqual(1e-12);
        expect(r.Q).toBeLessThanOrEqual(1e-12);
        expect(r.I2).toBeLessThanOrEqual(1e-9);
        expect(close(r.estimate, y, 1e-12, 1e-14)).toBe(true);
        expect(close(r.se, Math.sqrt(v / k), 1e-9, 0)).toBe(true);
        r.weights.forEach((w) => expect(close(w, 100 / k, 1e-12, 0)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('all estimates equal (sampling variances differ): tau^2 = 0 for every estimator', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }),
        fc.array(fc.double({ min: 0.001, max: 2, noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 20 }),
        fc.constantFrom(...METHODS),
        (y, vi, method) => {
          const r = fit(vi.map(() => y), vi, opts(method));
          expect(r.tau2).toBeLessThanOrEqual(1e-12);
          expect(r.Q).toBeLessThanOrEqual(1e-12);
          expect(close(r.estimate, y, 1e-12, 1e-14)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('proportions with no events at all', () => {
  it('every study is computed (none omitted), PR/PLO are corrected, PAS/PFT are not, and the back-transformed pooled proportion is small and valid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 2, maxLength: 15 }),
        fc.constantFrom('PR' as const, 'PLO' as const, 'PAS' as const, 'PFT' as const),
        fc.constantFrom<Method>('FE', 'DL', 'REML'),
        (ni, measure, method) => {
          const es = escalc({ measure, xi: ni.map(() => 0), ni });
          expect(es.omitted).toEqual([]);
          expect(es.studies).toHaveLength(ni.length);
          const corrected = measure === 'PR' || measure === 'PLO';
          expect(es.correction.adjusted).toEqual(corrected ? ni.map((_, i) => i) : []);
          const r = fit(es.yi, es.vi, { method });
          const p = backTransform(measure, ni)(r.estimate);
          expect(Number.isFinite(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          // no study has a proportion above 0.5/(n+1) after the correction (0 without it)
          expect(p).toBeLessThanOrEqual(corrected ? 0.5 / (Math.min(...ni) + 1) + 1e-12 : 1 / Math.min(...ni));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('escalc bookkeeping', () => {
  it('every input study is either computed or omitted with a reason, in order', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(Number.NaN), fc.constant(-1));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(count, count, count, count), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('RR' as const, 'OR' as const, 'RD' as const),
        fc.constantFrom('only0' as const, 'all' as const, 'if0all' as const, 'none' as const),
        (tables, measure, to) => {
          const r = escalc(
            { measure, ai: tables.map((t) => t[0]), bi: tables.map((t) => t[1]), ci: tables.map((t) => t[2]), di: tables.map((t) => t[3]) },
            { to },
          );
          const seen = [...r.studies.map((s) => s.index), ...r.omitted.map((o) => o.index)].sort((a, b) => a - b);
          expect(seen).toEqual(tables.map((_, i) => i));
          r.omitted.forEach((o) => expect(o.reason.length).toBeGreaterThan(0));
          r.studies.forEach((s) => {
            expect(Number.isFinite(s.yi)).toBe(true);
            expect(s.vi).toBeGreaterThan(0);
          });
          expect(r.correction.adjusted.every((i) => r.studies.some((s) => s.index === i && s.adjusted))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('leave-one-out', () => {
  it('each row equals a fit without that study', () => {
    fc.assert(
      fc.property(fc.array(study, { minLength: 3, maxLength: 8 }), fc.constantFrom<Method>('DL', 'REML', 'FE'), (studies, method) => {
        const yi = studies.map((s) => s.y);
        const vi = studies.map((s) => s.v);
        const m = tryFit(yi, vi, method);
        fc.pre(m !== undefined);
        const rows = leave1out(m!);
        rows.forEach((row, i) => {
          const r = tryFit(yi.filter((_, j) => j !== i), vi.filter((_, j) => j !== i), method);
          if (r) expect(row.estimate).toBe(r.estimate);
          else {
            // a refit that fails (as metafor's try()) gives NaN and the reason, not an exception
            expect(row.estimate).toBeNaN();
            expect(row.error).toBeTruthy();
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
