// Meta-regression with named moderators, as metafor's rma(yi, vi, mods = ~ a + b, method=, test=):
// the model matrix is built the way R's model.matrix() builds it (intercept first, then each
// moderator in the order given; a numeric moderator is one column, a categorical one is
// treatment-coded with its first level as reference and columns named <moderator><level>), the
// model is fitted by fit() (rma.ts), and the pseudo-R^2 is metafor's: the proportional reduction of
// tau^2 against the random-effects model without moderators fitted with the same estimator.
import { crossprodW, invSymPD, matVec, type Matrix } from './linalg.js';
import { fit, MetaAnalysisError, type FitOptions, type Method, type RmaFit, type Test } from './rma.js';

/** One moderator: a name and one value per study (null or '' = missing). */
export interface ModeratorColumn {
  name: string;
  values: ReadonlyArray<number | string | null | undefined>;
  /** Treat as categorical even when every value is a number (R: factor(x)). */
  categorical?: boolean;
}

export interface ModeratorTerm {
  name: string;
  kind: 'numeric' | 'factor';
  /** Factor levels in R's order (sorted; the first is the reference); empty for numeric. */
  levels: string[];
  /** The model-matrix columns of this moderator. */
  columns: string[];
}

export interface DesignMatrix {
  /** One row per kept study, without the intercept column (fit() adds it). */
  mods: number[][];
  /** Coefficient names, intercept first ("intrcpt", then R's column names). */
  names: string[];
  terms: ModeratorTerm[];
  /** 0-based input indices of the studies in the model, and those left out for a missing value. */
  kept: number[];
  missing: { index: number; moderator: string }[];
}

const isMissing = (v: number | string | null | undefined): boolean =>
  v === null || v === undefined || (typeof v === 'string' && (v.trim() === '' || /^na$/i.test(v.trim()))) || (typeof v === 'number' && Number.isNaN(v));

function asNumber(v: number | string): number {
  return typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v);
}

/** Levels sorted by code point (R sorts by locale collation: the same order for ASCII lower-case labels). */
function sortedLevels(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The model matrix of `~ m1 + m2 + ...` as R's model.matrix() builds it. A moderator whose values
 * are all numbers is numeric unless `categorical`; any other is a factor (treatment contrasts). As
 * metafor does (with a warning), studies with a missing moderator value are left out of the model.
 */
export function designMatrix(columns: readonly ModeratorColumn[], k: number): DesignMatrix {
  if (columns.length === 0) throw new MetaAnalysisError('No moderators given.');
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.values.length !== k) throw new MetaAnalysisError(`Moderator '${c.name}' has ${c.values.length} values for ${k} studies.`);
    if (seen.has(c.name)) throw new MetaAnalysisError(`Moderator '${c.name}' given twice.`);
    seen.add(c.name);
  }
  const missing: DesignMatrix['missing'] = [];
  const kept: number[] = [];
  for (let i = 0; i < k; i++) {
    const gap = columns.find((c) => isMissing(c.values[i]));
    if (gap) missing.push({ index: i, moderator: gap.name });
    else kept.push(i);
  }
  const terms: ModeratorTerm[] = columns.map((c) => {
    const present = kept.map((i) => c.values[i]!);
    const numeric = !c.categorical && present.every((v) => Number.isFinite(asNumber(v)));
    if (numeric) return { name: c.name, kind: 'numeric', levels: [], columns: [c.name] };
    const levels = sortedLevels(present.map((v) => String(v).trim()));
    return { name: c.name, kind: 'factor', levels, columns: levels.slice(1).map((l) => `${c.name}${l}`) };
  });
  const mods = kept.map((i) =>
    columns.flatMap((c, j) => {
      const t = terms[j]!;
      const v = c.values[i]!;
      if (t.kind === 'numeric') return [asNumber(v)];
      const s = String(v).trim();
      return t.levels.slice(1).map((l) => (s === l ? 1 : 0));
    }),
  );
  return { mods, names: ['intrcpt', ...terms.flatMap((t) => t.columns)], terms, kept, missing };
}

export interface MetaRegCoefficient {
  term: string;
  estimate: number;
  se: number;
  /** z statistic (test = 'z') or t statistic (knha/adhoc): one of the two is set. */
  zval?: number;
  tval?: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
}

export interface MetaRegression {
  k: number;
  p: number;
  method: Method;
  test: Test;
  coefficients: MetaRegCoefficient[];
  /** Omnibus test of all moderators (not the intercept): chi^2(m) for z, F(m, k-p) (QM/m) for knha. */
  QM: number;
  QMdf: [number, number | null];
  /** null for an F test with more than one numerator df while no F distribution is available. */
  QMp: number | null;
  /** Test for residual heterogeneity. */
  QE: number | null;
  QEdf: number;
  QEp: number | null;
  tau2: number;
  seTau2: number | null;
  I2: number | null;
  H2: number | null;
  /**
   * metafor's R^2 in percent. Random/mixed effects: the pseudo-R^2 max(0, 100 (tau2_RE - tau2) /
   * tau2_RE), tau2_RE from the model without moderators (same estimator; 0 when tau2_RE = 0).
   * FE/EE: max(0, 100 x adjusted R^2 of the weighted least-squares fit lm(yi ~ X, weights = 1/vi)),
   * 0 when all yi are equal. null when the model without moderators cannot be fitted.
   */
  R2: number | null;
  /** tau^2 of the model without moderators (the R^2 reference). */
  tau2RE: number | null;
  terms: ModeratorTerm[];
  /** 0-based input indices in the model, and those left out for a missing moderator. */
  kept: number[];
  missing: { index: number; moderator: string }[];
  model: RmaFit;
  warnings: string[];
}

/**
 * rma(yi, vi, mods = ~ <columns>, method, test, level): a mixed-effects meta-regression (an
 * equal-effects one for FE/EE) with the named moderators.
 */
export function metaRegression(
  yi: readonly number[],
  vi: readonly number[],
  columns: readonly ModeratorColumn[],
  options: Omit<FitOptions, 'mods' | 'intercept' | 'coefNames'> = {},
): MetaRegression {
  if (yi.length !== vi.length) throw new MetaAnalysisError(`Length of yi (${yi.length}) and vi (${vi.length}) differ.`);
  const d = designMatrix(columns, yi.length);
  const warnings: string[] = [];
  if (d.missing.length) warnings.push(`${d.missing.length} stud${d.missing.length === 1 ? 'y' : 'ies'} with a missing moderator value left out of the model fitting.`);
  const y = d.kept.map((i) => yi[i]!);
  const v = d.kept.map((i) => vi[i]!);
  const model = fit(y, v, { ...options, mods: d.mods, intercept: true, coefNames: d.names });
  warnings.push(...model.warnings);
  const useT = model.test !== 'z';
  const coefficients: MetaRegCoefficient[] = model.coefficients.map((c) => ({
    term: c.name,
    estimate: c.estimate,
    se: c.se,
    ...(useT ? { tval: c.stat } : { zval: c.stat }),
    pval: c.pval,
    ci_lb: c.ciLb,
    ci_ub: c.ciUb,
  }));
  let R2: number | null = null;
  let tau2RE: number | null = null;
  if (model.method === 'FE' || model.method === 'EE') {
    R2 = fixedEffectsR2(y, v, model.X);
  } else {
    try {
      const re = fit(y, v, { ...options, mods: undefined, intercept: true });
      tau2RE = re.tau2;
      R2 = re.tau2 === 0 ? 0 : Math.max(0, (100 * (re.tau2 - model.tau2)) / re.tau2);
    } catch (e) {
      warnings.push(`no R^2: the model without moderators could not be fitted (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  return {
    k: model.k,
    p: model.p,
    method: model.method,
    test: model.test,
    coefficients,
    QM: model.QM,
    QMdf: model.QMdf,
    QMp: model.QMp,
    QE: model.Q,
    QEdf: model.Qdf,
    QEp: model.Qp,
    tau2: model.tau2,
    seTau2: model.seTau2,
    I2: model.I2,
    H2: model.H2,
    R2,
    tau2RE,
    terms: d.terms,
    kept: d.kept,
    missing: d.missing,
    model,
    warnings,
  };
}

/**
 * metafor's R^2 for FE/EE meta-regression: the adjusted R^2 of the weighted linear model
 * lm(yi ~ X, weights = 1/vi) (summary.lm: 1 - (1 - R^2) (n - 1) / (n - rank)), as a non-negative
 * percentage; 0 when every yi is the same.
 */
function fixedEffectsR2(y: readonly number[], v: readonly number[], X: Matrix): number {
  const n = y.length;
  if (y.every((yi) => yi === y[0])) return 0;
  const w = v.map((vi) => 1 / vi);
  const inv = invSymPD(crossprodW(X, w));
  if (!inv) return Number.NaN;
  const p = X[0]!.length;
  const Xty = new Array<number>(p).fill(0);
  X.forEach((row, i) => row.forEach((x, a) => (Xty[a]! += x * w[i]! * y[i]!)));
  const b = matVec(inv, Xty);
  const fitted = X.map((row) => row.reduce((s, x, a) => s + x * b[a]!, 0));
  const sw = w.reduce((s, wi) => s + wi, 0);
  const fbar = fitted.reduce((s, f, i) => s + w[i]! * f, 0) / sw;
  const mss = fitted.reduce((s, f, i) => s + w[i]! * (f - fbar) ** 2, 0);
  const rss = fitted.reduce((s, f, i) => s + w[i]! * (y[i]! - f) ** 2, 0);
  const r2 = mss / (mss + rss);
  const adj = 1 - ((1 - r2) * (n - 1)) / (n - p);
  return Math.max(0, 100 * adj);
}
