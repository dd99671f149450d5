// Mantel-Haenszel and Peto pooling of 2x2 tables, as metafor's rma.mh() and rma.peto().
//
// As in metafor, `add`, `to` and `drop00` take one or two values: the first applies to the
// study-level yi/vi computed by escalc() (used only for the heterogeneity test Q, I^2 and H^2;
// defaults 1/2, "only0", drop00 TRUE), the second to the tables the pooled estimate is computed from
// (defaults 0, "none", FALSE: no continuity correction). OR uses the Robins-Breslow-Greenland
// variance, RR Greenland-Robins, RD the Sato/Greenland-Robins variance; the Cochran-Mantel-Haenszel
// test (with `correct`) and, for OR, Breslow-Day (BD) and Tarone's (TA) homogeneity tests.
import { escalc, type ZeroCellRule } from './escalc.js';
import { pchisqUpper } from './dist.js';
import { alphaOf, heterogeneityOfQ, MetaAnalysisError, waldEstimate, type WaldEstimate } from './rma.js';

export type MhMeasure = 'OR' | 'RR' | 'RD';

export interface TwoByTwo {
  ai: ReadonlyArray<number | null | undefined>;
  bi: ReadonlyArray<number | null | undefined>;
  ci: ReadonlyArray<number | null | undefined>;
  di: ReadonlyArray<number | null | undefined>;
}

export interface MhOptions {
  measure?: MhMeasure;
  add?: number | [number, number];
  to?: ZeroCellRule | [ZeroCellRule, ZeroCellRule];
  drop00?: boolean | [boolean, boolean];
  /** Continuity correction in the CMH test (metafor: TRUE). */
  correct?: boolean;
  level?: number;
}

/** The estimate is the log OR/RR (or RD, or the Peto log OR), with its Wald statistics. */
export interface MhFit extends WaldEstimate {
  method: 'MH' | 'PETO';
  measure: MhMeasure | 'PETO';
  /** Tables used (complete data). */
  k: number;
  /** Studies with a finite escalc() yi/vi (the heterogeneity test's k). */
  kYi: number;
  level: number;
  /** exp() of the estimate and bounds for ratio measures; null for RD. */
  transformed: { estimate: number; ciLb: number; ciUb: number } | null;
  Q: number;
  Qdf: number;
  Qp: number;
  I2: number;
  H2: number;
  /** Cochran-Mantel-Haenszel test (OR): CO uses N, MH uses N - 1 in the variance. */
  CO: number | null;
  COp: number | null;
  MH: number | null;
  MHp: number | null;
  /** Breslow-Day and Tarone's test of homogeneity of the ORs (OR only). */
  BD: number | null;
  BDp: number | null;
  TA: number | null;
  TAp: number | null;
  warnings: string[];
}

const pair = <T>(v: T | [T, T] | undefined, first: T, second: T): [T, T] =>
  v === undefined ? [first, second] : Array.isArray(v) ? v : [v, second];

interface Prepared {
  a: number[];
  b: number[];
  c: number[];
  d: number[];
  yi: number[];
  vi: number[];
  warnings: string[];
}

function prepare(tab: TwoByTwo, measure: 'OR' | 'RR' | 'RD' | 'PETO', options: MhOptions): Prepared {
  const k0 = tab.ai.length;
  if ([tab.bi, tab.ci, tab.di].some((v) => v.length !== k0)) throw new MetaAnalysisError('ai, bi, ci and di must have the same length.');
  const [add1, add2] = pair(options.add, 0.5, 0);
  const [to1, to2] = pair<ZeroCellRule>(options.to, 'only0', 'none');
  const [drop1, drop2] = pair(options.drop00, true, false);
  const warnings: string[] = [];
  // study-level yi/vi for the heterogeneity test
  let yi: number[] = [];
  let vi: number[] = [];
  if (measure !== 'PETO') {
    const es = escalc({ measure, ai: tab.ai, bi: tab.bi, ci: tab.ci, di: tab.di }, { add: add1, to: to1, drop00: drop1 });
    yi = es.yi;
    vi = es.vi;
  }
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  let kYiPeto = 0;
  for (let i = 0; i < k0; i++) {
    const cells = [tab.ai[i], tab.bi[i], tab.ci[i], tab.di[i]];
    if (cells.some((x) => x === null || x === undefined || !Number.isFinite(x))) continue;
    const [ai, bi, ci, di] = cells as number[];
    if ([ai, bi, ci, di].some((x) => x! < 0)) throw new MetaAnalysisError(`study ${i + 1}: negative cell count.`);
    const is00 = (ai === 0 && ci === 0) || (bi === 0 && di === 0);
    if (measure === 'PETO' && !(drop1 && is00) && !is00) kYiPeto++;
    if (drop2 && is00) continue;
    a.push(ai!);
    b.push(bi!);
    c.push(ci!);
    d.push(di!);
  }
  if (measure === 'PETO') {
    yi = new Array<number>(kYiPeto).fill(0);
    vi = new Array<number>(kYiPeto).fill(1);
  }
  // continuity correction of the tables themselves (second value)
  if (add2 !== 0 && to2 !== 'none') {
    const zero = a.map((_, i) => a[i] === 0 || b[i] === 0 || c[i] === 0 || d[i] === 0);
    const anyZero = zero.some(Boolean);
    for (let i = 0; i < a.length; i++) {
      if (to2 === 'all' || (to2 === 'only0' && zero[i]) || (to2 === 'if0all' && anyZero)) {
        a[i]! += add2;
        b[i]! += add2;
        c[i]! += add2;
        d[i]! += add2;
      }
    }
  }
  if (a.length === 0) throw new MetaAnalysisError('No table with complete data.');
  return { a, b, c, d, yi, vi, warnings };
}

function finish(
  method: 'MH' | 'PETO',
  measure: MhMeasure | 'PETO',
  prep: Prepared,
  beta: number,
  se: number,
  alpha: number,
  extra: Pick<MhFit, 'CO' | 'COp' | 'MH' | 'MHp' | 'BD' | 'BDp' | 'TA' | 'TAp'>,
  Qoverride?: { Q: number; kPos: number },
): MhFit {
  const wald = waldEstimate(beta, se, alpha);
  const kYi = prep.yi.length;
  // One study (or, for Peto, at most one informative table): Q = 0 (or as given), p = 1, I² = 0, H² = 1, as metafor.
  const trivial = (Q: number) => ({ Q, Qp: 1, I2: 0, H2: 1 });
  const { Q, Qp, I2, H2 } = Qoverride
    ? Qoverride.kPos > 1
      ? heterogeneityOfQ(Qoverride.Q, kYi - 1)
      : trivial(Qoverride.Q)
    : kYi > 1
      ? heterogeneityOfQ(Math.max(0, prep.yi.reduce((s, y, i) => s + (y - beta) ** 2 / prep.vi[i]!, 0)), kYi - 1)
      : trivial(0);
  const { ciLb, ciUb } = wald;
  return {
    method,
    measure,
    k: prep.a.length,
    kYi,
    level: 1 - alpha,
    ...wald,
    transformed: measure === 'RD' ? null : { estimate: Math.exp(beta), ciLb: Math.exp(ciLb), ciUb: Math.exp(ciUb) },
    Q,
    Qdf: Math.max(0, kYi - 1),
    Qp,
    I2,
    H2,
    ...extra,
    warnings: prep.warnings,
  };
}

/** metafor's rma.mh(ai, bi, ci, di, measure = "OR" | "RR" | "RD"). */
export function rmaMH(tab: TwoByTwo, options: MhOptions = {}): MhFit {
  const measure = options.measure ?? 'OR';
  if (!['OR', 'RR', 'RD'].includes(measure)) throw new MetaAnalysisError(`Mantel-Haenszel: measure must be OR, RR or RD (got ${measure}).`);
  const alpha = alphaOf(options.level ?? 95);
  const correct = options.correct ?? true;
  const prep = prepare(tab, measure, options);
  const { a, b, c, d } = prep;
  const k = a.length;
  const n1 = a.map((x, i) => x + b[i]!);
  const n2 = c.map((x, i) => x + d[i]!);
  const N = n1.map((x, i) => x + n2[i]!);
  const sum = (f: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += f(i);
    return s;
  };
  const none = { CO: null, COp: null, MH: null, MHp: null, BD: null, BDp: null, TA: null, TAp: null };
  if (measure === 'RD') {
    const W = sum((i) => n1[i]! * (n2[i]! / N[i]!));
    const beta = sum((i) => a[i]! * (n2[i]! / N[i]!) - c[i]! * (n1[i]! / N[i]!)) / W;
    const se = Math.sqrt(
      (beta * sum((i) => c[i]! * (n1[i]! / N[i]!) ** 2 - a[i]! * (n2[i]! / N[i]!) ** 2 + ((n1[i]! / N[i]!) * (n2[i]! / N[i]!) * (n2[i]! - n1[i]!)) / 2) +
        sum((i) => (a[i]! * (n2[i]! - c[i]!)) / N[i]! + (c[i]! * (n1[i]! - a[i]!)) / N[i]!) / 2) /
        W ** 2,
    );
    return finish('MH', measure, prep, beta, se, alpha, none);
  }
  if (measure === 'RR') {
    const R = sum((i) => a[i]! * (n2[i]! / N[i]!));
    const S = sum((i) => c[i]! * (n1[i]! / N[i]!));
    if (sum((i) => a[i]!) === 0 || sum((i) => c[i]!) === 0) throw new MetaAnalysisError('Mantel-Haenszel RR: no events in one of the groups in every table.');
    const beta = Math.log(R / S);
    const se = Math.sqrt(sum((i) => (n1[i]! / N[i]!) * (n2[i]! / N[i]!) * (a[i]! + c[i]!) - (a[i]! / N[i]!) * c[i]!) / (R * S));
    return finish('MH', measure, prep, beta, se, alpha, none);
  }
  // OR
  const P = (i: number) => a[i]! / N[i]! + d[i]! / N[i]!;
  const Qi = (i: number) => b[i]! / N[i]! + c[i]! / N[i]!;
  const Ri = (i: number) => (a[i]! / N[i]!) * d[i]!;
  const Si = (i: number) => (b[i]! / N[i]!) * c[i]!;
  const R = sum(Ri);
  const S = sum(Si);
  if (R === 0 || S === 0) throw new MetaAnalysisError('Mantel-Haenszel OR: the pooled odds ratio is 0 or infinite (no discordant cells).');
  const orMH = R / S;
  const beta = Math.log(orMH);
  const se = Math.sqrt(0.5 * (sum((i) => P(i) * Ri(i)) / R ** 2 + sum((i) => P(i) * Si(i) + Qi(i) * Ri(i)) / (R * S) + sum((i) => Qi(i) * Si(i)) / S ** 2));
  const xt = a.map((x, i) => x + c[i]!);
  const yt = b.map((x, i) => x + d[i]!);
  let CO: number | null = null;
  let MH: number | null = null;
  if (sum((i) => xt[i]!) > 0 && sum((i) => yt[i]!) > 0) {
    const dev = Math.abs(sum((i) => a[i]! - (n1[i]! / N[i]!) * xt[i]!)) - (correct ? 0.5 : 0);
    CO = dev ** 2 / sum((i) => (n1[i]! / N[i]!) * (n2[i]! / N[i]!) * (xt[i]! * (yt[i]! / N[i]!)));
    MH = dev ** 2 / sum((i) => (n1[i]! / N[i]!) * (n2[i]! / N[i]!) * (xt[i]! * (yt[i]! / (N[i]! - 1))));
  }
  // Breslow-Day and Tarone
  const N11 = a.map((_, i) => {
    if (orMH === 1) return (n1[i]! / N[i]!) * xt[i]!;
    const A = orMH * (n1[i]! + xt[i]!) + (n2[i]! - xt[i]!);
    const B = Math.sqrt(A * A - 4 * n1[i]! * xt[i]! * orMH * (orMH - 1));
    return (A - B) / (2 * (orMH - 1));
  });
  const pos = N11.map((v, i) => v > 0 && xt[i]! > 0 && yt[i]! > 0);
  const kPos = pos.filter(Boolean).length;
  let BD = 0;
  let sumDiff = 0;
  let sumVar = 0;
  for (let i = 0; i < k; i++) {
    if (!pos[i]) continue;
    const n11 = N11[i]!;
    const n12 = n1[i]! - n11;
    const n21 = xt[i]! - n11;
    const n22 = n11 - n1[i]! - xt[i]! + N[i]!;
    const v = 1 / (1 / n11 + 1 / n12 + 1 / n21 + 1 / n22);
    BD += (a[i]! - n11) ** 2 / v;
    sumDiff += a[i]! - n11;
    sumVar += v;
  }
  BD = Math.max(0, BD);
  const TA = Math.max(0, BD - sumDiff ** 2 / sumVar);
  return finish('MH', measure, prep, beta, se, alpha, {
    CO,
    COp: CO === null ? null : pchisqUpper(CO, 1),
    MH,
    MHp: MH === null ? null : pchisqUpper(MH, 1),
    BD,
    BDp: kPos > 1 ? pchisqUpper(BD, kPos - 1) : null,
    TA,
    TAp: kPos > 1 ? pchisqUpper(TA, kPos - 1) : null,
  });
}

/** metafor's rma.peto(ai, bi, ci, di): Peto's one-step log odds ratio. */
export function rmaPeto(tab: TwoByTwo, options: Omit<MhOptions, 'measure' | 'correct'> = {}): MhFit {
  const alpha = alphaOf(options.level ?? 95);
  const prep = prepare(tab, 'PETO', options);
  const { a, b, c, d } = prep;
  const k = a.length;
  let sumOE = 0;
  let sumV = 0;
  let sumOE2V = 0;
  let kPos = 0;
  for (let i = 0; i < k; i++) {
    const n1 = a[i]! + b[i]!;
    const n2 = c[i]! + d[i]!;
    const N = n1 + n2;
    const xt = a[i]! + c[i]!;
    const yt = b[i]! + d[i]!;
    const E = (xt * n1) / N;
    const V = (xt * yt * (n1 / N) * (n2 / N)) / (N - 1);
    sumOE += a[i]! - E;
    if (V > 0 && Number.isFinite(V)) {
      sumV += V;
      sumOE2V += (a[i]! - E) ** 2 / V;
      kPos++;
    }
  }
  if (sumV === 0) throw new MetaAnalysisError("One of the two outcomes never occurred in any of the tables. Peto's method cannot be used.");
  const beta = sumOE / sumV;
  const se = Math.sqrt(1 / sumV);
  const Q = Math.max(0, sumOE2V - sumOE ** 2 / sumV);
  return finish('PETO', 'PETO', prep, beta, se, alpha, { CO: null, COp: null, MH: null, MHp: null, BD: null, BDp: null, TA: null, TAp: null }, { Q, kPos });
}
