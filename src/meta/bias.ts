// Small-study (funnel-plot asymmetry) methods, following metafor 3.8 step for step:
// regtest() (Egger-type regression test, its default model="rma", predictor="sei"), ranktest()
// (Begg and Mazumdar's rank correlation, via R's cor.test(method="kendall", exact=TRUE)) and
// trimfill() (Duval and Tweedie, estimator L0 by default, side chosen as metafor does).
import { pnorm } from './dist.js';
import { fit, MetaAnalysisError, type RmaFit } from './rma.js';

/** Below this many studies the tests have little power (Sterne et al., BMJ 2011): warn. */
export const SMALL_K = 10;

export function smallKWarning(k: number): string | null {
  return k < SMALL_K ? `only ${k} studies: tests for funnel-plot asymmetry have low power with fewer than ${SMALL_K} (Sterne et al., BMJ 2011;343:d4002); read them with caution.` : null;
}

export interface RegTestResult {
  /** Test statistic of the sei coefficient: z (test = 'z') or t (knha/adhoc, with ddf df). */
  zval: number;
  pval: number;
  /** Denominator df (k - p - 1) for t tests; null for z. */
  ddf: number | null;
  /** The limit estimate (the intercept: the effect as sei -> 0), with its CI; null with other moderators. */
  limit: number | null;
  ci_lb: number | null;
  ci_ub: number | null;
  /** Coefficient of sei and its standard error. */
  slope: number;
  slopeSe: number;
  predictor: 'sei';
  model: 'rma';
  fit: RmaFit;
}

/**
 * metafor's regtest(x) (model="rma", predictor="sei"): the model refitted with the standard error
 * sqrt(vi) added as a moderator (same method, test, level and control); the test of its coefficient
 * is the test of funnel-plot asymmetry, the intercept is the "limit estimate".
 */
export function regtest(model: RmaFit): RegTestResult {
  const X = model.X.map((row, i) => [...row, Math.sqrt(model.vi[i]!)]);
  const names = [...model.coefficients.map((c) => c.name), 'sei'];
  const r = fit(model.yi, model.vi, {
    method: model.method,
    test: model.test,
    level: model.level,
    mods: X,
    intercept: false,
    coefNames: names,
    ...(model.options.control ? { control: model.options.control } : {}),
  });
  const p = model.p;
  const c = r.coefficients[p]!;
  const intOnly = p === 1 && model.X.every((row) => row[0] === 1);
  const first = r.coefficients[0]!;
  return {
    zval: c.stat,
    pval: c.pval,
    ddf: r.ddf,
    limit: intOnly ? first.estimate : null,
    ci_lb: intOnly ? first.ciLb : null,
    ci_ub: intOnly ? first.ciUb : null,
    slope: c.estimate,
    slopeSe: c.se,
    predictor: 'sei',
    model: 'rma',
    fit: r,
  };
}

// ---- Kendall's tau as R's cor(method="kendall") and cor.test(method="kendall")

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Kendall's tau-b (R's cor(x, y, method = "kendall")). */
export function kendallTau(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let s = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = sign(x[i]! - x[j]!);
      const b = sign(y[i]! - y[j]!);
      s += a * b;
      nx += a * a;
      ny += b * b;
    }
  }
  return s / Math.sqrt(nx * ny);
}

/**
 * P(T <= q) for Kendall's statistic T (number of concordant pairs) among n untied observations
 * under independence: R's pkendall (ckendall counts permutations by inversions, divided by n!).
 */
export function pkendall(q: number, n: number): number {
  const u = (n * (n - 1)) / 2;
  if (q < 0) return 0;
  if (q >= u) return 1;
  // counts[k] = number of permutations of size m with k inversions (Mahonian numbers)
  let counts = [1];
  for (let m = 2; m <= n; m++) {
    const max = (m * (m - 1)) / 2;
    const next = new Array<number>(max + 1).fill(0);
    for (let k = 0; k <= max; k++) {
      let s = 0;
      for (let i = 0; i < m; i++) if (k - i >= 0 && k - i < counts.length) s += counts[k - i]!;
      next[k] = s;
    }
    counts = next;
  }
  let p = 0;
  for (let k = 0; k <= q; k++) p += counts[k]!;
  let fact = 1;
  for (let m = 2; m <= n; m++) fact *= m;
  return p / fact;
}

export interface KendallTest {
  tau: number;
  pval: number;
  /** 'exact' (no ties) or 'normal' (ties: R falls back to the normal approximation with a warning). */
  method: 'exact' | 'normal';
}

/** R's cor.test(x, y, method = "kendall", exact = TRUE), two-sided, without continuity correction. */
export function kendallTest(x: readonly number[], y: readonly number[]): KendallTest {
  const n = x.length;
  if (n < 2) throw new MetaAnalysisError('not enough finite observations');
  const r = kendallTau(x, y);
  const ties = Math.min(new Set(x).size, new Set(y).size) < n;
  if (!Number.isFinite(r)) return { tau: Number.NaN, pval: Number.NaN, method: ties ? 'normal' : 'exact' };
  if (!ties) {
    const q = Math.round(((r + 1) * n * (n - 1)) / 4);
    const p = q > (n * (n - 1)) / 4 ? 1 - pkendall(q - 1, n) : pkendall(q, n);
    return { tau: r, pval: Math.min(2 * p, 1), method: 'exact' };
  }
  const tieSizes = (v: readonly number[]) => {
    const m = new Map<number, number>();
    for (const a of v) m.set(a, (m.get(a) ?? 0) + 1);
    return [...m.values()].filter((t) => t > 1);
  };
  const xt = tieSizes(x);
  const yt = tieSizes(y);
  const sum = (a: number[], f: (t: number) => number) => a.reduce((s, t) => s + f(t), 0);
  const T0 = (n * (n - 1)) / 2;
  const T1 = sum(xt, (t) => t * (t - 1)) / 2;
  const T2 = sum(yt, (t) => t * (t - 1)) / 2;
  const S = r * Math.sqrt((T0 - T1) * (T0 - T2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(xt, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yt, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xt, (t) => t * (t - 1)) * sum(yt, (t) => t * (t - 1));
  const v2 = sum(xt, (t) => t * (t - 1) * (t - 2)) * sum(yt, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  const z = S / Math.sqrt(varS);
  return { tau: r, pval: 2 * Math.min(pnorm(z), pnorm(-z)), method: 'normal' };
}

export interface RankTestResult {
  tau: number;
  pval: number;
  method: 'exact' | 'normal';
}

/**
 * metafor's ranktest(x): Kendall's tau between the standardized deviates (yi - theta) / sqrt(vi - vb)
 * (theta, vb: the equal-effects estimate and its variance) and vi, exact p-value unless there are ties.
 */
export function ranktest(yi: readonly number[], vi: readonly number[]): RankTestResult {
  const wi = vi.map((v) => 1 / v);
  const sw = wi.reduce((s, w) => s + w, 0);
  const theta = yi.reduce((s, y, i) => s + wi[i]! * y, 0) / sw;
  const vb = 1 / sw;
  const ystar = yi.map((y, i) => (y - theta) / Math.sqrt(vi[i]! - vb));
  return kendallTest(ystar, vi);
}

export interface TrimFillResult {
  /** Estimated number of missing studies. */
  k0: number;
  se_k0: number;
  side: 'left' | 'right';
  estimator: 'L0' | 'R0';
  /** The pooled estimate of the filled-in data (the original model when k0 = 0). */
  estimate: number;
  se: number;
  ci_lb: number;
  ci_ub: number;
  tau2: number;
  /** The imputed studies (yi, vi), in metafor's order. */
  filled: { yi: number; vi: number }[];
  /** The model fitted to the observed plus filled studies (the original when k0 = 0). */
  fit: RmaFit;
}

/** R's sort(x, index.return = TRUE)$ix: a stable ascending order. */
function orderAsc(x: readonly number[]): number[] {
  return x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
}

/** R's rank(x, ties.method = "first"). */
function rankFirst(x: readonly number[]): number[] {
  const o = orderAsc(x);
  const r = new Array<number>(x.length);
  o.forEach((idx, pos) => (r[idx] = pos + 1));
  return r;
}

/**
 * metafor's trimfill(x, side, estimator = "L0", maxiter = 100) for an intercept-only model.
 * Side (unless given): "right" when the coefficient of sqrt(vi) in rma(yi, vi, mods = sqrt(vi),
 * method) is negative, else "left". The filled-in model is fitted as metafor does, with the model's
 * method and metafor's defaults otherwise (test z, level 95%).
 */
export function trimfill(
  model: RmaFit,
  options: { side?: 'left' | 'right'; estimator?: 'L0' | 'R0'; maxiter?: number } = {},
): TrimFillResult {
  if (model.p !== 1 || !model.X.every((r) => r[0] === 1)) throw new MetaAnalysisError('Trim-and-fill method only applicable to models without moderators.');
  if (model.k === 1) throw new MetaAnalysisError('Stopped because k = 1.');
  const estimator = options.estimator ?? 'L0';
  const maxiter = options.maxiter ?? 100;
  const control = model.options.control ? { control: model.options.control } : {};
  let side = options.side;
  if (!side) {
    const r = fit(model.yi, model.vi, { method: model.method, mods: model.vi.map((v) => [Math.sqrt(v)]), ...control });
    side = r.beta[1]! < 0 ? 'right' : 'left';
  }
  const flip = side === 'right' ? -1 : 1;
  const y0 = model.yi.map((y) => flip * y);
  const ix = orderAsc(y0);
  const yi = ix.map((i) => y0[i]!);
  const vi = ix.map((i) => model.vi[i]!);
  const k = yi.length;
  let k0sav = -1;
  let k0 = 0;
  let sek0 = 0;
  let iter = 0;
  let beta = 0;
  let yc: number[] = [];
  while (Math.abs(k0 - k0sav) > 0) {
    k0sav = k0;
    iter++;
    if (iter > maxiter) throw new MetaAnalysisError('Trim and fill algorithm did not converge.');
    const res = fit(yi.slice(0, k - k0), vi.slice(0, k - k0), { method: model.method, ...control });
    beta = res.beta[0]!;
    yc = yi.map((y) => y - beta);
    const ranks = rankFirst(yc.map(Math.abs));
    const signed = yc.map((d, i) => sign(d) * ranks[i]!);
    let est: number;
    if (estimator === 'R0') {
      const neg = signed.filter((s) => s < 0).map((s) => -s);
      est = k - Math.max(...neg) - 1;
      sek0 = Math.sqrt(2 * Math.max(0, est) + 2);
    } else {
      const Sr = signed.filter((s) => s > 0).reduce((a, b) => a + b, 0);
      est = (4 * Sr - k * (k + 1)) / (2 * k - 1);
      const varSr = (1 / 24) * (k * (k + 1) * (2 * k + 1) + 10 * est ** 3 + 27 * est ** 2 + 17 * est - 18 * k * est ** 2 - 18 * k * est + 6 * k ** 2 * est);
      sek0 = (4 * Math.sqrt(varSr)) / (2 * k - 1);
    }
    k0 = Math.max(0, rRound(est));
    sek0 = Math.max(0, sek0);
  }
  if (k0 === 0) {
    return { k0, se_k0: sek0, side, estimator, estimate: model.estimate, se: model.se, ci_lb: model.ciLb, ci_ub: model.ciUb, tau2: model.tau2, filled: [], fit: model };
  }
  // metafor: yi.c <- yi.c - beta (left) or -(yi.c - beta) (right); filled values are -yi.c of the k0 largest
  const back = yc.map((d) => (side === 'right' ? -(d - beta) : d - beta));
  const filled = Array.from({ length: k0 }, (_, j) => ({ yi: -back[k - k0 + j]!, vi: vi[k - k0 + j]! }));
  const r = fit([...model.yi, ...filled.map((f) => f.yi)], [...model.vi, ...filled.map((f) => f.vi)], { method: model.method });
  return { k0, se_k0: sek0, side, estimator, estimate: r.estimate, se: r.se, ci_lb: r.ciLb, ci_ub: r.ciUb, tau2: r.tau2, filled, fit: r };
}

/** R's round(): half to even (IEC 60559). */
function rRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
