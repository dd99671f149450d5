// Runs the analysis npa meta prints: effect sizes, the model, its prediction (and back-transformed
// prediction), the Q-profile CI of tau^2, leave-one-out and subgroups. Numbers are never rounded here.
import { NothingToPoolError } from './rules.js';
import { UsageError } from '../errors.js';
import { backTransform, escalc, ipft, type Measure, type ZeroCellRule } from '../meta/escalc.js';
import { glmmPLO, type GlmmFit } from '../meta/glmm.js';
import { rmaMH, rmaPeto, type MhFit } from '../meta/mh.js';
import { qnorm } from '../meta/dist.js';
import { confint, fit, leave1out, predict, subgroupAnalysis, type ConfintResult, type LeaveOneOutRow, type Method, type Prediction, type RmaFit, type Test } from '../meta/rma.js';
import type { MetaInput } from './input.js';

export interface MetaOptions {
  method: Method;
  test: Test;
  level: number;
  leaveOneOut: boolean;
  /** escalc()'s zero-cell handling (metafor's add, to, drop00). */
  add?: number;
  to?: ZeroCellRule;
  drop00?: boolean;
  /** A fixed tau^2 instead of an estimate (metafor's tau2). */
  tau2?: number;
  /**
   * Also pool by a likelihood method beside the inverse-variance model: 'GLMM' (binomial-normal model
   * for proportions, rma.glmm(measure="PLO")), 'MH' (Mantel-Haenszel, rma.mh) or 'PETO' (rma.peto)
   * for 2x2 tables.
   */
  pooling?: 'IV' | 'GLMM' | 'MH' | 'PETO';
  /** Quadrature points for GLMM (metafor's default 7; 1 = Laplace). */
  nAGQ?: number;
}

export interface StudyEffect {
  label: string;
  yi: number;
  vi: number;
  ciLb: number;
  ciUb: number;
  /** Percent weight in the model. */
  weight: number;
  ni: number | null;
  /** True when the continuity correction was added to this study's cells. */
  adjusted: boolean;
  group: string | null;
  /** The study's estimate and CI on the back-transformed scale (proportion, ratio), when there is one. */
  transformed: { estimate: number; ciLb: number; ciUb: number } | null;
}

export interface SubgroupSummary {
  level: string;
  k: number;
  estimate: number;
  se: number;
  pval: number;
  ciLb: number;
  ciUb: number;
  /** Prediction interval (null for FE/EE). */
  piLb: number | null;
  piUb: number | null;
  Q: number | null;
  Qdf: number;
  Qp: number | null;
  tau2: number;
  I2: number | null;
  transformed: { estimate: number; ciLb: number; ciUb: number } | null;
}

export interface MetaResult {
  measure: Measure;
  method: Method;
  test: Test;
  level: number;
  k: number;
  studies: StudyEffect[];
  omitted: { label: string; reason: string }[];
  model: Omit<RmaFit, 'X' | 'vb' | 'control' | 'options' | 'yi' | 'vi' | 'coefficients' | 'beta'>;
  prediction: Prediction;
  /** The prediction on the outcome's own scale (proportion for PLO/PAS/PFT, ratio for RR/OR). */
  transformed: Prediction | null;
  /** What the back-transformation is (e.g. "proportion (inverse logit)"). */
  scale: string | null;
  confint: ConfintResult | null;
  leaveOneOut: (LeaveOneOutRow & { label: string })[] | null;
  subgroups: { levels: SubgroupSummary[]; Qb: number; Qbdf: number; Qbp: number; I2b: number; failed: { level: string; k: number; error: string }[] } | null;
  /** The binomial-normal GLMM (pooling 'GLMM'), on the logit scale with back-transformed values. */
  glmm: GlmmFit | null;
  /** Mantel-Haenszel or Peto pooling (pooling 'MH' / 'PETO'). */
  mh: MhFit | null;
  correction: { add: number; to: string; adjusted: string[] };
  notes: string[];
  warnings: string[];
}

const SCALES: Partial<Record<Measure, string>> = {
  PLO: 'proportion (inverse logit)',
  PAS: 'proportion (inverse arcsine)',
  PFT: 'proportion (inverse Freeman-Tukey, harmonic mean of n)',
  RR: 'risk ratio (exp)',
  OR: 'odds ratio (exp)',
};

export function runMeta(data: MetaInput, options: MetaOptions): MetaResult {
  const es = escalc(data.input, {
    ...(options.add !== undefined ? { add: options.add } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.drop00 !== undefined ? { drop00: options.drop00 } : {}),
  });
  const omitted = [...data.excluded, ...es.omitted.map((o) => ({ label: data.labels[o.index] ?? `row ${o.index + 1}`, reason: o.reason }))];
  if (es.studies.length === 0) throw new NothingToPoolError('no study has data to pool');
  const fitOptions = { method: options.method, test: options.test, level: options.level, ...(options.tau2 !== undefined ? { tau2: options.tau2 } : {}) };
  const model = fit(es.yi, es.vi, fitOptions);
  const ni = es.ni.filter((n): n is number => n !== null);
  const scale = SCALES[es.measure] ?? null;
  const transf = scale ? backTransform(es.measure, es.measure === 'PFT' ? ni : undefined) : null;
  const z = qnorm(1 - (1 - model.level) / 2);
  const studies: StudyEffect[] = es.studies.map((s, j) => {
    const lb = s.yi - z * Math.sqrt(s.vi);
    const ub = s.yi + z * Math.sqrt(s.vi);
    // A study's own back-transformation: for PFT it uses the study's n (transf.ipft), not the harmonic mean.
    const own = transf ? (es.measure === 'PFT' ? (x: number) => ipft(x, s.ni!) : transf) : null;
    const t = own ? [own(s.yi), own(lb), own(ub)] : null;
    return {
      label: data.labels[s.index] ?? `row ${s.index + 1}`,
      yi: s.yi, vi: s.vi, ciLb: lb, ciUb: ub,
      weight: model.weights[j]!,
      ni: s.ni,
      adjusted: s.adjusted,
      group: data.groups ? data.groups[s.index] ?? null : null,
      transformed: t ? { estimate: t[0]!, ciLb: Math.min(t[1]!, t[2]!), ciUb: Math.max(t[1]!, t[2]!) } : null,
    };
  });
  const prediction = predict(model);
  const transformed = transf ? predict(model, { transf }) : null;
  const heterogeneous = model.method !== 'FE' && model.method !== 'EE' && model.k > 1;
  let ci: ConfintResult | null = null;
  const warnings = [...model.warnings];
  if (heterogeneous) {
    try {
      ci = confint(model);
    } catch (error) {
      warnings.push(`no Q-profile CI for tau^2: ${(error as Error).message}`);
    }
  }
  const loo = options.leaveOneOut && model.k > 1 ? leave1out(model).map((row) => ({ ...row, label: studies[row.omitted]!.label })) : null;
  let subgroups: MetaResult['subgroups'] = null;
  if (data.groups) {
    const groups = es.studies.map((s) => data.groups![s.index] ?? '');
    // one subgroup that cannot be fitted is reported (stderr, JSON `failed`), not fatal
    const sg = subgroupAnalysis(es.yi, es.vi, groups, { ...fitOptions, skipFailed: true });
    for (const fl of sg.failed) warnings.push(`subgroup "${fl.level}" (k = ${fl.members.length}): ${fl.error}`);
    subgroups = {
      levels: sg.levels.map((level, i) => {
        const f = sg.fits[i]!;
        const members = sg.members[i]!;
        const t = transf
          ? predict(f, { transf: es.measure === 'PFT' ? backTransform('PFT', members.map((m) => es.studies[m]!.ni!)) : transf })
          : null;
        const pr = predict(f);
        return {
          level, k: f.k, estimate: f.estimate, se: f.se, pval: f.pval, ciLb: f.ciLb, ciUb: f.ciUb, piLb: pr.piLb, piUb: pr.piUb,
          Q: f.Q, Qdf: f.Qdf, Qp: f.Qp, tau2: f.tau2, I2: f.I2,
          transformed: t ? { estimate: t.pred, ciLb: t.ciLb, ciUb: t.ciUb } : null,
        };
      }),
      Qb: sg.Qb, Qbdf: sg.Qbdf, Qbp: sg.Qbp, I2b: sg.I2b,
      failed: sg.failed.map((fl) => ({ level: fl.level, k: fl.members.length, error: fl.error })),
    };
  }
  let glmm: GlmmFit | null = null;
  let mh: MhFit | null = null;
  const input = data.input;
  if (options.pooling === 'GLMM') {
    if (input.measure !== 'PLO' || !('xi' in input)) throw new UsageError('the GLMM pools proportions: use --measure PLO with events (xi) and totals (ni)');
    const xi: number[] = [];
    const ni: number[] = [];
    es.studies.forEach((st) => {
      xi.push(input.xi[st.index] as number);
      ni.push(st.ni as number);
    });
    glmm = glmmPLO(xi, ni, { level: options.level, ...(options.nAGQ !== undefined ? { nAGQ: options.nAGQ } : {}) });
    warnings.push(...glmm.warnings);
  } else if (options.pooling === 'MH' || options.pooling === 'PETO') {
    if (!('ai' in input)) throw new UsageError(`${options.pooling === 'MH' ? 'Mantel-Haenszel' : 'Peto'} pooling needs 2x2 tables (ai, bi, ci, di or ai, n1i, ci, n2i)`);
    const bi = input.bi ?? input.ai.map((a, i) => (a === null || a === undefined || input.n1i?.[i] == null ? null : (input.n1i[i] as number) - a));
    const di = input.di ?? input.ci.map((c, i) => (c === null || c === undefined || input.n2i?.[i] == null ? null : (input.n2i[i] as number) - c));
    const tab = { ai: input.ai, bi, ci: input.ci, di };
    const zero = { ...(options.add !== undefined ? { add: options.add } : {}), ...(options.to !== undefined ? { to: options.to } : {}), ...(options.drop00 !== undefined ? { drop00: options.drop00 } : {}) };
    mh = options.pooling === 'PETO'
      ? rmaPeto(tab, { level: options.level, ...zero })
      : rmaMH(tab, { level: options.level, measure: input.measure, ...zero });
    warnings.push(...mh.warnings);
  }
  const { X: _x, vb: _vb, control: _c, options: _o, yi: _yi, vi: _vi, coefficients: _co, beta: _b, ...summary } = model;
  return {
    measure: es.measure, method: model.method, test: model.test, level: model.level, k: model.k,
    studies, omitted, model: summary, prediction, transformed, scale, confint: ci, leaveOneOut: loo, subgroups, glmm, mh,
    correction: { add: es.correction.add, to: es.correction.to, adjusted: es.correction.adjusted.map((i) => data.labels[i] ?? String(i)) },
    notes: data.notes,
    warnings,
  };
}
