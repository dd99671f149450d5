// The analyses `npa meta` runs beside the pooled model when asked: small-study tests (--regtest,
// --ranktest, --trimfill, --funnel), meta-regression (--mods, --bubble), cumulative meta-analysis
// (--cumulative, --cumulative-forest), influence diagnostics (--influence, --baujat) and, for mean
// change, the assumed correlation (--ri) with its sensitivity analysis. Numbers come from src/meta/
// unrounded; this module only selects the inputs, words the output and writes the plots.
import { UsageError } from '../errors.js';
import { regtest, ranktest, smallKWarning, trimfill, type RankTestResult, type RegTestResult, type TrimFillResult } from '../meta/bias.js';
import { correlationSensitivity, DEFAULT_RI_GRID, type CorrelationSensitivity } from '../meta/change.js';
import { cumulative } from '../meta/cumulative.js';
import { qnorm } from '../meta/dist.js';
import { backTransform, escalc, type Measure, type MeanChangeInput } from '../meta/escalc.js';
import { baujat, influence } from '../meta/influence.js';
import { metaRegression, type MetaRegression } from '../meta/metareg.js';
import { fit, predict } from '../meta/rma.js';
import { baujatSvg } from '../render/baujat-svg.js';
import { bubbleSvg } from '../render/bubble-svg.js';
import { cumulativeSvg } from '../render/cumulative-svg.js';
import { funnelSvg } from '../render/funnel-svg.js';
import type { MetaInput } from './input.js';
import type { MetaResult } from './run.js';

export interface ExtrasOptions {
  regtest: boolean;
  ranktest: boolean;
  trimfill: boolean;
  funnel?: string;
  mods?: string[];
  bubble?: string;
  cumulative?: string;
  cumulativeForest?: string;
  influence: boolean;
  baujat?: string;
  /** Assumed correlations: the first is used for the analysis, all of them for the sensitivity table. */
  ri?: number[];
}

export interface ExtrasFlags {
  regtest?: boolean;
  ranktest?: boolean;
  trimfill?: boolean;
  funnel?: string;
  mods?: string;
  bubble?: string;
  cumulative?: string;
  cumulativeForest?: string;
  influence?: boolean;
  baujat?: string;
  ri?: string;
}

/** commander flags -> options, with usage errors for malformed values. */
export function parseExtrasFlags(flags: ExtrasFlags): ExtrasOptions {
  const mods = flags.mods === undefined ? undefined : flags.mods.split(',').map((m) => m.trim()).filter(Boolean);
  if (mods && mods.length === 0) throw new UsageError('--mods: give one or more column names, comma-separated (e.g. --mods year,design).');
  if (flags.bubble !== undefined && !mods) throw new UsageError('--bubble needs --mods with one numeric moderator.');
  if (flags.cumulativeForest !== undefined && flags.cumulative === undefined) throw new UsageError('--cumulative-forest needs --cumulative COLUMN (the order of accumulation).');
  let ri: number[] | undefined;
  if (flags.ri !== undefined) {
    ri = flags.ri.split(',').map((v) => Number(v.trim()));
    if (ri.length === 0 || ri.some((r) => !(r >= -1 && r <= 1)) || flags.ri.trim() === '')
      throw new UsageError(`--ri: "${flags.ri}" is not a correlation between -1 and 1 (or a comma-separated list of them, e.g. --ri 0.5 or --ri 0.2,0.5,0.8).`);
  }
  return {
    regtest: Boolean(flags.regtest),
    ranktest: Boolean(flags.ranktest),
    trimfill: Boolean(flags.trimfill),
    funnel: flags.funnel,
    mods,
    bubble: flags.bubble,
    cumulative: flags.cumulative,
    cumulativeForest: flags.cumulativeForest,
    influence: Boolean(flags.influence),
    baujat: flags.baujat,
    ri,
  };
}

/**
 * --ri: studies of a mean-change (MC) analysis that report no correlation get the first assumed
 * value. Returns the input to pool and a note that says, in words, that the result rests on it.
 */
export type ExtrasInput = MetaInput & { /** The studies' own correlations, before --ri filled the gaps. */ ownRi?: MeanChangeInput['ri'] };

export function applyAssumedCorrelation(data: MetaInput, ri: number[] | undefined): ExtrasInput {
  if (!ri) return data;
  if (data.input.measure !== 'MC') throw new UsageError(`--ri is for mean change (MC: baseline and follow-up means and SDs); this analysis uses ${data.input.measure}.`);
  const input = data.input as MeanChangeInput;
  const missing = input.ri.filter((r) => r === null || r === undefined || !Number.isFinite(r)).length;
  const filled: MeanChangeInput = { ...input, ri: input.ri.map((r) => (r === null || r === undefined || !Number.isFinite(r) ? ri[0]! : r)) };
  const notes = data.notes.filter((n) => !n.startsWith('MC needs the correlation'));
  notes.push(
    missing
      ? `ASSUMPTION: ${missing} of ${input.ri.length} studies report no correlation between baseline and follow-up; their change variances use an assumed r = ${ri[0]} (--ri). The pooled result rests on this assumption: see the sensitivity table.`
      : 'every study reports its own baseline-follow-up correlation; --ri was not needed.',
  );
  return { ...data, input: filled, notes, ownRi: input.ri };
}

const AXIS: Partial<Record<Measure, string>> = {
  RR: 'log risk ratio', OR: 'log odds ratio', RD: 'risk difference', PR: 'proportion', PLO: 'logit of the proportion',
  PAS: 'arcsine-transformed proportion', PFT: 'Freeman-Tukey-transformed proportion', MD: 'mean difference',
  SMD: 'standardized mean difference (Hedges g)', MC: 'mean change (baseline minus follow-up)', GEN: 'effect size',
};

const PLAIN: Partial<Record<Measure, string>> = { PLO: 'proportion', PAS: 'proportion', PFT: 'proportion', RR: 'risk ratio', OR: 'odds ratio' };

export interface ExtrasOutput {
  json: Record<string, unknown>;
  /** Printed before the model: what the result rests on (the assumed correlation), if anything. */
  preface: string;
  text: string;
  warnings: string[];
  /** SVG files to write, each with the flag that named it (for messages and the output guard). */
  files: { path: string; content: string; what: string; flag: string }[];
}

const f4 = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? 'NA' : x.toFixed(d));
const pf = (p: number | null | undefined) => (p === null || p === undefined || !Number.isFinite(p) ? 'NA' : p < 1e-4 ? '<.0001' : p.toFixed(4));

function column(data: MetaInput, name: string, flag: string): string[] {
  const recs = data.records;
  if (!recs || recs.length === 0) throw new UsageError(`${flag}: no study columns are available for this input.`);
  if (!(name in recs[0]!)) throw new UsageError(`${flag}: no column "${name}". Columns: ${Object.keys(recs[0]!).join(', ')}.`);
  return recs.map((r) => r[name] ?? '');
}

/** Runs the requested analyses on the same studies and model options as `result`. */
export function runExtras(data: ExtrasInput, result: MetaResult, options: ExtrasOptions, title: string): ExtrasOutput {
  const es = escalc(data.input);
  const kept = es.studies.map((s) => s.index);
  const labels = kept.map((i) => data.labels[i] ?? `row ${i + 1}`);
  const model = fit(es.yi, es.vi, { method: result.method, test: result.test, level: result.level * 100 }); // as a percent: metafor reads a level <= 0.5 as alpha
  const json: Record<string, unknown> = {};
  const text: string[] = [];
  let preface = '';
  const warnings: string[] = [];
  const files: ExtrasOutput['files'] = [];
  const axis = AXIS[es.measure] ?? 'effect size';
  const pct = Math.round(result.level * 100);

  // ---- small-study tests
  const wantsBias = options.regtest || options.ranktest || options.trimfill || options.funnel !== undefined;
  let tf: TrimFillResult | null = null;
  if (wantsBias) {
    const small = smallKWarning(model.k);
    if (small) warnings.push(small);
    if (options.regtest) {
      const r: RegTestResult = regtest(model);
      const stat = model.test === 'z' ? 'z' : `t(df = ${r.ddf})`;
      json.regtest = { zval: r.zval, pval: r.pval, limit: r.limit, ci_lb: r.ci_lb, ci_ub: r.ci_ub, ...(r.ddf !== null ? { ddf: r.ddf } : {}), model: 'mixed-effects meta-regression on the standard error (metafor regtest, model="rma", predictor="sei")' };
      text.push(
        'Regression test for funnel plot asymmetry (Egger type; metafor regtest: predictor sei):',
        `  ${stat} = ${f4(r.zval)}, p = ${pf(r.pval)}`,
        `  Limit estimate (as sei -> 0): ${f4(r.limit)} (${pct}% CI: ${f4(r.ci_lb)}, ${f4(r.ci_ub)})`,
        '',
      );
    }
    if (options.ranktest) {
      const r: RankTestResult = ranktest(es.yi, es.vi);
      json.ranktest = { tau: r.tau, pval: r.pval, ...(r.method === 'normal' ? { note: 'ties: normal approximation (as R cor.test)' } : {}) };
      text.push('Rank correlation test for funnel plot asymmetry (Begg and Mazumdar):', `  Kendall's tau = ${f4(r.tau)}, p = ${pf(r.pval)}${r.method === 'normal' ? ' (ties: normal approximation)' : ''}`, '');
    }
    if (options.trimfill || options.funnel !== undefined) {
      try {
        tf = trimfill(model);
      } catch (e) {
        warnings.push(`no trim and fill: ${(e as Error).message}`);
      }
    }
    if (options.trimfill && tf) {
      json.trimfill = { k0: tf.k0, side: tf.side, estimate: tf.estimate, se: tf.se, ci_lb: tf.ci_lb, ci_ub: tf.ci_ub, tau2: tf.tau2, se_k0: tf.se_k0, estimator: tf.estimator, filled: tf.filled };
      text.push(
        `Trim and fill (estimator ${tf.estimator}): estimated number of missing studies on the ${tf.side} side: ${tf.k0} (SE = ${f4(tf.se_k0)})`,
        tf.k0 > 0 ? `  Estimate with ${tf.k0} filled-in stud${tf.k0 === 1 ? 'y' : 'ies'}: ${f4(tf.estimate)} (SE ${f4(tf.se)}; 95% CI ${f4(tf.ci_lb)}, ${f4(tf.ci_ub)}, as metafor fits the filled-in data); the filled-in studies are imputed, not found.` : '  No studies imputed: the estimate is unchanged.',
        '',
      );
    }
    if (options.funnel !== undefined) {
      const useFill = options.trimfill && tf !== null && tf.k0 > 0;
      const smallNote = smallKWarning(model.k);
      files.push({
        path: options.funnel,
        what: 'funnel plot',
        flag: '--funnel',
        content: funnelSvg({
          title: `Funnel plot: ${title}`,
          studies: es.studies.map((s, j) => ({ label: labels[j]!, yi: s.yi, vi: s.vi })),
          filled: useFill ? tf!.filled : [],
          estimate: useFill ? tf!.estimate : model.estimate,
          level: result.level,
          crit: qnorm(1 - (1 - result.level) / 2),
          xLabel: axis,
          ...(smallNote ? { note: `Only ${model.k} studies: asymmetry is hard to judge with fewer than 10.` } : {}),
        }),
      });
    }
  }

  // ---- meta-regression
  if (options.mods) {
    const columns = options.mods.map((name) => {
      const all = column(data, name, '--mods');
      return { name, values: kept.map((i) => all[i]!) };
    });
    const mr: MetaRegression = metaRegression(es.yi, es.vi, columns, { method: result.method, test: result.test, level: result.level * 100 });
    warnings.push(...mr.warnings.map((w) => `meta-regression: ${w}`));
    json.metaregression = {
      moderators: mr.terms.map((t) => ({ name: t.name, kind: t.kind, ...(t.kind === 'factor' ? { levels: t.levels, reference: t.levels[0] } : {}) })),
      k: mr.k,
      coefficients: mr.coefficients,
      QM: mr.QM, QMdf: mr.QMdf, QMp: mr.QMp, QE: mr.QE, QEdf: mr.QEdf, QEp: mr.QEp,
      tau2: mr.tau2, I2: mr.I2, R2: mr.R2,
      left_out: mr.missing.map((m) => ({ study: labels[m.index], moderator: m.moderator })),
    };
    const isFE = mr.method === 'FE' || mr.method === 'EE';
    const st = mr.test === 'z' ? 'zval' : 'tval';
    const rows = mr.coefficients.map((c) => `  ${c.term.padEnd(22).slice(0, 22)} ${f4(c.estimate).padStart(9)} ${f4(c.se).padStart(8)} ${f4(c.zval ?? c.tval).padStart(8)} ${pf(c.pval).padStart(8)} ${f4(c.ci_lb).padStart(9)} ${f4(c.ci_ub).padStart(9)}`);
    const QMtext = mr.test === 'z' ? `QM(df = ${mr.QMdf[0]}) = ${f4(mr.QM)}, p = ${pf(mr.QMp)}` : `F(df1 = ${mr.QMdf[0]}, df2 = ${mr.QMdf[1]}) = ${f4(mr.QM)}, p = ${mr.QMp === null ? 'not available (F distribution)' : pf(mr.QMp)}`;
    text.push(
      `${isFE ? 'Fixed-effects' : 'Mixed-effects'} meta-regression (k = ${mr.k}${isFE ? '' : `; tau^2 estimator: ${mr.method}`}${mr.test === 'knha' ? '; Knapp-Hartung' : ''}), moderators: ${options.mods.join(', ')}`,
      ...(isFE ? [] : [`  tau^2 (residual heterogeneity): ${f4(mr.tau2)}; I^2 = ${mr.I2 === null ? 'NA' : `${mr.I2.toFixed(2)}%`}`]),
      `  R^2 (amount of heterogeneity accounted for): ${mr.R2 === null ? 'NA' : `${mr.R2.toFixed(2)}%`}`,
      `  Test for residual heterogeneity: QE(df = ${mr.QEdf}) = ${f4(mr.QE)}, p = ${pf(mr.QEp)}`,
      `  Test of moderators: ${QMtext}`,
      `  ${'term'.padEnd(22)} ${'estimate'.padStart(9)} ${'se'.padStart(8)} ${st.padStart(8)} ${'pval'.padStart(8)} ${'ci.lb'.padStart(9)} ${'ci.ub'.padStart(9)}`,
      ...rows,
      ...mr.terms.filter((t) => t.kind === 'factor').map((t) => `  (${t.name}: reference level "${t.levels[0]}")`),
      '',
    );
    if (options.bubble !== undefined) {
      if (mr.terms.length !== 1 || mr.terms[0]!.kind !== 'numeric') throw new UsageError('--bubble draws one numeric moderator: give --mods with a single numeric column.');
      const xs = mr.kept.map((i) => Number(columns[0]!.values[i]));
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const line = Array.from({ length: 101 }, (_, j) => {
        const xv = lo + ((hi - lo) * j) / 100;
        const p = predict(mr.model, { newmods: [xv] });
        return { x: xv, pred: p.pred, ciLb: p.ciLb, ciUb: p.ciUb };
      });
      files.push({
        path: options.bubble,
        what: 'bubble plot',
        flag: '--bubble',
        content: bubbleSvg({
          title: `Meta-regression on ${options.mods[0]}: ${title}`,
          moderator: options.mods[0]!,
          yLabel: axis,
          level: result.level,
          studies: mr.kept.map((i, j) => ({ label: labels[i]!, x: xs[j]!, yi: es.yi[i]!, weight: mr.model.weights[j]! })),
          line,
        }),
      });
    }
  }

  // ---- cumulative meta-analysis
  if (options.cumulative !== undefined) {
    const all = column(data, options.cumulative, '--cumulative');
    const by = kept.map((i) => all[i]!);
    const gaps = by.map((v, j) => (v.trim() === '' ? labels[j] : null)).filter((v): v is string => v !== null);
    if (gaps.length) throw new UsageError(`--cumulative ${options.cumulative}: no value for ${gaps.join('; ')}.`);
    const numeric = by.every((v) => Number.isFinite(Number(v)));
    const rows = cumulative(model, numeric ? by.map(Number) : by);
    json.cumulative = rows.map((r) => ({ study: labels[r.index], [options.cumulative!]: numeric ? Number(by[r.index]) : by[r.index], estimate: r.estimate, se: r.se, pval: r.pval, ci_lb: r.ci_lb, ci_ub: r.ci_ub, Q: r.Q, tau2: r.tau2, I2: r.I2, ...(r.error ? { error: r.error } : {}) }));
    const w = Math.min(40, Math.max(...labels.map((l) => l.length)));
    text.push(
      `Cumulative meta-analysis (in order of ${options.cumulative}; each row pools that study and all above it):`,
      `  ${'+ study'.padEnd(w + 2)} ${options.cumulative.padEnd(10).slice(0, 10)} ${'estimate'.padStart(9)} ${`${pct}% CI`.padEnd(21)} ${'tau^2'.padStart(8)} ${'I^2'.padStart(7)}`,
      ...rows.map((r) => `  + ${labels[r.index]!.slice(0, w).padEnd(w)} ${by[r.index]!.padEnd(10).slice(0, 10)} ${f4(r.estimate).padStart(9)} ${`[${f4(r.ci_lb)}, ${f4(r.ci_ub)}]`.padEnd(21)} ${f4(r.tau2).padStart(8)} ${Number.isFinite(r.I2) ? `${r.I2.toFixed(1)}%`.padStart(7) : '     NA'}`),
      '',
    );
    if (options.cumulativeForest !== undefined) {
      const ni = es.ni.filter((n): n is number => n !== null);
      const transf = result.scale ? backTransform(es.measure, es.measure === 'PFT' ? ni : undefined) : undefined;
      const nullValue = ['RR', 'OR', 'RD', 'MD', 'SMD', 'MC'].includes(es.measure) ? 0 : null;
      files.push({
        path: options.cumulativeForest,
        what: 'cumulative forest plot',
        flag: '--cumulative-forest',
        content: cumulativeSvg({
          title: `Cumulative meta-analysis: ${title}`,
          byName: options.cumulative,
          level: result.level,
          xLabel: transf ? `${PLAIN[es.measure] ?? result.scale} (${es.measure === 'RR' || es.measure === 'OR' ? 'log' : 'transformed'} scale)` : axis,
          ...(transf ? { transf, ratio: es.measure === 'RR' || es.measure === 'OR' } : {}),
          nullValue,
          rows: rows.map((r) => ({ label: labels[r.index]!, by: by[r.index]!, estimate: r.estimate, ci_lb: r.ci_lb, ci_ub: r.ci_ub, tau2: result.method === 'FE' || result.method === 'EE' ? null : r.tau2, I2: r.I2 })),
        }),
      });
    }
  }

  // ---- influence
  if (options.influence || options.baujat !== undefined) {
    if (model.k < 3) {
      warnings.push('influence diagnostics need at least 3 studies.');
    } else {
      if (options.influence) {
        const rows = influence(model);
        json.influence = rows.map((r) => ({ study: labels[r.index], rstudent: r.rstudent, dffits: r.dffits, cook_d: r.cook_d, cov_r: r.cov_r, tau2_del: r.tau2_del, QE_del: r.QE_del, hat: r.hat, weight: r.weight, dfbetas: r.dfbetas[0], influential: r.influential, ...(r.error ? { error: r.error } : {}) }));
        const w = Math.min(36, Math.max(...labels.map((l) => l.length)));
        text.push(
          'Influence diagnostics (metafor influence(); * = influential by its criteria):',
          `  ${'study'.padEnd(w)} ${'rstudent'.padStart(9)} ${'dffits'.padStart(8)} ${'cook.d'.padStart(8)} ${'cov.r'.padStart(8)} ${'tau2.del'.padStart(9)} ${'QE.del'.padStart(9)} ${'hat'.padStart(7)} ${'weight'.padStart(7)}`,
          ...rows.map((r) => `  ${labels[r.index]!.slice(0, w).padEnd(w)} ${f4(r.rstudent).padStart(9)} ${f4(r.dffits).padStart(8)} ${f4(r.cook_d).padStart(8)} ${f4(r.cov_r).padStart(8)} ${f4(r.tau2_del).padStart(9)} ${f4(r.QE_del).padStart(9)} ${f4(r.hat).padStart(7)} ${f4(r.weight, 2).padStart(7)}${r.influential ? ' *' : ''}`),
          '',
        );
      }
      if (options.baujat !== undefined) {
        const pts = baujat(model);
        files.push({ path: options.baujat, what: 'Baujat plot', flag: '--baujat', content: baujatSvg(pts.map((p) => ({ label: labels[p.index]!, x: p.x, y: p.y })), { title: `Baujat plot: ${title}`, fixed: model.method === 'FE' || model.method === 'EE' }) });
      }
    }
  }

  // ---- the assumed correlation and its sensitivity
  if (options.ri && data.input.measure === 'MC') {
    const input = data.input as MeanChangeInput;
    const grid = options.ri.length > 1 ? options.ri : [...new Set([...DEFAULT_RI_GRID, options.ri[0]!])].sort((a, b) => a - b);
    const sens: CorrelationSensitivity = correlationSensitivity('MC', { ...input, ri: data.ownRi ?? input.ri }, grid, { method: result.method, test: result.test, level: result.level * 100 });
    json.sensitivity = { assumption: sens.assumption, assumed_studies: sens.assumed.map((i) => data.labels[i]), ri_used: options.ri[0], rows: sens.rows };
    preface = `${sens.assumption}\n`;
    text.push(
      `Sensitivity to the assumed correlation (the pooled analysis above uses r = ${options.ri[0]}):`,
      `  ${'r'.padStart(5)} ${'k'.padStart(3)} ${'estimate'.padStart(9)} ${`${pct}% CI`.padEnd(21)} ${'tau^2'.padStart(8)} ${'I^2'.padStart(7)}`,
      ...sens.rows.map((r) => `  ${r.ri.toFixed(2).padStart(5)} ${String(r.k).padStart(3)} ${f4(r.estimate).padStart(9)} ${`[${f4(r.ci_lb)}, ${f4(r.ci_ub)}]`.padEnd(21)} ${f4(r.tau2).padStart(8)} ${r.I2 === null || !Number.isFinite(r.I2) ? '     NA' : `${r.I2.toFixed(1)}%`.padStart(7)}`),
      '',
    );
  }
  return { json, preface, text: text.join('\n'), warnings, files };
}
