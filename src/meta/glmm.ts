// Random-effects logistic regression for proportions (binomial-normal model), as metafor's
// rma.glmm(measure="PLO"), which fits lme4::glmer(cbind(xi, ni - xi) ~ 1 + (1 | study),
// family = binomial, nAGQ = 7):
//
//   xi ~ Binomial(ni, ilogit(beta + theta * u_i)),  u_i ~ N(0, 1),  tau^2 = theta^2.
//
// The likelihood is integrated over each study's random effect by adaptive Gauss-Hermite quadrature
// as lme4 does it: centred at the conditional mode of u_i, scaled by the conditional SD from the
// curvature there (1 / sqrt(1 + theta^2 ni mu (1 - mu))), with the Gauss-Hermite rule for the standard
// normal density (lme4's GHrule(nAGQ)). nAGQ = 1 is the Laplace approximation. The deviance is
// minimised over (theta >= 0, beta) jointly, as lme4's second optimisation stage does, and the
// variance of beta is 2 [H^-1]_beta,beta with H the Hessian of the deviance in (theta, beta), as
// lme4's vcov() (use.hessian). The heterogeneity tests are metafor's: the Wald-type test and the
// likelihood-ratio test of the equal-effects logistic model against the saturated model (one
// logit per study). I^2 and H^2 use the "typical" variance of the escalc() PLO sampling variances
// (1/2 added to studies with a zero cell), as metafor does.
import { escalc } from './escalc.js';
import { pchisqUpper, qnorm } from './dist.js';
import { alphaOf, MetaAnalysisError, waldEstimate, type WaldEstimate } from './rma.js';
import { residualOps } from './linalg.js';

export interface GlmmOptions {
  /** 'ML' (random effects, default) or 'FE'/'EE' (logistic regression without a random effect). */
  method?: 'ML' | 'FE' | 'EE';
  /** Quadrature points per study (metafor's and lme4's nAGQ; metafor's default 7; 1 = Laplace). */
  nAGQ?: number;
  /** Confidence level, as rma(): 95, 0.95 (or alpha). */
  level?: number;
}

/** The estimate is the pooled logit, with its Wald statistics (normal). */
export interface GlmmFit extends WaldEstimate {
  method: 'ML' | 'FE' | 'EE';
  measure: 'PLO';
  nAGQ: number;
  k: number;
  level: number;
  tau2: number;
  tau: number;
  I2: number;
  H2: number;
  /** Wald-type test for heterogeneity (saturated vs equal-effects logistic model), df k - 1. */
  QEWld: number;
  QEpWld: number;
  /** Likelihood-ratio test for heterogeneity, df k - 1. */
  QELRT: number;
  QEpLRT: number;
  QEdf: number;
  /** Prediction interval on the logit scale (pred +- z sqrt(se^2 + tau^2)); null for FE. */
  piLb: number | null;
  piUb: number | null;
  /** The same back-transformed to a proportion (ilogit). */
  transformed: { estimate: number; ciLb: number; ciUb: number; piLb: number | null; piUb: number | null };
  /** Minimised deviance (AGQ), up to a constant; for the ML model. */
  deviance: number | null;
  warnings: string[];
}

const ilogit = (x: number) => 1 / (1 + Math.exp(-x));

/** Gauss-Hermite rule for the standard normal density (nodes z, weights summing to 1), as lme4's GHrule(n). */
export function ghRule(n: number): { z: number[]; w: number[] } {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new MetaAnalysisError(`nAGQ must be an integer from 1 to 100 (got ${n}).`);
  // physicists' nodes (weight e^{-x^2}) by Newton's method on the orthonormal Hermite recurrence
  const x = new Array<number>(n).fill(0);
  const wp = new Array<number>(n).fill(0);
  const PIM4 = Math.pow(Math.PI, -0.25);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let its = 0; its < 100; its++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    wp[i] = 2 / (pp * pp);
    wp[n - 1 - i] = wp[i]!;
  }
  if (n % 2 === 1) x[m - 1] = 0;
  const zs = x.map((v) => v * Math.SQRT2).reverse();
  const ws = wp.map((v) => v / Math.sqrt(Math.PI)).reverse();
  return { z: zs, w: ws };
}

/** log(1 + e^x) without overflow. */
function log1pexp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * The AGQ deviance -2 sum_i log L_i(theta, beta), up to a constant (the binomial coefficients),
 * with L_i = integral of Binomial(xi | ni, ilogit(beta + theta u)) phi(u) du.
 */
export function glmmDeviance(theta: number, beta: number, xi: readonly number[], ni: readonly number[], rule: { z: number[]; w: number[] }): number {
  let dev = 0;
  for (let i = 0; i < xi.length; i++) {
    const x = xi[i]!;
    const n = ni[i]!;
    // h(u) = x eta - n log(1 + e^eta) - u^2/2 : log p(y | u) + log phi(u) + const
    const h = (u: number) => {
      const eta = beta + theta * u;
      return x * eta - n * log1pexp(eta) - (u * u) / 2;
    };
    // conditional mode by Newton (h is strictly concave)
    let u = 0;
    let curv = 1;
    for (let it = 0; it < 200; it++) {
      const mu = ilogit(beta + theta * u);
      const g = theta * (x - n * mu) - u;
      curv = theta * theta * n * mu * (1 - mu) + 1;
      let step = g / curv;
      // damped: never decrease h
      const h0 = h(u);
      let tries = 0;
      while (h(u + step) < h0 - 1e-12 && tries < 60) {
        step /= 2;
        tries++;
      }
      u += step;
      if (Math.abs(step) < 1e-12 * Math.max(1, Math.abs(u))) break;
    }
    const mu = ilogit(beta + theta * u);
    curv = theta * theta * n * mu * (1 - mu) + 1;
    const sd = 1 / Math.sqrt(curv);
    // log sum_k w_k exp(h(u + sd z_k) + z_k^2 / 2), in log-sum-exp form
    const terms = rule.z.map((zk, k) => Math.log(rule.w[k]!) + h(u + sd * zk) + (zk * zk) / 2);
    const mx = Math.max(...terms);
    const lse = mx + Math.log(terms.reduce((s, t) => s + Math.exp(t - mx), 0));
    dev += -2 * (Math.log(sd) + lse);
  }
  return dev;
}

/** Brent's minimiser (netlib fmin, as R's optimize()) of f on [a, b]. */
export function fmin(f: (x: number) => number, a: number, b: number, tol = 1e-10): { x: number; fx: number } {
  const c = (3 - Math.sqrt(5)) * 0.5;
  const eps = Math.sqrt(2.220446049250313e-16);
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = f(x);
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (let iter = 0; iter < 1000; iter++) {
    const xm = (a + b) * 0.5;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = tol1 * 2;
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      const u = x + d;
      if (u - a < t2 || b - u < t2) d = x < xm ? tol1 : -tol1;
    }
    const u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx };
}

function logDbinom(x: number, n: number, p: number): number {
  // without the binomial coefficient (it cancels in every difference used here)
  const a = x > 0 ? x * Math.log(p) : 0;
  const b = n - x > 0 ? (n - x) * Math.log1p(-p) : 0;
  return a + b;
}

/**
 * metafor's rma.glmm(measure = "PLO", xi, ni) for one proportion per study: the binomial-normal
 * random-effects model (method "ML", default) or the equal-effects logistic model ("FE").
 */
export function glmmPLO(xiIn: readonly number[], niIn: readonly number[], options: GlmmOptions = {}): GlmmFit {
  const method = options.method ?? 'ML';
  const nAGQ = options.nAGQ ?? 7;
  const alpha = alphaOf(options.level ?? 95);
  if (xiIn.length !== niIn.length) throw new MetaAnalysisError(`xi has ${xiIn.length} values, ni ${niIn.length}.`);
  const xi: number[] = [];
  const ni: number[] = [];
  xiIn.forEach((x, i) => {
    const n = niIn[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(n) || x < 0 || n <= 0 || x > n || !Number.isInteger(x) || !Number.isInteger(n)) {
      throw new MetaAnalysisError(`study ${i + 1}: xi = ${x}, ni = ${n} is not a count of events out of a positive total.`);
    }
    xi.push(x);
    ni.push(n);
  });
  const k = xi.length;
  if (k === 0) throw new MetaAnalysisError('No studies (k = 0).');
  const warnings: string[] = [];
  const sumX = xi.reduce((s, v) => s + v, 0);
  const sumN = ni.reduce((s, v) => s + v, 0);
  if (sumX === 0 || sumX === sumN) throw new MetaAnalysisError('No events (or only events) in every study: the pooled logit is infinite.');
  const pFE = sumX / sumN;
  const betaFE = Math.log(pFE / (1 - pFE));

  // heterogeneity: saturated (one logit per study) against the equal-effects logistic model
  const llFE = xi.reduce((s, x, i) => s + logDbinom(x, ni[i]!, pFE), 0);
  const llQE = xi.reduce((s, x, i) => s + logDbinom(x, ni[i]!, x / ni[i]!), 0);
  const QELRT = Math.max(0, -2 * (llFE - llQE));
  // Wald: the saturated glm's logits and their variances 1/(n p (1-p)); a study with 0 or n events
  // has an unbounded logit with an unbounded variance and contributes nothing.
  const inner = xi.map((x, i) => x > 0 && x < ni[i]!);
  const wts = xi.map((x, i) => (inner[i] ? (x * (ni[i]! - x)) / ni[i]! : 0));
  const eta = xi.map((x, i) => (inner[i] ? Math.log(x / (ni[i]! - x)) : 0));
  const sw = wts.reduce((s, v) => s + v, 0);
  const etaBar = sw > 0 ? wts.reduce((s, v, i) => s + v * eta[i]!, 0) / sw : 0;
  const QEWld = Math.max(0, wts.reduce((s, v, i) => s + v * (eta[i]! - etaBar) ** 2, 0));
  const QEdf = k - 1;
  const QEpWld = QEdf > 0 ? pchisqUpper(QEWld, QEdf) : 1;
  const QEpLRT = QEdf > 0 ? pchisqUpper(QELRT, QEdf) : 1;

  let beta: number;
  let vb: number;
  let tau2 = 0;
  let deviance: number | null = null;
  if (method === 'FE' || method === 'EE') {
    beta = betaFE;
    vb = 1 / (sumN * pFE * (1 - pFE));
  } else {
    const rule = ghRule(nAGQ);
    const D = (theta: number, b: number) => glmmDeviance(theta, b, xi, ni, rule);
    const profile = (theta: number) => fmin((b) => D(theta, b), betaFE - 15, betaFE + 15, 1e-11);
    const thetaMax = 20;
    const outer = fmin((t) => profile(t).fx, 0, thetaMax, 1e-11);
    let theta = outer.x;
    const at0 = profile(0);
    if (at0.fx <= outer.fx + 1e-12) theta = 0;
    if (theta > thetaMax * 0.999) warnings.push('tau is at the upper end of the search interval (20): the fit is unreliable.');
    beta = profile(theta).x;
    deviance = D(theta, beta);
    tau2 = theta * theta;
    // Hessian of the deviance in (theta, beta) by central differences (lme4: deriv12, delta 1e-4)
    const hb = 1e-4;
    const Hbb = (D(theta, beta + hb) - 2 * deviance + D(theta, beta - hb)) / (hb * hb);
    if (theta > 0) {
      const ht = Math.min(1e-4, theta / 2);
      const Htt = (D(theta + ht, beta) - 2 * deviance + D(theta - ht, beta)) / (ht * ht);
      const Htb = (D(theta + ht, beta + hb) - D(theta + ht, beta - hb) - D(theta - ht, beta + hb) + D(theta - ht, beta - hb)) / (4 * ht * hb);
      const det = Htt * Hbb - Htb * Htb;
      vb = (2 * Htt) / det;
      if (!(det > 0) || !(vb > 0)) {
        warnings.push('The Hessian of the deviance is not positive definite at the estimate; the standard error uses the beta-beta curvature only.');
        vb = 2 / Hbb;
      }
    } else {
      vb = 2 / Hbb;
    }
  }

  const se = Math.sqrt(vb);
  const wald = waldEstimate(beta, se, alpha);
  const crit = qnorm(1 - alpha / 2);
  const { ciLb, ciUb } = wald;
  const re = method === 'ML';
  const piLb = re ? beta - crit * Math.sqrt(vb + tau2) : null;
  const piUb = re ? beta + crit * Math.sqrt(vb + tau2) : null;

  // I^2 and H^2 from the escalc() PLO variances (metafor: add = 1/2, to = "only0")
  const es = escalc({ measure: 'PLO', xi, ni });
  let vt = Number.NaN;
  if (es.vi.length > 1) {
    const P = residualOps(es.vi.map(() => [1]), es.vi.map((v) => 1 / v));
    vt = (es.vi.length - 1) / P.trace();
  }
  const I2 = (100 * tau2) / (vt + tau2);
  const H2 = tau2 / vt + 1;

  return {
    method,
    measure: 'PLO',
    nAGQ: re ? nAGQ : 0,
    k,
    level: 1 - alpha,
    ...wald,
    tau2,
    tau: Math.sqrt(tau2),
    I2,
    H2,
    QEWld,
    QEpWld,
    QELRT,
    QEpLRT,
    QEdf,
    piLb,
    piUb,
    transformed: {
      estimate: ilogit(beta),
      ciLb: ilogit(ciLb),
      ciUb: ilogit(ciUb),
      piLb: piLb === null ? null : ilogit(piLb),
      piUb: piUb === null ? null : ilogit(piUb),
    },
    deviance,
    warnings,
  };
}
