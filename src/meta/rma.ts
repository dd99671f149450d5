// Equal-, fixed- and random-effects meta-analysis and meta-regression, following metafor's rma.uni()
// (R/rma.uni.r) step for step: the same tau^2 estimators with the same starting values, iteration
// rules and convergence thresholds, the same Knapp-Hartung scaling, and the same I^2/H^2 definitions
// (the "typical within-study variance" vt = (k-p)/tr(P)). Companion functions mirror predict.rma(),
// confint.rma.uni() (Q-profile), and leave1out.rma.uni(), plus the subgroup workflow metafor's
// documentation recommends. All numbers are returned unrounded.
import { pchisqUpper, pfUpper, pvalNormal, pvalT, qchisq, qnorm, qt } from './dist.js';
import { crossprodW, invSymPD, logDetSymPD, matVec, residualOps, type Matrix } from './linalg.js';
import { UNIROOT_TOL, zeroin } from './zeroin.js';

/** tau^2 estimators, named as in metafor. FE and EE are the same (equal-effects) model. */
export type Method = 'FE' | 'EE' | 'DL' | 'REML' | 'ML' | 'PM' | 'HS' | 'SJ' | 'HE' | 'EB' | 'GENQ';
/**
 * Inference for the coefficients: 'z' (normal), 't' (t with k-p df, variances unscaled, metafor's
 * test="t"), 'knha' (Knapp-Hartung: t with k-p df and the
 * variance scaled by the weighted residual mean square, without truncation, metafor's test="knha"),
 * 'adhoc' (the same with the scale factor truncated below at 1, metafor's test="adhoc").
 */
export type Test = 'z' | 't' | 'knha' | 'adhoc';

export const METHODS: readonly Method[] = ['FE', 'EE', 'DL', 'REML', 'ML', 'PM', 'HS', 'SJ', 'HE', 'EB', 'GENQ'];
export const TESTS: readonly Test[] = ['z', 't', 'knha', 'adhoc'];

export interface Control {
  /** Convergence threshold on the change in tau^2 for ML/REML (metafor: threshold = 1e-5). */
  threshold?: number;
  /** Maximum Fisher-scoring iterations (ML/REML) and root-finder iterations (PM) (metafor: 100). */
  maxiter?: number;
  /** Root-finder tolerance for PM (metafor: .Machine$double.eps^0.25). */
  tol?: number;
  /** Lower bound for tau^2 (metafor: 0). */
  tau2Min?: number;
  /** Upper end of the PM search interval (metafor: max(100, 10 * mad(yi)^2)). */
  tau2Max?: number;
  /** Starting value for ML/REML (metafor: the HE estimate, at least tau2Min). */
  tau2Init?: number;
  /** Step-size multiplier in Fisher scoring (metafor: 1). */
  stepadj?: number;
  /** Check that the ML/REML log-likelihood at tau^2 = 0 is not larger (metafor: TRUE). */
  ll0check?: boolean;
}

export interface FitOptions {
  method?: Method;
  test?: Test;
  /** Confidence level, as 95 or 0.95 (metafor's `level`). Default 95. */
  level?: number;
  /**
   * Moderators: one row per study, one column per moderator (an intercept column is added unless
   * `intercept` is false). Omit for the intercept-only (random-effects) model.
   */
  mods?: ReadonlyArray<ReadonlyArray<number>>;
  intercept?: boolean;
  /** Names of the coefficients, intercept first (default "intrcpt", "mod1", ...). */
  coefNames?: readonly string[];
  /** 0-based indices of the coefficients tested by QM (default: all but the intercept). */
  btt?: readonly number[];
  control?: Control;
  /**
   * User weights (metafor's `weights`): the coefficients are estimated by weighted least squares with
   * these weights, vb = (X'AX)^-1 X'A (V + tau^2) A X (X'AX)^-1; tau^2 and Q are unaffected (except
   * for GENQ, whose generalized Q uses them). Required for method GENQ.
   */
  weights?: readonly number[];
  /** A fixed value for tau^2 (metafor's `tau2`): no estimation, seTau2 null. */
  tau2?: number;
}

export interface Coefficient {
  name: string;
  estimate: number;
  se: number;
  /** z or t statistic (see `test`). */
  stat: number;
  pval: number;
  ciLb: number;
  ciUb: number;
}

/** A pooled estimate with its Wald (normal) test and confidence interval: of a GLMM, Mantel-Haenszel or Peto fit. */
export interface WaldEstimate {
  estimate: number;
  se: number;
  zval: number;
  pval: number;
  ciLb: number;
  ciUb: number;
}

/** The Wald test and (1 - alpha) interval of an estimate with standard error se. */
export function waldEstimate(estimate: number, se: number, alpha: number): WaldEstimate {
  const zval = estimate / se;
  const crit = qnorm(1 - alpha / 2);
  return { estimate, se, zval, pval: pvalNormal(zval), ciLb: estimate - crit * se, ciUb: estimate + crit * se };
}

/**
 * Heterogeneity from Cochran's Q on `df` degrees of freedom, as metafor reports it for a fixed-effect
 * (equal-effects, Mantel-Haenszel, Peto) model: the Q-test's p-value, I² = max(0, 100 (Q - df) / Q), H² = Q / df.
 */
export function heterogeneityOfQ(Q: number, df: number): { Q: number; Qp: number; I2: number; H2: number } {
  return { Q, Qp: pchisqUpper(Q, df), I2: Math.max(0, (100 * (Q - df)) / Q), H2: Q / df };
}

/** A pooled estimate with its test and confidence interval: of a fit, and of each leave-one-out refit. */
export interface PooledEstimate {
  /** First coefficient: the pooled effect in an intercept-only model. */
  estimate: number;
  se: number;
  /** z statistic when test = 'z', else null. */
  zval: number | null;
  /** t statistic when test = 'knha'/'adhoc', else null. */
  tval: number | null;
  pval: number;
  ciLb: number;
  ciUb: number;
}

export interface RmaFit extends PooledEstimate {
  k: number;
  /** Number of coefficients (1 for the intercept-only model). */
  p: number;
  method: Method;
  test: Test;
  /** Confidence level as a proportion (0.95). */
  level: number;
  coefficients: Coefficient[];
  beta: number[];
  /** Variance-covariance matrix of the coefficients (Knapp-Hartung scaled where applicable). */
  vb: Matrix;
  tau2: number;
  /** Standard error of tau^2 as metafor computes it per estimator; null for FE/EE or k = 1. */
  seTau2: number | null;
  tau: number;
  /** I^2 in percent; null when there is no residual df (k = p, e.g. k = 1). */
  I2: number | null;
  H2: number | null;
  /** Cochran's Q (QE, the residual heterogeneity statistic with moderators); null when k = p. */
  Q: number | null;
  Qdf: number;
  Qp: number | null;
  /** metafor's "typical" within-study variance, (k-p)/tr(P) with P from weights 1/vi. */
  vt: number | null;
  /** Omnibus test of the coefficients in `btt` (QM; divided by m and F-distributed for knha/adhoc). */
  QM: number;
  QMdf: [number, number | null];
  /** null for an F test with m > 1 numerator df: no F distribution is available (see README). */
  QMp: number | null;
  btt: number[];
  /** Denominator df of the t/F tests (k - p) for knha/adhoc; null for z. */
  ddf: number | null;
  /** Knapp-Hartung scale factor s^2 applied to the variances (1 for test = 'z'). */
  s2w: number;
  /** Percentage weights, 100 * w_i / sum(w), with w_i = 1 / (vi + tau^2) (metafor's weights()). */
  weights: number[];
  /** Fisher-scoring iterations (ML/REML) or root-finder iterations (PM); 0 for closed-form estimators. */
  iterations: number;
  converged: boolean;
  yi: number[];
  vi: number[];
  X: Matrix;
  intercept: boolean;
  control: ResolvedControl;
  /** The options the model was fitted with (reused by leave1out()). */
  options: FitOptions;
  warnings: string[];
}

export class MetaAnalysisError extends Error {
  override name = 'MetaAnalysisError';
}

/**
 * Convert metafor's `level` to the two-sided alpha, with metafor's rule (.level()): 1 to 100 is a
 * percentage (95, or 40 for a 40% interval), a value in (0.5, 1) a proportion (0.95), and a value in
 * (0, 0.5] is alpha itself (0.05); 0 gives alpha = 1.
 */
export function alphaOf(level: number): number {
  if (!Number.isFinite(level) || level < 0 || level > 100) throw new MetaAnalysisError(`Invalid level ${level}: must be between 0 and 100.`);
  if (level === 0) return 1;
  if (level >= 1) return (100 - level) / 100;
  if (level > 0.5) return 1 - level;
  return level;
}

function matMulSq(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, m) => s + a * B[m]![j]!, 0)));
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** R's mad(): 1.4826 * median(|x - median(x)|). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Q(tau^2) = y' P(tau^2) y, the generalized Q statistic (metafor's .QE.func). */
function qOfTau2(tau2: number, y: readonly number[], vi: readonly number[], X: Matrix): number {
  const w = vi.map((v) => 1 / (v + tau2));
  return residualOps(X, w).quad(y);
}

interface Tau2Result {
  tau2: number;
  seTau2: number | null;
  iterations: number;
}

function estimateTau2(
  method: Method,
  yi: readonly number[],
  vi: readonly number[],
  X: Matrix,
  con: ResolvedControl,
  warnings: string[],
  weights?: readonly number[],
  /** A fixed tau^2 (metafor's tau2 argument): no estimation, se.tau2 evaluated at this value. */
  fixed?: number,
): Tau2Result {
  const fx = (estimate: number) => fixed ?? estimate;
  const k = yi.length;
  const p = X[0]!.length;
  const ybar = mean(yi);
  const ymc = yi.map((y) => y - ybar); // metafor centres yi for these computations
  const ones = new Array<number>(k).fill(1);

  if (method === 'HS') {
    const wi = vi.map((v) => 1 / v);
    const P = residualOps(X, wi);
    const RSS = P.quad(ymc);
    const sumw = wi.reduce((s, w) => s + w, 0);
    const tau2 = Math.max(con.tau2Min, fx((RSS - k) / sumw));
    const t = Math.max(tau2, 0);
    const se = Math.sqrt((1 / sumw ** 2) * (2 * (k - p) + 4 * t * P.trace() + 2 * t * t * P.trPDPD()));
    return { tau2, seTau2: se, iterations: 0 };
  }

  if (method === 'DL') {
    const wi = vi.map((v) => 1 / v);
    const P = residualOps(X, wi);
    const RSS = P.quad(ymc);
    const trP = P.trace();
    const tau2 = Math.max(con.tau2Min, fx((RSS - (k - p)) / trP));
    const t = Math.max(tau2, 0);
    const se = Math.sqrt((1 / trP ** 2) * (2 * (k - p) + 4 * t * trP + 2 * t * t * P.trPDPD()));
    return { tau2, seTau2: se, iterations: 0 };
  }

  if (method === 'SJ') {
    const tau20 = con.tau2Init ?? ymc.reduce((s, d) => s + d * d, 0) / k; // var(yi) * (k-1)/k
    const wi = vi.map((v) => 1 / (v + tau20));
    const P = residualOps(X, wi);
    const RSS = P.quad(ymc);
    const tau2 = Math.max(con.tau2Min, fx((tau20 * RSS) / (k - p)));
    const t = Math.max(tau2, 0);
    // sum(PV * t(PV)) = sum_ij P_ij^2 v_i v_j ; sum(PV * P) = sum_ij P_ij^2 v_j
    const sPVPV = P.trPDPD(vi, vi);
    const sPVP = P.trPDPD(undefined, vi);
    const se = Math.sqrt(((tau20 * tau20) / (k - p) ** 2) * (2 * sPVPV + 4 * t * sPVP + 2 * t * t * P.trPDPD()));
    return { tau2, seTau2: se, iterations: 0 };
  }

  if (method === 'GENQ') {
    // generalized Q with the user's weights a_i (DerSimonian & Kacker 2007): Q_a = y'P_a y,
    // E[Q_a] = tr(P_a V) + tau^2 tr(P_a)  (metafor's method="GENQ")
    if (!weights) throw new MetaAnalysisError("Must specify 'weights' when method='GENQ'.");
    const P = residualOps(X, weights);
    const RSS = P.quad(ymc);
    const d = P.diag();
    let trPV = 0;
    for (let i = 0; i < k; i++) trPV += d[i]! * vi[i]!;
    const trP = P.trace();
    const tau2 = Math.max(con.tau2Min, fx((RSS - trPV) / trP));
    const t = Math.max(tau2, 0);
    const se = Math.sqrt((1 / trP ** 2) * (2 * P.trPDPD(vi, vi) + 4 * t * P.trPDPD(undefined, vi) + 2 * t * t * P.trPDPD()));
    return { tau2, seTau2: se, iterations: 0 };
  }

  if (method === 'PM') {
    const target = k - p;
    const f = (t2: number) => qOfTau2(t2, ymc, vi, X) - target;
    const fMin = f(con.tau2Min);
    let tau2: number;
    let iterations = 0;
    if (fixed !== undefined) {
      tau2 = fixed;
    } else if (fMin < 0) {
      tau2 = con.tau2Min;
    } else {
      const fMax = f(con.tau2Max);
      if (fMax > 0) {
        throw new MetaAnalysisError("The Paule-Mandel search interval is too narrow: Q at tau^2 = tau2Max is still above its expected value. Use another estimator (npa meta --method REML or DL), or, through the library, a larger upper end (control.tau2Max).");
      }
      const r = zeroin(f, con.tau2Min, con.tau2Max, { tol: con.tol, maxiter: con.maxiter, fLower: fMin, fUpper: fMax });
      if (!r.converged) throw new MetaAnalysisError('Iterative search for the Paule-Mandel tau^2 did not converge.');
      tau2 = r.root;
      iterations = r.iterations;
    }
    tau2 = Math.max(con.tau2Min, tau2);
    const wi = vi.map((v) => 1 / (v + tau2));
    const sumw = wi.reduce((s, w) => s + w, 0);
    return { tau2, seTau2: Math.sqrt((2 * k * k) / (k - p) / sumw ** 2), iterations };
  }

  // HE, and the starting value for ML/REML
  const P0 = residualOps(X, ones);
  const RSS0 = P0.quad(ymc);
  const d0 = P0.diag();
  let trPV = 0;
  for (let i = 0; i < k; i++) trPV += d0[i]! * vi[i]!;
  const tau2HE = (RSS0 - trPV) / (k - p);

  if (method === 'HE') {
    const tau2 = Math.max(con.tau2Min, fx(tau2HE));
    const t = Math.max(tau2, 0);
    const sPVPV = P0.trPDPD(vi, vi);
    const se = Math.sqrt((1 / (k - p) ** 2) * (2 * sPVPV + 4 * t * trPV + 2 * t * t * (k - p)));
    return { tau2, seTau2: se, iterations: 0 };
  }

  // ML / REML by Fisher scoring; EB (Morris) by the same iteration with its own step
  let tau2 = fixed ?? con.tau2Init ?? Math.max(0, tau2HE, con.tau2Min);
  let change = con.threshold + 1;
  let iter = 0;
  while (change > con.threshold) {
    iter++;
    const old = tau2;
    const wi = vi.map((v) => 1 / (v + tau2));
    if (wi.some((w) => !Number.isFinite(w) || w < 0)) {
      throw new MetaAnalysisError('Division by zero or negative marginal variances in Fisher scoring.');
    }
    const P = residualOps(X, wi);
    const PY = P.Py(ymc);
    const YPPY = PY.reduce((s, v) => s + v * v, 0);
    let adj: number;
    if (method === 'EB') {
      const sumw = wi.reduce((s, w) => s + w, 0);
      adj = ((P.quad(ymc) * k) / (k - p) - k) / sumw;
    } else if (method === 'ML') {
      const sumw = wi.reduce((s, w) => s + w, 0);
      const sumw2 = wi.reduce((s, w) => s + w * w, 0);
      adj = (YPPY - sumw) / sumw2;
    } else {
      adj = (YPPY - P.trace()) / P.trPDPD();
    }
    adj *= con.stepadj;
    if (Number.isNaN(adj)) adj = 0;
    while (tau2 + adj < con.tau2Min) adj /= 2; // step halving
    tau2 = fx(tau2 + adj);
    change = Math.abs(old - tau2);
    if (iter > con.maxiter) {
      throw new MetaAnalysisError(
        `${method === 'EB' ? 'Iterative empirical Bayes estimation' : 'Fisher scoring algorithm'} did not converge in ${con.maxiter} iterations. ` +
          'Use another estimator (npa meta --method DL, PM or EB), or, through the library, more iterations or a smaller step (control.maxiter, control.stepadj).',
      );
    }
  }
  if (method === 'EB') {
    tau2 = Math.max(con.tau2Min, tau2);
    const wi = vi.map((v) => 1 / (v + tau2));
    const sumw = wi.reduce((s, w) => s + w, 0);
    return { tau2, seTau2: Math.sqrt((2 * k * k) / (k - p) / sumw ** 2), iterations: iter };
  }

  // metafor's ll0check: if the (restricted) likelihood is larger at tau^2 = 0, use 0
  if (con.ll0check && fixed === undefined) {
    const ll = (t2: number) => {
      const w = vi.map((v) => 1 / (v + t2));
      const XtWX = crossprodW(X, w);
      const inv = invSymPD(XtWX)!;
      const XtWy = new Array<number>(p).fill(0);
      X.forEach((row, i) => row.forEach((x, a) => (XtWy[a]! += x * w[i]! * ymc[i]!)));
      const b = matVec(inv, XtWy);
      let RSS = 0;
      X.forEach((row, i) => {
        const fitted = row.reduce((s, x, a) => s + x * b[a]!, 0);
        RSS += w[i]! * (ymc[i]! - fitted) ** 2;
      });
      const sumLog = vi.reduce((s, v) => s + Math.log(v + t2), 0);
      if (method === 'ML') return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * RSS;
      return -0.5 * (k - p) * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * logDetSymPD(XtWX) - 0.5 * RSS;
    };
    if (ll(0) - ll(tau2) > con.tol && tau2 > con.threshold) {
      warnings.push('Fisher scoring algorithm may have gotten stuck at a local maximum. Setting tau^2 = 0.');
      tau2 = 0;
    }
  }
  tau2 = Math.max(con.tau2Min, tau2);
  const wi = vi.map((v) => 1 / (v + tau2));
  let se: number;
  if (method === 'ML') {
    se = Math.sqrt(2 / wi.reduce((s, w) => s + w * w, 0));
  } else {
    se = Math.sqrt(2 / residualOps(X, wi).trPDPD());
  }
  return { tau2, seTau2: se, iterations: iter };
}

/** The control settings in effect (tau2Init null: metafor's default start). */
export type ResolvedControl = Required<Omit<Control, 'tau2Init'>> & { tau2Init: number | null };

function resolveControl(yi: readonly number[], control: Control | undefined): ResolvedControl {
  return {
    threshold: control?.threshold ?? 1e-5,
    maxiter: control?.maxiter ?? 100,
    tol: control?.tol ?? UNIROOT_TOL,
    tau2Min: control?.tau2Min ?? 0,
    tau2Max: control?.tau2Max ?? Math.max(100, 10 * mad(yi) ** 2),
    tau2Init: control?.tau2Init ?? null,
    stepadj: control?.stepadj ?? 1,
    ll0check: control?.ll0check ?? true,
  };
}

function checkInputs(yi: readonly number[], vi: readonly number[]): void {
  if (yi.length !== vi.length) throw new MetaAnalysisError(`Length of yi (${yi.length}) and vi (${vi.length}) differ.`);
  if (yi.length === 0) throw new MetaAnalysisError('No studies (k = 0).');
  yi.forEach((y, i) => {
    if (!Number.isFinite(y)) throw new MetaAnalysisError(`yi[${i}] is not a finite number (${y}).`);
  });
  vi.forEach((v, i) => {
    if (!Number.isFinite(v) || !(v > 0)) {
      throw new MetaAnalysisError(`vi[${i}] must be a positive finite sampling variance (got ${v}).`);
    }
  });
}

function buildX(k: number, mods: FitOptions['mods'], intercept: boolean): Matrix {
  if (!mods) return Array.from({ length: k }, () => [1]);
  if (mods.length !== k) throw new MetaAnalysisError(`mods has ${mods.length} rows for ${k} studies.`);
  const X = mods.map((row, i) => {
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new MetaAnalysisError(`mods[${i}][${j}] is not a finite number.`);
    });
    return intercept ? [1, ...row] : [...row];
  });
  if ((X[0]?.length ?? 0) === 0) return Array.from({ length: k }, () => [1]);
  return X;
}

/**
 * Fit an equal-effects (FE/EE), random-effects or mixed-effects (with `mods`) model, as
 * metafor's rma(yi, vi, method=, test=, level=, mods=).
 */
export function fit(yi: readonly number[], vi: readonly number[], options: FitOptions = {}): RmaFit {
  checkInputs(yi, vi);
  const k = yi.length;
  const method: Method = options.method ?? 'REML';
  if (!METHODS.includes(method)) throw new MetaAnalysisError(`Unknown method '${String(method)}'.`);
  let test: Test = options.test ?? 'z';
  if (!TESTS.includes(test)) throw new MetaAnalysisError(`Unknown test '${String(test)}'.`);
  const userW = options.weights;
  if (userW !== undefined) {
    if (userW.length !== yi.length) throw new MetaAnalysisError(`weights has ${userW.length} values for ${yi.length} studies.`);
    userW.forEach((w, i) => {
      if (!Number.isFinite(w) || w < 0) throw new MetaAnalysisError(`weights[${i}] must be a non-negative finite number (got ${w}).`);
    });
  }
  const tau2Fixed = options.tau2;
  if (tau2Fixed !== undefined && !(Number.isFinite(tau2Fixed) && tau2Fixed >= 0)) throw new MetaAnalysisError(`tau2 must be a non-negative number (got ${tau2Fixed}).`);
  const levelArg = options.level ?? 95;
  const alpha = alphaOf(levelArg);
  const intercept = options.intercept ?? true;
  const X = buildX(k, options.mods, intercept);
  const p = X[0]!.length;
  const warnings: string[] = [];
  const isFE = method === 'FE' || method === 'EE';
  const intOnly = p === 1 && X.every((r) => r[0] === 1);

  if (!(intOnly && k === 1)) {
    if (isFE ? p > k : p + 1 > k) {
      throw new MetaAnalysisError('Number of parameters to be estimated is larger than the number of observations.');
    }
  }
  if (!invSymPD(crossprodW(X, new Array<number>(k).fill(1)))) {
    throw new MetaAnalysisError('Model matrix not of full rank. Cannot fit model.');
  }
  if (k === 1 && test !== 'z') {
    warnings.push('Setting test="z" since k=1.');
    test = 'z';
  }
  const con = resolveControl(yi, options.control);

  // ---- tau^2
  let tau2 = 0;
  let seTau2: number | null = null;
  let iterations = 0;
  if (!isFE && k === 1 && tau2Fixed !== undefined) {
    tau2 = tau2Fixed;
  } else if (!isFE && k > 1) {
    const r = estimateTau2(method, yi, vi, X, con, warnings, userW, tau2Fixed);
    tau2 = Math.max(con.tau2Min, r.tau2);
    seTau2 = r.seTau2;
    iterations = r.iterations;
  }

  // ---- coefficients: weights 1/(vi + tau^2), or the user's weights A (then the sandwich
  // vb = (X'AX)^-1 X'A M A X (X'AX)^-1 with M = diag(vi + tau^2), as metafor)
  const wi = vi.map((v) => 1 / (v + tau2));
  const aw = userW ?? wi;
  const XtAX = crossprodW(X, aw);
  const stXAX = invSymPD(XtAX);
  if (!stXAX) throw new MetaAnalysisError('Cannot invert X\'WX.');
  const XtAy = new Array<number>(p).fill(0);
  X.forEach((row, i) => row.forEach((x, a) => (XtAy[a]! += x * aw[i]! * yi[i]!)));
  const beta = matVec(stXAX, XtAy);
  let vb: Matrix;
  if (userW) {
    const mid = crossprodW(X, userW.map((a, i) => a * a * (vi[i]! + tau2)));
    vb = matMulSq(matMulSq(stXAX, mid), stXAX);
  } else {
    vb = stXAX.map((r) => [...r]);
  }
  let s2w = 1;
  let ddf: number | null = null;
  if (test === 'knha' || test === 'adhoc') {
    // RSS of the inverse-variance fit, also with user weights (metafor: RSS.knha from the W fit)
    const bW = userW ? matVec(invSymPD(crossprodW(X, wi))!, X.reduce((acc, row, i) => acc.map((v, a) => v + row[a]! * wi[i]! * yi[i]!), new Array<number>(p).fill(0))) : beta;
    let RSS = 0;
    X.forEach((row, i) => {
      const fitted = row.reduce((s, x, a) => s + x * bW[a]!, 0);
      RSS += wi[i]! * (yi[i]! - fitted) ** 2;
    });
    s2w = RSS <= Number.EPSILON ? 0 : RSS / (k - p);
    if (test === 'adhoc' && s2w < 1) s2w = 1;
    if (isFE) warnings.push(`Knapp and Hartung method is not meant to be used in the context of ${method} models.`);
    vb = vb.map((r) => r.map((v) => v * s2w));
    ddf = k - p;
  } else if (test === 't') {
    ddf = k - p;
  }
  const useT = test !== 'z';
  const crit = useT ? (ddf! > 0 ? qt(1 - alpha / 2, ddf!) : Number.NaN) : qnorm(1 - alpha / 2);
  const names = options.coefNames ?? ['intrcpt', ...Array.from({ length: p - 1 }, (_, j) => `mod${j + 1}`)];
  const coefficients: Coefficient[] = beta.map((b, a) => {
    const se = Math.sqrt(vb[a]![a]!);
    const stat = b / se;
    return {
      name: names[a] ?? `b${a}`,
      estimate: b,
      se,
      stat,
      pval: useT ? (ddf! > 0 ? pvalT(stat, ddf!) : Number.NaN) : pvalNormal(stat),
      ciLb: b - crit * se,
      ciUb: b + crit * se,
    };
  });

  // ---- omnibus test of moderators (QM)
  const btt = options.btt ? [...options.btt] : p > 1 && intercept ? Array.from({ length: p - 1 }, (_, j) => j + 1) : [0];
  btt.forEach((j) => {
    if (!Number.isInteger(j) || j < 0 || j >= p) throw new MetaAnalysisError(`btt index ${j} out of range 0..${p - 1}.`);
  });
  const m = btt.length;
  const vbSub = btt.map((a) => btt.map((b) => vb[a]![b]!));
  const vbSubInv = invSymPD(vbSub);
  const bSub = btt.map((a) => beta[a]!);
  let QM = vbSubInv ? bSub.reduce((s, ba, i) => s + ba * vbSubInv[i]!.reduce((t, v, j) => t + v * bSub[j]!, 0), 0) : Number.NaN;
  let QMp: number | null;
  let QMdf: [number, number | null];
  if (useT) {
    QM = QM / m;
    QMdf = [m, ddf];
    if (m === 1) QMp = ddf! > 0 ? pvalT(Math.sqrt(QM), ddf!) : Number.NaN;
    else QMp = ddf! > 0 ? pfUpper(QM, m, ddf!) : Number.NaN;
  } else {
    QMdf = [m, null];
    QMp = pchisqUpper(QM, m);
  }

  // ---- heterogeneity (always from the inverse-variance weights 1/vi)
  // no residual df (k = p, e.g. k = 1): Q = 0, p = 1, I^2 = 0, H^2 = 1, as metafor
  let Q: number | null = 0;
  let Qp: number | null = 1;
  let I2: number | null = 0;
  let H2: number | null = 1;
  let vt: number | null = 0;
  if (k > p) {
    const P = residualOps(X, vi.map((v) => 1 / v));
    const ybar = mean(yi);
    vt = (k - p) / P.trace();
    const het = heterogeneityOfQ(Math.max(0, P.quad(yi.map((y) => y - ybar))), k - p);
    ({ Q, Qp } = het);
    if (isFE) ({ I2, H2 } = het);
    else {
      I2 = (100 * tau2) / (vt + tau2);
      H2 = tau2 / vt + 1;
    }
  }

  const sumW = aw.reduce((s, w) => s + w, 0);
  const first = coefficients[0]!;
  return {
    k,
    p,
    method,
    test,
    level: 1 - alpha,
    estimate: first.estimate,
    se: first.se,
    zval: useT ? null : first.stat,
    tval: useT ? first.stat : null,
    pval: first.pval,
    ciLb: first.ciLb,
    ciUb: first.ciUb,
    coefficients,
    beta,
    vb,
    tau2,
    seTau2: isFE || k === 1 ? null : seTau2,
    tau: Math.sqrt(tau2),
    I2,
    H2,
    Q,
    Qdf: k - p,
    Qp,
    vt,
    QM,
    QMdf,
    QMp,
    btt,
    ddf,
    s2w,
    weights: aw.map((w) => (100 * w) / sumW),
    iterations,
    converged: true,
    yi: [...yi],
    vi: [...vi],
    X,
    intercept,
    control: con,
    options: { ...options },
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// predict()

export interface Prediction {
  pred: number;
  se: number;
  ciLb: number;
  ciUb: number;
  /** Prediction interval; null for FE/EE models (metafor drops it there). */
  piLb: number | null;
  piUb: number | null;
  /** Distribution used for the intervals: normal for test='z', t with `ddf` df otherwise. */
  dist: 'norm' | 't';
  ddf: number | null;
}

/**
 * metafor's predict.rma(): the predicted (average) effect, its CI, and the prediction interval
 * pred +- crit * sqrt(se^2 + tau^2), where crit is from N(0,1) for test='z' and from t(k-p) for
 * test='knha'/'adhoc'. `newmods` is one row of moderator values (without the intercept) for
 * models with moderators. `transf` (e.g. Math.exp, ilogit) is applied to pred and all bounds, after
 * which se is NaN and the bounds are re-ordered, as in metafor.
 */
export function predict(
  model: RmaFit,
  options: { newmods?: readonly number[]; level?: number; transf?: (x: number) => number } = {},
): Prediction {
  const alpha = options.level !== undefined ? alphaOf(options.level) : 1 - model.level;
  let x: number[];
  if (options.newmods) {
    x = model.intercept ? [1, ...options.newmods] : [...options.newmods];
    if (x.length !== model.p) throw new MetaAnalysisError(`newmods must have ${model.p - (model.intercept ? 1 : 0)} values.`);
  } else {
    if (model.p !== 1) throw new MetaAnalysisError('Give newmods for a model with moderators.');
    x = [1];
  }
  const pred = x.reduce((s, xa, a) => s + xa * model.beta[a]!, 0);
  let vpred = 0;
  for (let a = 0; a < model.p; a++) for (let b = 0; b < model.p; b++) vpred += x[a]! * model.vb[a]![b]! * x[b]!;
  const se = Math.sqrt(vpred);
  const useT = model.test !== 'z';
  const ddf = useT ? model.k - model.p : null;
  const crit = useT ? (ddf! > 0 ? qt(1 - alpha / 2, ddf!) : Number.NaN) : qnorm(1 - alpha / 2);
  let out: Prediction = {
    pred,
    se,
    ciLb: pred - crit * se,
    ciUb: pred + crit * se,
    piLb: null,
    piUb: null,
    dist: useT ? 't' : 'norm',
    ddf,
  };
  if (model.method !== 'FE' && model.method !== 'EE') {
    const piSe = Math.sqrt(vpred + model.tau2);
    out.piLb = pred - crit * piSe;
    out.piUb = pred + crit * piSe;
  }
  if (options.transf) out = transformPrediction(out, options.transf);
  return out;
}

/** Apply a back-transformation to a prediction (bounds re-sorted, se set to NaN, as in metafor). */
export function transformPrediction(pred: Prediction, f: (x: number) => number): Prediction {
  const sort = (a: number, b: number): [number, number] => (a <= b ? [a, b] : [b, a]);
  const [ciLb, ciUb] = sort(f(pred.ciLb), f(pred.ciUb));
  let piLb: number | null = null;
  let piUb: number | null = null;
  if (pred.piLb !== null && pred.piUb !== null) [piLb, piUb] = sort(f(pred.piLb), f(pred.piUb));
  return { ...pred, pred: f(pred.pred), se: Number.NaN, ciLb, ciUb, piLb, piUb };
}

// ---------------------------------------------------------------------------------------------
// confint(): Q-profile interval for tau^2

export interface Interval {
  estimate: number;
  ciLb: number;
  ciUb: number;
}

export interface ConfintResult {
  tau2: Interval;
  /** sqrt of the tau^2 bounds (NaN for a negative bound). */
  tau: Interval;
  I2: Interval;
  H2: Interval;
  /** The coefficients' CI (first coefficient), as confint(res, fixed=TRUE). */
  fixed: Interval;
  /** '<' when the bound lies below tau2Min, '>' when above tau2Max (metafor's lb.sign/ub.sign). */
  lbSign: '' | '<' | '>';
  ubSign: '' | '<' | '>';
  /** True when the Q-profile CI is the empty set (both bounds below tau2Min = 0). */
  ciNull: boolean;
}

/**
 * metafor's confint.rma.uni() with type="qp": bounds are the tau^2 values at which the generalized
 * Q statistic equals the chi^2(k-p) quantiles, found with Brent's method on [tau2Min, tau2Max]
 * (defaults min(0, tau^2) and max(100, 10 tau^2); tolerance .Machine$double.eps^0.25 and 1000
 * iterations as metafor; pass control.tol for a tighter root). I^2 and H^2 bounds follow from
 * the tau^2 bounds with the model's vt.
 */
export function confint(
  model: RmaFit,
  options: { level?: number; control?: { tol?: number; maxiter?: number; tau2Min?: number; tau2Max?: number } } = {},
): ConfintResult {
  if (model.k === 1) throw new MetaAnalysisError('Stopped because k = 1.');
  if (model.method === 'FE' || model.method === 'EE') {
    throw new MetaAnalysisError('Model does not contain a random-effects component.');
  }
  const alpha = options.level !== undefined ? alphaOf(options.level) : 1 - model.level;
  const k = model.k;
  const p = model.p;
  // as metafor: the model's own control values (if the user set them) before the defaults
  const fitted = model.options.control;
  const tau2Min = options.control?.tau2Min ?? fitted?.tau2Min ?? Math.min(0, model.tau2);
  const tau2Max = options.control?.tau2Max ?? fitted?.tau2Max ?? Math.max(100, model.tau2 * 10, tau2Min * 10);
  const tol = options.control?.tol ?? UNIROOT_TOL;
  const maxiter = options.control?.maxiter ?? 1000;
  const critU = qchisq(1 - alpha / 2, k - p);
  const critL = qchisq(alpha / 2, k - p);
  const Qf = (t2: number) => qOfTau2(t2, model.yi, model.vi, model.X);
  const QMax = Qf(tau2Max);
  const QMin = Qf(tau2Min);

  let lb = Number.NaN;
  let ub = Number.NaN;
  let lbSign: '' | '<' | '>' = '';
  let ubSign: '' | '<' | '>' = '';
  let ciNull = false;

  // upper bound
  if (QMin < critL) {
    lb = tau2Min;
    ub = tau2Min;
    lbSign = '<';
    ubSign = '<';
    if (tau2Min <= 0) ciNull = true;
  } else if (QMax > critL) {
    ub = tau2Max;
    ubSign = '>';
  } else {
    ub = zeroin((t) => Qf(t) - critL, tau2Min, tau2Max, { tol, maxiter, fLower: QMin - critL, fUpper: QMax - critL }).root;
  }
  // lower bound
  if (QMax > critU) {
    lb = tau2Max;
    ub = tau2Max;
    lbSign = '>';
    ubSign = '>';
  } else if (QMin < critU) {
    lb = tau2Min;
    if (tau2Min > 0) lbSign = '<';
  } else {
    lb = zeroin((t) => Qf(t) - critU, tau2Min, tau2Max, { tol, maxiter, fLower: QMin - critU, fUpper: QMax - critU }).root;
  }

  const vt = model.vt ?? Number.NaN;
  const sqrtOrNaN = (v: number) => (v >= 0 ? Math.sqrt(v) : Number.NaN);
  const crit = model.test !== 'z' ? qt(1 - alpha / 2, k - p) : qnorm(1 - alpha / 2);
  return {
    tau2: { estimate: model.tau2, ciLb: lb, ciUb: ub },
    tau: { estimate: sqrtOrNaN(model.tau2), ciLb: sqrtOrNaN(lb), ciUb: sqrtOrNaN(ub) },
    I2: { estimate: model.I2 ?? Number.NaN, ciLb: (100 * lb) / (vt + lb), ciUb: (100 * ub) / (vt + ub) },
    H2: { estimate: model.H2 ?? Number.NaN, ciLb: lb / vt + 1, ciUb: ub / vt + 1 },
    fixed: { estimate: model.estimate, ciLb: model.estimate - crit * model.se, ciUb: model.estimate + crit * model.se },
    lbSign,
    ubSign,
    ciNull,
  };
}

// ---------------------------------------------------------------------------------------------
// leave1out()

export interface LeaveOneOutRow extends PooledEstimate {
  /** 0-based index of the study left out. */
  omitted: number;
  Q: number | null;
  Qp: number | null;
  tau2: number;
  I2: number | null;
  H2: number | null;
  /** Why the refit failed (e.g. Fisher scoring did not converge); the numbers are then NaN, as metafor's NA. */
  error?: string;
}

/**
 * metafor's leave1out.rma.uni(): the intercept-only model refitted k times, each time without one
 * study. A refit that fails gives a row of NaN with the reason (metafor wraps each refit in try()).
 */
export function leave1out(model: RmaFit): LeaveOneOutRow[] {
  if (model.p !== 1) throw new MetaAnalysisError('Method only applicable to models without moderators.');
  if (model.k === 1) throw new MetaAnalysisError('Stopped because k = 1.');
  return model.yi.map((_, i) => {
    const keep = (_v: number, j: number) => j !== i;
    let r: RmaFit;
    try {
      r = fit(model.yi.filter(keep), model.vi.filter(keep), {
        method: model.method,
        test: model.test,
        level: model.level,
        ...(model.options.control ? { control: model.options.control } : {}),
      });
    } catch (e) {
      const nan = Number.NaN;
      const error = e instanceof Error ? e.message : String(e);
      return { omitted: i, estimate: nan, se: nan, zval: null, tval: null, pval: nan, ciLb: nan, ciUb: nan, Q: nan, Qp: nan, tau2: nan, I2: nan, H2: nan, error };
    }
    return {
      omitted: i,
      estimate: r.estimate,
      se: r.se,
      zval: r.zval,
      tval: r.tval,
      pval: r.pval,
      ciLb: r.ciLb,
      ciUb: r.ciUb,
      Q: r.Q,
      Qp: r.Qp,
      tau2: r.tau2,
      I2: r.I2,
      H2: r.H2,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Subgroups

export interface SubgroupResult {
  /** Subgroup labels in sorted order (as R's factor levels). */
  levels: string[];
  /** The model fitted in each subgroup, in the order of `levels`. */
  fits: RmaFit[];
  /** 0-based input indices of the studies in each subgroup. */
  members: number[][];
  /**
   * Test for subgroup differences: Cochran's Q between the subgroup estimates, weighted by
   * 1/se^2 (the equal-effects model on the subgroup estimates), df = levels - 1.
   */
  Qb: number;
  Qbdf: number;
  Qbp: number;
  /** I^2 for subgroup differences, max(0, (Qb - df) / Qb) * 100 (as RevMan reports it). */
  I2b: number;
  /** The pooled estimate across subgroups from that equal-effects model. */
  estimate: number;
  se: number;
  /**
   * Subgroups that could not be fitted (with `skipFailed`), or whose standard error is 0 and so
   * cannot enter the test for subgroup differences (e.g. test 'knha' on identical estimates).
   * Their studies are not in `levels`/`fits`/`members` when the fit failed.
   */
  failed: { level: string; members: number[]; error: string }[];
}

function levelsOf(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Separate models per subgroup (each with its own tau^2) and the test for subgroup differences on
 * their estimates, as RevMan does and as metafor's documentation shows (fit each subgroup with
 * rma(), then rma(estimate, sei=se, method="FE") on the subgroup results; its Q is Q-between).
 */
export function subgroupAnalysis(
  yi: readonly number[],
  vi: readonly number[],
  groups: readonly string[],
  options: Omit<FitOptions, 'mods' | 'intercept' | 'btt' | 'coefNames'> & {
    /** Report a subgroup whose model cannot be fitted in `failed` and go on (default: throw). */
    skipFailed?: boolean;
  } = {},
): SubgroupResult {
  if (groups.length !== yi.length) throw new MetaAnalysisError('groups must have one label per study.');
  const allLevels = levelsOf(groups);
  if (allLevels.length < 2) throw new MetaAnalysisError('Subgroup analysis needs at least two subgroups.');
  const { skipFailed, ...fitOptions } = options;
  const levels: string[] = [];
  const fits: RmaFit[] = [];
  const members: number[][] = [];
  const failed: SubgroupResult['failed'] = [];
  for (const lev of allLevels) {
    const idx = groups.flatMap((g, i) => (g === lev ? [i] : []));
    try {
      const f = fit(
        idx.map((i) => yi[i]!),
        idx.map((i) => vi[i]!),
        fitOptions,
      );
      levels.push(lev);
      fits.push(f);
      members.push(idx);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (!skipFailed) throw new MetaAnalysisError(`Subgroup '${lev}': ${error}`);
      failed.push({ level: lev, members: idx, error });
    }
  }
  // the test for subgroup differences needs a positive, finite se in each subgroup
  const usable = fits.map((f) => Number.isFinite(f.se) && f.se > 0 && Number.isFinite(f.estimate));
  fits.forEach((f, g) => {
    if (!usable[g]) failed.push({ level: levels[g]!, members: members[g]!, error: `standard error is ${f.se} (all estimates identical with test "${f.test}"?): left out of the test for subgroup differences` });
  });
  const est = fits.filter((_, g) => usable[g]).map((f) => f.estimate);
  const v = fits.filter((_, g) => usable[g]).map((f) => f.se * f.se);
  if (est.length < 2) {
    if (!skipFailed) throw new MetaAnalysisError('Fewer than two subgroups could be fitted: no test for subgroup differences.');
    return { levels, fits, members, Qb: Number.NaN, Qbdf: 0, Qbp: Number.NaN, I2b: Number.NaN, estimate: est[0] ?? Number.NaN, se: Math.sqrt(v[0] ?? Number.NaN), failed };
  }
  const between = fit(est, v, { method: 'FE' });
  const Qb = between.Q ?? 0;
  const df = est.length - 1;
  return {
    levels,
    fits,
    members,
    Qb,
    Qbdf: df,
    Qbp: pchisqUpper(Qb, df),
    I2b: Qb > 0 ? Math.max(0, ((Qb - df) / Qb) * 100) : 0,
    estimate: between.estimate,
    se: between.se,
    failed,
  };
}

export interface FactorModelResult {
  levels: string[];
  /** The mixed-effects model rma(yi, vi, mods = ~ factor(g)); coefficient 0 is the first level. */
  model: RmaFit;
}

/**
 * Mixed-effects meta-regression with one categorical moderator, as rma(yi, vi, mods = ~ factor(g)):
 * treatment (dummy) coding with the first sorted level as reference, one tau^2 shared by all
 * subgroups. `model.QM` tests the subgroup differences (df = levels - 1), `model.Q` is the residual
 * heterogeneity QE.
 */
export function factorModerator(
  yi: readonly number[],
  vi: readonly number[],
  groups: readonly string[],
  options: Omit<FitOptions, 'mods' | 'intercept' | 'btt' | 'coefNames'> = {},
): FactorModelResult {
  if (groups.length !== yi.length) throw new MetaAnalysisError('groups must have one label per study.');
  const levels = levelsOf(groups);
  if (levels.length < 2) throw new MetaAnalysisError('A factor moderator needs at least two levels.');
  const mods = groups.map((g) => levels.slice(1).map((lev) => (g === lev ? 1 : 0)));
  const model = fit(yi, vi, {
    ...options,
    mods,
    intercept: true,
    coefNames: ['intrcpt', ...levels.slice(1)],
  });
  return { levels, model };
}
