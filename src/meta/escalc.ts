// Effect sizes and their sampling variances, in metafor's vocabulary and with the formulas of
// metafor's escalc() (R/escalc.r), including its default continuity correction: add = 1/2 to every
// cell of a study with a zero cell (to = "only0") for PR, PLO, RR, OR and RD; add = 0 for PAS and
// PFT (metafor sets add = 0 for those). Which studies were adjusted is returned with the results.
// A study whose effect size or variance cannot be computed (missing or invalid input, an infinite
// or undefined value, a zero sampling variance) is listed in `omitted` with the reason; it is never
// dropped silently. Also here: metafor's back-transformations (transf.ilogit, transf.iarcsin,
// exp, transf.pft, transf.ipft, transf.ipft.hm).
import { pchisq } from './dist.js';

/** Outcome measures implemented, with metafor's names. */
export type Measure = 'PR' | 'PLO' | 'PAS' | 'PFT' | 'RR' | 'OR' | 'RD' | 'MD' | 'SMD' | 'MC' | 'GEN';

/** metafor's `to`: which studies get `add` added to their cells. */
export type ZeroCellRule = 'only0' | 'all' | 'if0all' | 'none';

export interface EscalcOptions {
  /** Amount added to the cells (metafor default 1/2; 0 for PAS and PFT). */
  add?: number;
  /** Which studies get it (metafor default "only0": studies with a zero cell). */
  to?: ZeroCellRule;
  /** 2x2 measures: omit studies with no events (or only events) in both groups (metafor default false). */
  drop00?: boolean;
}

export type Vec = ReadonlyArray<number | null | undefined>;

/** One proportion per study: xi events out of ni (or mi non-events). */
export interface ProportionInput {
  measure: 'PR' | 'PLO' | 'PAS' | 'PFT';
  xi: Vec;
  ni?: Vec;
  mi?: Vec;
}

/** 2x2 tables: ai/bi events/non-events in group 1, ci/di in group 2 (or n1i/n2i group sizes). */
export interface TwoByTwoInput {
  measure: 'RR' | 'OR' | 'RD';
  ai: Vec;
  ci: Vec;
  bi?: Vec;
  di?: Vec;
  n1i?: Vec;
  n2i?: Vec;
}

/** Two groups' means, SDs and sizes. SMD is Hedges' g with the exact correction, vtype "LS". */
export interface MeansInput {
  measure: 'MD' | 'SMD';
  m1i: Vec;
  sd1i: Vec;
  n1i: Vec;
  m2i: Vec;
  sd2i: Vec;
  n2i: Vec;
}

/**
 * Raw mean change in one group measured twice (metafor's "MC"): m1i, m2i the means at the two time
 * points (yi = m1i - m2i), sd1i, sd2i their SDs, ni the number of subjects, ri the correlation between
 * the two measurements. vi = (sd1i^2 + sd2i^2 - 2 ri sd1i sd2i) / ni.
 */
export interface MeanChangeInput {
  measure: 'MC';
  m1i: Vec;
  m2i: Vec;
  sd1i: Vec;
  sd2i: Vec;
  ni: Vec;
  ri: Vec;
}

/** Effect sizes computed elsewhere: yi with sampling variance vi (or standard error sei). */
export interface GenericInput {
  measure: 'GEN';
  yi: Vec;
  vi?: Vec;
  sei?: Vec;
}

export type EscalcInput = ProportionInput | TwoByTwoInput | MeansInput | MeanChangeInput | GenericInput;

export interface EffectSize {
  /** 0-based position of the study in the input. */
  index: number;
  yi: number;
  vi: number;
  /** Total sample size before any continuity correction (metafor's ni attribute); null for GEN. */
  ni: number | null;
  /** True when `add` was added to this study's cells. */
  adjusted: boolean;
}

export interface OmittedStudy {
  index: number;
  reason: string;
}

export interface EscalcResult {
  measure: Measure;
  /** Studies with a usable (yi, vi), in input order. */
  studies: EffectSize[];
  /** Studies that could not be computed, with the reason. */
  omitted: OmittedStudy[];
  /** Convenience arrays aligned with `studies`. */
  yi: number[];
  vi: number[];
  ni: (number | null)[];
  /** The continuity correction in effect and the (0-based input) indices of the studies it changed. */
  correction: { add: number; to: ZeroCellRule; adjusted: number[] };
}

const num = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

function lengthOf(name: string, ...vectors: (Vec | undefined)[]): number {
  const lengths = vectors.filter((v): v is Vec => v !== undefined).map((v) => v.length);
  const k = lengths[0] ?? 0;
  if (lengths.some((n) => n !== k)) throw new Error(`${name}: the input vectors are not all of the same length.`);
  return k;
}

function defaultAdd(measure: Measure): number {
  return measure === 'PAS' || measure === 'PFT' ? 0 : 0.5;
}

/** Which studies receive the continuity correction (metafor's id0 and `to` logic). */
function correctionMask(hasZero: boolean[], to: ZeroCellRule, add: number): boolean[] {
  if (add === 0 || to === 'none') return hasZero.map(() => false);
  if (to === 'all') return hasZero.map(() => true);
  if (to === 'if0all') {
    const any = hasZero.some(Boolean);
    return hasZero.map(() => any);
  }
  return hasZero;
}

// ---- Hedges' exact bias correction c(m) = Gamma(m/2) / (sqrt(m/2) Gamma((m-1)/2)), metafor's .cmicalc

/**
 * r(m) = Gamma(m/2) / Gamma((m-1)/2). For integer m, the exact recurrence r(m+2) = r(m) m/(m-1)
 * from r(2) = 1/sqrt(pi), r(3) = sqrt(pi)/2 (a finite product, no series). For non-integer m, the
 * identity P(s, x) - P(s+1, x) = x^s e^-x / Gamma(s+1) with P the regularized lower incomplete gamma
 * (the chi-square CDF: P(s, x) = pchisq(2x, 2s)) gives the ratio from the stdlib chi-square CDF.
 */
function gammaHalfRatio(m: number): number {
  if (Number.isInteger(m)) {
    let r = m % 2 === 0 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
    for (let j = m % 2 === 0 ? 2 : 3; j < m; j += 2) r *= j / (j - 1);
    return r;
  }
  if (m <= 3) return (gammaHalfRatio(m + 2) * (m - 1)) / m; // step down: r(m) = r(m+2) (m-1)/m
  const a = m / 2;
  const x = a;
  const diff = (s: number) => pchisq(2 * x, 2 * s) - pchisq(2 * x, 2 * s + 2);
  // 1/Gamma(s+1) = diff(s) x^-s e^x ; ratio Gamma(a)/Gamma(a-1/2) = [1/Gamma(a-1/2)] / [1/Gamma(a)]
  return (diff(a - 1.5) / diff(a - 1)) * Math.sqrt(x);
}

/** Hedges' correction factor c(m) for m = n1 + n2 - 2 degrees of freedom (metafor's .cmicalc). */
export function hedgesCorrection(m: number): number {
  return gammaHalfRatio(m) / Math.sqrt(m / 2);
}

// ---- the measures

interface RowOut {
  yi: number;
  vi: number;
  ni: number | null;
  adjusted: boolean;
}

type RowResult = RowOut | { reason: string };

function finalize(measure: Measure, rows: RowResult[], add: number, to: ZeroCellRule): EscalcResult {
  const studies: EffectSize[] = [];
  const omitted: OmittedStudy[] = [];
  rows.forEach((r, index) => {
    if ('reason' in r) {
      omitted.push({ index, reason: r.reason });
      return;
    }
    if (!Number.isFinite(r.yi)) omitted.push({ index, reason: `effect size is not finite (${r.yi})` });
    else if (!Number.isFinite(r.vi)) omitted.push({ index, reason: `sampling variance is not finite (${r.vi})` });
    else if (!(r.vi > 0)) {
      omitted.push({ index, reason: `sampling variance is ${r.vi}; a study without sampling variance cannot be inverse-variance weighted` });
    } else studies.push({ index, ...r });
  });
  return {
    measure,
    studies,
    omitted,
    yi: studies.map((s) => s.yi),
    vi: studies.map((s) => s.vi),
    ni: studies.map((s) => s.ni),
    correction: { add, to, adjusted: studies.filter((s) => s.adjusted).map((s) => s.index) },
  };
}

function proportions(input: ProportionInput, opts: EscalcOptions): EscalcResult {
  const k = lengthOf(input.measure, input.xi, input.ni, input.mi);
  if (!input.ni && !input.mi) throw new Error(`${input.measure}: give ni (or mi).`);
  const add = opts.add ?? defaultAdd(input.measure);
  const to = opts.to ?? 'only0';
  const raw = Array.from({ length: k }, (_, i) => {
    const xi = num(input.xi[i]);
    const mi = input.mi ? num(input.mi[i]) : num(input.ni?.[i]) - xi;
    return { xi, mi };
  });
  const valid = raw.map(({ xi, mi }) => Number.isFinite(xi) && Number.isFinite(mi) && xi >= 0 && mi >= 0 && xi + mi > 0);
  const mask = correctionMask(
    raw.map(({ xi, mi }, i) => valid[i]! && (xi === 0 || mi === 0)),
    to,
    add,
  );
  const rows: RowResult[] = raw.map(({ xi: xu, mi: mu }, i) => {
    if (!valid[i]) {
      if (!Number.isFinite(xu) || !Number.isFinite(mu)) return { reason: 'missing or non-numeric xi/ni' };
      if (xu < 0) return { reason: 'negative number of events' };
      if (mu < 0) return { reason: 'more events than participants (xi > ni)' };
      return { reason: 'sample size is 0' };
    }
    const adjusted = mask[i]!;
    const xi = adjusted ? xu + add : xu;
    const mi = adjusted ? mu + add : mu;
    const ni = xi + mi;
    const pr = xi / ni;
    const niU = xu + mu;
    switch (input.measure) {
      case 'PR':
        return { yi: pr, vi: (pr * (1 - pr)) / ni, ni: niU, adjusted };
      case 'PLO':
        return { yi: Math.log(pr / (1 - pr)), vi: 1 / xi + 1 / mi, ni: niU, adjusted };
      case 'PAS':
        return { yi: Math.asin(Math.sqrt(pr)), vi: 1 / (4 * ni), ni: niU, adjusted };
      case 'PFT':
        return {
          yi: 0.5 * (Math.asin(Math.sqrt(xi / (ni + 1))) + Math.asin(Math.sqrt((xi + 1) / (ni + 1)))),
          vi: 1 / (4 * ni + 2),
          ni: niU,
          adjusted,
        };
    }
  });
  return finalize(input.measure, rows, add, to);
}

function twoByTwo(input: TwoByTwoInput, opts: EscalcOptions): EscalcResult {
  const k = lengthOf(input.measure, input.ai, input.ci, input.bi, input.di, input.n1i, input.n2i);
  if (!input.bi && !input.n1i) throw new Error(`${input.measure}: give bi (or n1i).`);
  if (!input.di && !input.n2i) throw new Error(`${input.measure}: give di (or n2i).`);
  const add = opts.add ?? defaultAdd(input.measure);
  const to = opts.to ?? 'only0';
  const raw = Array.from({ length: k }, (_, i) => {
    const a = num(input.ai[i]);
    const c = num(input.ci[i]);
    const b = input.bi ? num(input.bi[i]) : num(input.n1i?.[i]) - a;
    const d = input.di ? num(input.di[i]) : num(input.n2i?.[i]) - c;
    return { a, b, c, d };
  });
  const problem = raw.map(({ a, b, c, d }): string | null => {
    if (![a, b, c, d].every(Number.isFinite)) return 'missing or non-numeric counts';
    if (a < 0 || c < 0) return 'negative number of events';
    if (b < 0 || d < 0) return 'more events than participants in a group';
    if (a + b === 0 || c + d === 0) return 'a group has no participants';
    if (opts.drop00 && ((a === 0 && c === 0) || (b === 0 && d === 0))) {
      return 'no events (or only events) in both groups (drop00)';
    }
    return null;
  });
  const mask = correctionMask(
    raw.map(({ a, b, c, d }, i) => problem[i] === null && (a === 0 || b === 0 || c === 0 || d === 0)),
    to,
    add,
  );
  const rows: RowResult[] = raw.map((cells, i) => {
    const why = problem[i];
    if (why) return { reason: why };
    const adjusted = mask[i]!;
    const inc = adjusted ? add : 0;
    const a = cells.a + inc;
    const b = cells.b + inc;
    const c = cells.c + inc;
    const d = cells.d + inc;
    const n1 = a + b;
    const n2 = c + d;
    const p1 = a / n1;
    const p2 = c / n2;
    const niU = cells.a + cells.b + cells.c + cells.d;
    switch (input.measure) {
      case 'RR':
        return { yi: Math.log(p1) - Math.log(p2), vi: 1 / a - 1 / n1 + 1 / c - 1 / n2, ni: niU, adjusted };
      case 'OR':
        return { yi: Math.log(p1 / (1 - p1)) - Math.log(p2 / (1 - p2)), vi: 1 / a + 1 / b + 1 / c + 1 / d, ni: niU, adjusted };
      case 'RD':
        return { yi: p1 - p2, vi: (p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2, ni: niU, adjusted };
    }
  });
  return finalize(input.measure, rows, add, to);
}

type MeansRow = [m1: number, m2: number, s1: number, s2: number, x: number, y: number];

/**
 * Row i of a measure of two means (MD, SMD, MC) as numbers: the means and SDs, then two more (the group sizes,
 * or ni and ri); or why the row cannot be used: a missing or non-numeric value (`missing`), a negative SD.
 */
function meansRow(input: Pick<MeansInput, 'm1i' | 'm2i' | 'sd1i' | 'sd2i'>, i: number, more: [Vec, Vec], missing: string): MeansRow | { reason: string } {
  const row = [input.m1i, input.m2i, input.sd1i, input.sd2i, ...more].map((v) => num(v[i])) as MeansRow;
  if (!row.every(Number.isFinite)) return { reason: missing };
  if (row[2] < 0 || row[3] < 0) return { reason: 'negative standard deviation' };
  return row;
}

function means(input: MeansInput): EscalcResult {
  const k = lengthOf(input.measure, input.m1i, input.sd1i, input.n1i, input.m2i, input.sd2i, input.n2i);
  const rows: RowResult[] = Array.from({ length: k }, (_, i) => {
    const row = meansRow(input, i, [input.n1i, input.n2i], 'missing or non-numeric mean, SD or sample size');
    if ('reason' in row) return row;
    const [m1, m2, s1, s2, n1, n2] = row;
    if (n1 <= 0 || n2 <= 0) return { reason: 'group size must be positive' };
    const ni = n1 + n2;
    if (input.measure === 'MD') return { yi: m1 - m2, vi: (s1 * s1) / n1 + (s2 * s2) / n2, ni, adjusted: false };
    const mi = ni - 2;
    if (!(mi > 1)) return { reason: 'n1i + n2i - 2 must exceed 1 for the bias-corrected SMD' };
    const sdp = Math.sqrt(((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / mi);
    if (!(sdp > 0)) return { reason: 'pooled standard deviation is 0' };
    const yi = hedgesCorrection(mi) * ((m1 - m2) / sdp);
    return { yi, vi: 1 / n1 + 1 / n2 + (yi * yi) / (2 * ni), ni, adjusted: false };
  });
  return finalize(input.measure, rows, 0, 'none');
}

function meanChange(input: MeanChangeInput): EscalcResult {
  const k = lengthOf('MC', input.m1i, input.m2i, input.sd1i, input.sd2i, input.ni, input.ri);
  const rows: RowResult[] = Array.from({ length: k }, (_, i) => {
    const row = meansRow(input, i, [input.ni, input.ri], 'missing or non-numeric mean, SD, ni or ri');
    if ('reason' in row) return row;
    const [m1, m2, s1, s2, n, r] = row;
    if (n <= 0) return { reason: 'sample size must be positive' };
    if (r < -1 || r > 1) return { reason: 'correlation ri outside [-1, 1]' };
    return { yi: m1 - m2, vi: (s1 * s1 + s2 * s2 - 2 * r * s1 * s2) / n, ni: n, adjusted: false };
  });
  return finalize('MC', rows, 0, 'none');
}

function generic(input: GenericInput): EscalcResult {
  if (!input.vi && !input.sei) throw new Error('GEN: give vi (or sei).');
  const k = lengthOf('GEN', input.yi, input.vi, input.sei);
  const rows: RowResult[] = Array.from({ length: k }, (_, i) => {
    const yi = num(input.yi[i]);
    const vi = input.vi ? num(input.vi[i]) : num(input.sei?.[i]) ** 2;
    if (!Number.isFinite(yi) || !Number.isFinite(vi)) return { reason: 'missing or non-numeric yi/vi' };
    if (vi < 0) return { reason: 'negative sampling variance' };
    return { yi, vi, ni: null, adjusted: false };
  });
  return finalize('GEN', rows, 0, 'none');
}

/**
 * Compute effect sizes as metafor's escalc(measure, ...). The input's `measure` selects the data
 * needed (see the input types). Options apply to the count-based measures (PR, PLO, PAS, PFT, RR,
 * OR, RD).
 */
export function escalc(input: EscalcInput, options: EscalcOptions = {}): EscalcResult {
  switch (input.measure) {
    case 'PR':
    case 'PLO':
    case 'PAS':
    case 'PFT':
      return proportions(input, options);
    case 'RR':
    case 'OR':
    case 'RD':
      return twoByTwo(input, options);
    case 'MD':
    case 'SMD':
      return means(input);
    case 'MC':
      return meanChange(input);
    case 'GEN':
      return generic(input);
    default: {
      const m: never = input;
      throw new Error(`Unknown measure ${String((m as { measure: unknown }).measure)}.`);
    }
  }
}

// ---- back-transformations (metafor's transf.*)

/** Inverse logit (transf.ilogit, R's plogis). */
export function ilogit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Logit (transf.logit, R's qlogis). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Arcsine square root (transf.arcsin). */
export function arcsin(p: number): number {
  return Math.asin(Math.sqrt(p));
}

/** Inverse arcsine (transf.iarcsin): sin(x)^2, 0 below 0 and 1 above pi/2. */
export function iarcsin(x: number): number {
  if (x < 0) return 0;
  if (x > Math.asin(1)) return 1;
  return Math.sin(x) ** 2;
}

/** Freeman-Tukey double arcsine of a proportion p with sample size n (transf.pft). */
export function pft(p: number, n: number): number {
  const x = p * n;
  return 0.5 * (Math.asin(Math.sqrt(x / (n + 1))) + Math.asin(Math.sqrt((x + 1) / (n + 1))));
}

/** Inverse Freeman-Tukey transformation for sample size n (transf.ipft); NaN where undefined. */
export function ipft(x: number, n: number): number {
  if (x > pft(1, n)) return 1;
  if (x < pft(0, n)) return 0;
  const s = Math.sin(2 * x);
  const z = 0.5 * (1 - Math.sign(Math.cos(2 * x)) * Math.sqrt(1 - (s + (s - 1 / s) / n) ** 2));
  return Number.isNaN(z) ? Number.NaN : z;
}

/**
 * Inverse Freeman-Tukey transformation using the harmonic mean of the studies' sample sizes
 * (transf.ipft.hm), the usual back-transformation of a pooled PFT estimate.
 */
export function ipftHm(x: number, ni: readonly number[]): number {
  const finite = ni.filter((n) => Number.isFinite(n));
  if (finite.length === 0) throw new Error('ipftHm: need the sample sizes.');
  const nhm = 1 / (finite.reduce((s, n) => s + 1 / n, 0) / finite.length);
  return ipft(x, nhm);
}

/**
 * The back-transformation metafor users apply for a measure: ilogit for PLO, iarcsin for PAS, exp
 * for RR and OR, ipft.hm (needs the sample sizes) for PFT, identity otherwise.
 */
export function backTransform(measure: Measure, ni?: readonly number[]): (x: number) => number {
  switch (measure) {
    case 'PLO':
      return ilogit;
    case 'PAS':
      return iarcsin;
    case 'RR':
    case 'OR':
      return Math.exp;
    case 'PFT': {
      if (!ni) throw new Error('PFT back-transformation needs the sample sizes (harmonic mean).');
      const sizes = [...ni];
      return (x: number) => ipftHm(x, sizes);
    }
    default:
      return (x: number) => x;
  }
}
