// Change from baseline in one group measured twice, when the sources give the means and SDs at both
// time points but not the SD of the change: the variance of the change needs the correlation r
// between the two measurements, which is almost never reported. As metafor's escalc() does for
// measure "MC" (raw mean change) and "SMCR" (standardized mean change, raw-score standardization),
// the correlation is entered as an assumption (`ri`), and correlationSensitivity() repeats the
// analysis across several assumed values, so the reader sees how much the result rests on it.
import { escalc, hedgesCorrection, type EscalcResult, type Vec } from './escalc.js';
import { fit, type FitOptions } from './rma.js';

export type ChangeMeasure = 'MC' | 'SMCR';

/** escalc()'s result with the measure named, and the studies that rest on the assumed correlation. */
export type ChangeEffects = Omit<EscalcResult, 'measure'> & { measure: ChangeMeasure; assumed: number[] };

export interface ChangeInput {
  m1i: Vec;
  m2i: Vec;
  sd1i: Vec;
  /** Not used by SMCR (standardized by the SD at the first time point). */
  sd2i: Vec;
  ni: Vec;
  /** A study's own reported correlation, where there is one (null: use the assumed value). */
  ri?: Vec;
}

const num = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

/**
 * escalc(measure = "MC" | "SMCR", m1i, m2i, sd1i, sd2i, ni, ri): studies without their own ri get
 * `assumedRi`. SMCR: yi = c(ni - 1) (m1i - m2i) / sd1i, vi = 2 (1 - ri) / ni + yi^2 / (2 ni)
 * (vtype "LS"), c() Hedges' correction; a study with ni - 1 <= 1 is omitted (metafor: NA).
 * `assumed` lists the (0-based) studies whose variance rests on the assumed correlation.
 */
export function changeEffects(measure: ChangeMeasure, input: ChangeInput, assumedRi: number | null): ChangeEffects {
  const k = input.m1i.length;
  if (assumedRi !== null && !(assumedRi >= -1 && assumedRi <= 1)) throw new Error(`assumed correlation ${assumedRi} is outside [-1, 1].`);
  const own = input.ri ?? new Array<null>(k).fill(null);
  const assumed: number[] = [];
  const ri = Array.from({ length: k }, (_, i) => {
    const r = own[i];
    if (r !== null && r !== undefined && Number.isFinite(r)) return r;
    assumed.push(i);
    return assumedRi;
  });
  if (measure === 'MC') {
    return { ...escalc({ measure: 'MC', m1i: input.m1i, m2i: input.m2i, sd1i: input.sd1i, sd2i: input.sd2i, ni: input.ni, ri }), measure: 'MC', assumed };
  }
  // SMCR: built on escalc's GEN path so the omitted/aligned bookkeeping is the same
  const reasons = new Map<number, string>();
  const yi: (number | null)[] = [];
  const vi: (number | null)[] = [];
  for (let i = 0; i < k; i++) {
    const m1 = num(input.m1i[i]);
    const m2 = num(input.m2i[i]);
    const s1 = num(input.sd1i[i]);
    const n = num(input.ni[i]);
    const r = num(ri[i]);
    let reason: string | null = null;
    if (![m1, m2, s1, n, r].every(Number.isFinite)) reason = 'missing or non-numeric mean, SD, ni or ri';
    else if (s1 < 0) reason = 'negative standard deviation';
    else if (n <= 0) reason = 'sample size must be positive';
    else if (r < -1 || r > 1) reason = 'correlation ri outside [-1, 1]';
    else if (n - 1 <= 1) reason = `ni - 1 = ${n - 1}: Hedges' correction is undefined (metafor gives NA)`;
    if (reason) {
      reasons.set(i, reason);
      yi.push(null);
      vi.push(null);
      continue;
    }
    const y = (hedgesCorrection(n - 1) * (m1 - m2)) / s1;
    yi.push(y);
    vi.push((2 * (1 - r)) / n + (y * y) / (2 * n));
  }
  const es = escalc({ measure: 'GEN', yi, vi });
  return {
    ...es,
    measure,
    studies: es.studies.map((s) => ({ ...s, ni: num(input.ni[s.index]) })),
    ni: es.studies.map((s) => num(input.ni[s.index])),
    omitted: es.omitted.map((o) => ({ index: o.index, reason: reasons.get(o.index) ?? o.reason })),
    assumed,
  };
}

export interface SensitivityRow {
  /** The assumed correlation. */
  ri: number;
  k: number;
  estimate: number;
  se: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
  tau2: number;
  I2: number | null;
  error?: string;
}

export interface CorrelationSensitivity {
  measure: ChangeMeasure;
  /** Studies (0-based) whose variance rests on the assumed correlation. */
  assumed: number[];
  rows: SensitivityRow[];
  /** Plain words for the output: what the result rests on. */
  assumption: string;
}

/** The default grid of assumed correlations (Cochrane Handbook 6.5.2.8 suggests trying several). */
export const DEFAULT_RI_GRID = [0.2, 0.5, 0.8] as const;

/** The same random-effects analysis repeated for each assumed correlation. */
export function correlationSensitivity(
  measure: ChangeMeasure,
  input: ChangeInput,
  riValues: readonly number[] = DEFAULT_RI_GRID,
  options: Omit<FitOptions, 'mods' | 'intercept' | 'coefNames' | 'btt'> = {},
): CorrelationSensitivity {
  let assumed: number[] = [];
  const rows = riValues.map((r): SensitivityRow => {
    const es = changeEffects(measure, input, r);
    assumed = es.assumed;
    try {
      const m = fit(es.yi, es.vi, options);
      return { ri: r, k: m.k, estimate: m.estimate, se: m.se, pval: m.pval, ci_lb: m.ciLb, ci_ub: m.ciUb, tau2: m.tau2, I2: m.I2 };
    } catch (e) {
      const nan = Number.NaN;
      return { ri: r, k: es.studies.length, estimate: nan, se: nan, pval: nan, ci_lb: nan, ci_ub: nan, tau2: nan, I2: nan, error: e instanceof Error ? e.message : String(e) };
    }
  });
  const k = input.m1i.length;
  const assumption = assumed.length === 0
    ? 'Every study reported its own baseline-follow-up correlation; no assumption was needed.'
    : `ASSUMPTION: ${assumed.length} of ${k} studies do not report the correlation between baseline and follow-up, so the variance of their change was computed from an ASSUMED correlation. The result rests on that assumption; the rows show it at r = ${riValues.join(', ')}.`;
  return { measure, assumed, rows, assumption };
}
