// Case-deletion diagnostics as metafor's influence.rma.uni() (3.8) and the coordinates of its
// baujat() plot. Each study is left out in turn and the model (same moderators, method, test,
// level and control) refitted; a refit that fails gives NaN for that study (metafor: NA).
import { pchisq } from './dist.js';
import { crossprodW, invSymPD, matVec, type Matrix } from './linalg.js';
import { fit, MetaAnalysisError, type RmaFit } from './rma.js';

export interface InfluenceRow {
  /** 0-based index of the study. */
  index: number;
  /** Externally standardized residual. */
  rstudent: number;
  dffits: number;
  /** Cook's distance. */
  cook_d: number;
  /** Covariance ratio: det(vb without the study) / det(vb). */
  cov_r: number;
  /** tau^2 and QE of the model without the study. */
  tau2_del: number;
  QE_del: number;
  /** Leverage: diagonal of the hat matrix X (X'WX)^-1 X'W. */
  hat: number;
  /** Percent weight in the full model. */
  weight: number;
  /** DFBETAS, one per coefficient. */
  dfbetas: number[];
  /** metafor's "*": |dffits| > 3 sqrt(p/(k-p)), pchisq(cook.d, p) > .5, hat > 3p/k or any |dfbetas| > 1. */
  influential: boolean;
  error?: string;
}

function det(A: Matrix): number {
  const n = A.length;
  const M = A.map((r) => [...r]);
  let d = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    if (M[piv]![c] === 0) return 0;
    if (piv !== c) {
      [M[piv], M[c]] = [M[c]!, M[piv]!];
      d = -d;
    }
    d *= M[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let j = c; j < n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return d;
}

const quad = (x: readonly number[], A: Matrix) => x.reduce((s, xa, a) => s + xa * A[a]!.reduce((t, v, b) => t + v * x[b]!, 0), 0);

function refit(model: RmaFit, i: number): RmaFit {
  const keep = (_: unknown, j: number) => j !== i;
  return fit(model.yi.filter(keep), model.vi.filter(keep), {
    method: model.method,
    test: model.test,
    level: model.level,
    mods: model.X.filter(keep),
    intercept: false,
    ...(model.options.control ? { control: model.options.control } : {}),
  });
}

/** metafor's hatvalues.rma.uni(): diag(X (X'WX)^-1 X' W), W = diag(1/(vi + tau^2)). */
export function hatValues(model: RmaFit): number[] {
  const w = model.vi.map((v) => 1 / (v + model.tau2));
  const inv = invSymPD(crossprodW(model.X, w))!;
  return model.X.map((row, i) => quad(row, inv) * w[i]!);
}

/** influence(model) as metafor's influence.rma.uni(): the full table, one row per study. */
export function influence(model: RmaFit): InfluenceRow[] {
  if (model.k === 1) throw new MetaAnalysisError('Stopped because k = 1.');
  const { k, p, X, yi, vi } = model;
  const btt = Array.from({ length: p }, (_, j) => j); // influence() uses every coefficient
  const svb = invSymPD(model.vb)!;
  const detVb = det(model.vb);
  const hat = hatValues(model);
  const predFull = X.map((row) => row.reduce((s, x, a) => s + x * model.beta[a]!, 0));
  return yi.map((_, i) => {
    const base = { index: i, hat: hat[i]!, weight: model.weights[i]! };
    let r: RmaFit;
    try {
      r = refit(model, i);
    } catch (e) {
      const nan = Number.NaN;
      return { ...base, rstudent: nan, dffits: nan, cook_d: nan, cov_r: nan, tau2_del: nan, QE_del: nan, dfbetas: btt.map(() => nan), influential: false, error: e instanceof Error ? e.message : String(e) };
    }
    const Xi = X[i]!;
    const delpred = Xi.reduce((s, x, a) => s + x * r.beta[a]!, 0);
    const vdelpred = quad(Xi, r.vb);
    const t2 = r.tau2;
    let resid = yi[i]! - delpred;
    if (Math.abs(resid) < 100 * Number.EPSILON) resid = 0;
    const rstudent = resid / Math.sqrt(vi[i]! * r.s2w + vdelpred + t2 * r.s2w);
    const dffits = (predFull[i]! - delpred) / Math.sqrt(r.s2w * hat[i]! * (t2 + vi[i]!));
    const vbDel = invSymPD(crossprodW(X, vi.map((v) => 1 / (v + t2))))!;
    const dfb = model.beta.map((b, a) => b - r.beta[a]!);
    const dfbetas = dfb.map((d, a) => d / Math.sqrt(r.s2w * vbDel[a]![a]!));
    const cook = quad(dfb, svb);
    const covr = det(r.vb) / detVb;
    const QE = r.Q ?? 0; // metafor: QE = 0 when the refit has no residual df
    const influential = Math.abs(dffits) > 3 * Math.sqrt(p / (k - p)) || pchisq(cook, btt.length) > 0.5 || hat[i]! > (3 * p) / k || dfbetas.some((d) => Math.abs(d) > 1);
    return { ...base, rstudent, dffits, cook_d: cook, cov_r: covr, tau2_del: t2, QE_del: QE, dfbetas, influential };
  });
}

export interface BaujatPoint {
  index: number;
  /** Squared Pearson residual (contribution to Q for FE/EE models): (yi - fitted)^2 / (tau^2 + vi). */
  x: number;
  /** Influence on the fitted value: (pred without the study - pred)^2 / var(pred without the study). */
  y: number;
}

/** The points of metafor's baujat(model). */
export function baujat(model: RmaFit): BaujatPoint[] {
  if (model.k === 1) throw new MetaAnalysisError('Stopped because k = 1.');
  const predFull = model.X.map((row) => row.reduce((s, x, a) => s + x * model.beta[a]!, 0));
  return model.yi.map((y, i) => {
    const xh = (y - predFull[i]!) ** 2 / (model.tau2 + model.vi[i]!);
    let yh = Number.NaN;
    try {
      const r = refit(model, i);
      const Xi = model.X[i]!;
      const delpred = matVec([Xi], r.beta)[0]!;
      yh = (delpred - predFull[i]!) ** 2 / quad(Xi, r.vb);
    } catch {
      // metafor leaves the point out (NA)
    }
    return { index: i, x: xh, y: yh };
  });
}
