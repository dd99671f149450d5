// The analysis as a person reads it: metafor's printout layout, a study table and a text forest plot.
// The only place these numbers are rounded (digits as metafor's default print: 4).
import type { MetaResult } from '../synthesis/run.js';

const DIGITS = 4;
const f = (x: number | null | undefined, d = DIGITS) => (x === null || x === undefined || Number.isNaN(x) ? 'NA' : x.toFixed(d));
const pfmt = (p: number | null) => (p === null ? 'NA' : p < 1e-4 ? '<.0001' : p.toFixed(4));
const pct = (x: number | null) => (x === null ? 'NA' : `${x.toFixed(2)}%`);

const METHOD_NAMES: Record<string, string> = {
  FE: 'Fixed-Effects', EE: 'Equal-Effects', DL: 'DerSimonian-Laird', REML: 'restricted maximum likelihood', ML: 'maximum likelihood',
  PM: 'Paule-Mandel', HS: 'Hunter-Schmidt', SJ: 'Sidik-Jonkman', HE: 'Hedges', EB: 'empirical Bayes', GENQ: 'generalized Q',
};

/** The GLMM or Mantel-Haenszel/Peto block printed above the inverse-variance model. */
export function printPooling(r: MetaResult): string {
  const lines: string[] = [];
  if (r.glmm) {
    const g = r.glmm;
    lines.push(`Random-Effects Model (k = ${g.k}; binomial-normal GLMM, ML, ${g.nAGQ === 1 ? 'Laplace' : `adaptive Gauss-Hermite quadrature with ${g.nAGQ} points`})`, '');
    lines.push(`tau^2 (estimated amount of total heterogeneity): ${f(g.tau2)}`, `tau (square root of estimated tau^2 value):      ${f(g.tau)}`, `I^2 (total heterogeneity / total variability):   ${pct(g.I2)}`, `H^2 (total variability / sampling variability):  ${f(g.H2, 2)}`, '');
    lines.push('Tests for Heterogeneity:', `Wld(df = ${g.QEdf}) = ${f(g.QEWld)}, p-val = ${pfmt(g.QEpWld)}`, `LRT(df = ${g.QEdf}) = ${f(g.QELRT)}, p-val = ${pfmt(g.QEpLRT)}`, '');
    lines.push('Model Results (logit scale):', `estimate ${f(g.estimate)}  se ${f(g.se)}  zval ${f(g.zval)}  pval ${pfmt(g.pval)}  ci [${f(g.ciLb)}, ${f(g.ciUb)}]`);
    const t = g.transformed;
    lines.push(`As a proportion: ${f(t.estimate)} [${f(t.ciLb)}, ${f(t.ciUb)}]${t.piLb !== null ? `; prediction interval [${f(t.piLb)}, ${f(t.piUb)}]` : ''}`, '');
    lines.push('For comparison, the inverse-variance model on the escalc() logits:', '');
  }
  if (r.mh) {
    const m = r.mh;
    lines.push(`Equal-Effects Model (k = ${m.k}; ${m.method === 'MH' ? `Mantel-Haenszel, ${m.measure}` : "Peto's method, log odds ratio"})`, '');
    lines.push('Test for Heterogeneity:', `Q(df = ${m.Qdf}) = ${f(m.Q)}, p-val = ${pfmt(m.Qp)}; I^2 ${pct(m.I2)}`, '');
    lines.push(`Model Results${m.measure === 'RD' ? '' : ' (log scale)'}:`, `estimate ${f(m.estimate)}  se ${f(m.se)}  zval ${f(m.zval)}  pval ${pfmt(m.pval)}  ci [${f(m.ciLb)}, ${f(m.ciUb)}]`);
    if (m.transformed) lines.push(`exp: ${f(m.transformed.estimate)} [${f(m.transformed.ciLb)}, ${f(m.transformed.ciUb)}]`);
    if (m.MH !== null) lines.push(`Cochran-Mantel-Haenszel test: CMH = ${f(m.MH)}, df = 1, p-val = ${pfmt(m.MHp)}`);
    if (m.TA !== null) lines.push(`Tarone's test for heterogeneity: X^2 = ${f(m.TA)}, df = ${m.k - 1}, p-val = ${pfmt(m.TAp)}`);
    lines.push('', 'For comparison, the inverse-variance model:', '');
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function printModel(r: MetaResult): string {
  const m = r.model;
  const lines: string[] = [];
  const fixed = r.method === 'FE' || r.method === 'EE';
  lines.push(fixed ? `${METHOD_NAMES[r.method]} Model (k = ${r.k})` : `Random-Effects Model (k = ${r.k}; tau^2 estimator: ${r.method})`, '');
  if (!fixed) {
    const ci = r.confint;
    const range = (iv: { ciLb: number; ciUb: number } | undefined, d = DIGITS, suffix = '') => (iv ? ` [${f(iv.ciLb, d)}${suffix}, ${f(iv.ciUb, d)}${suffix}]` : '');
    lines.push(`tau^2 (estimated amount of total heterogeneity): ${f(m.tau2)}${m.seTau2 !== null ? ` (SE = ${f(m.seTau2)})` : ''}${range(ci?.tau2)}`);
    lines.push(`tau (square root of estimated tau^2 value):      ${f(m.tau)}${range(ci?.tau)}`);
    lines.push(`I^2 (total heterogeneity / total variability):   ${pct(m.I2)}${ci ? ` [${ci.I2.ciLb.toFixed(2)}%, ${ci.I2.ciUb.toFixed(2)}%]` : ''}`);
    lines.push(`H^2 (total variability / sampling variability):  ${f(m.H2, 2)}${range(ci?.H2, 2)}`);
    if (ci) lines.push(`(intervals: ${Math.round(r.level * 100)}% Q-profile confidence intervals)`);
    lines.push('');
  }
  if (m.Q !== null) lines.push('Test for Heterogeneity:', `Q(df = ${m.Qdf}) = ${f(m.Q)}, p-val = ${pfmt(m.Qp)}`, '');
  lines.push('Model Results:', '');
  const stat = m.zval !== null ? 'zval' : 'tval';
  const head = ['estimate', 'se', stat, ...(m.ddf !== null ? ['df'] : []), 'pval', 'ci.lb', 'ci.ub'];
  const vals = [f(m.estimate), f(m.se), f(m.zval ?? m.tval), ...(m.ddf !== null ? [String(m.ddf)] : []), pfmt(m.pval), f(m.ciLb), f(m.ciUb)];
  const w = head.map((h, i) => Math.max(h.length, vals[i]!.length));
  lines.push(head.map((h, i) => h.padStart(w[i]!)).join('  '), vals.map((v, i) => v.padStart(w[i]!)).join('  '), '');
  if (m.test === 't') lines.push(`Test: t distribution (${m.ddf} df).`, '');
  else if (m.test !== 'z') lines.push(`Test: Knapp-Hartung adjustment (t distribution, ${m.ddf} df).`, '');
  const p = r.prediction;
  lines.push(`Prediction: ${f(p.pred)} [${f(p.ciLb)}, ${f(p.ciUb)}]${p.piLb !== null ? `; prediction interval [${f(p.piLb)}, ${f(p.piUb)}]` : ''}`);
  if (r.transformed) {
    const t = r.transformed;
    lines.push(`Back-transformed to a ${r.scale}: ${f(t.pred)} [${f(t.ciLb)}, ${f(t.ciUb)}]${t.piLb !== null ? `; prediction interval [${f(t.piLb)}, ${f(t.piUb)}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function printSubgroups(r: MetaResult): string {
  if (!r.subgroups) return '';
  const s = r.subgroups;
  const rows = s.levels.map((g) => `  ${g.level.padEnd(24)} k = ${String(g.k).padStart(2)}  ${f(g.estimate)} [${f(g.ciLb)}, ${f(g.ciUb)}]${g.transformed ? `  = ${f(g.transformed.estimate)} [${f(g.transformed.ciLb)}, ${f(g.transformed.ciUb)}]` : ''}  tau^2 ${f(g.tau2)}`);
  return ['Subgroups (separate models):', ...rows, `Test for subgroup differences: Q(df = ${s.Qbdf}) = ${f(s.Qb)}, p-val = ${pfmt(s.Qbp)}, I^2 = ${s.I2b.toFixed(2)}%`, ''].join('\n') + '\n';
}

export function printLeaveOneOut(r: MetaResult): string {
  if (!r.leaveOneOut) return '';
  const rows = r.leaveOneOut.map((l) => `  ${l.label.slice(0, 40).padEnd(40)} ${f(l.estimate)} [${f(l.ciLb)}, ${f(l.ciUb)}]  tau^2 ${f(l.tau2)}  I^2 ${pct(l.I2)}`);
  return ['Leave-one-out (estimate without each study):', ...rows, ''].join('\n') + '\n';
}

/** A forest plot in characters: each study's CI as a line, its estimate as a square, the pooled diamond. */
export function textForest(r: MetaResult, width = 40): string {
  const useT = r.transformed !== null;
  const est = (s: { estimate: number; ciLb: number; ciUb: number } | null, yi: number, lb: number, ub: number) => (useT && s ? [s.estimate, s.ciLb, s.ciUb] : [yi, lb, ub]);
  const rows = r.studies.map((s) => ({ label: s.label, v: est(s.transformed, s.yi, s.ciLb, s.ciUb), w: s.weight }));
  const pooled = useT ? [r.transformed!.pred, r.transformed!.ciLb, r.transformed!.ciUb] : [r.prediction.pred, r.prediction.ciLb, r.prediction.ciUb];
  const all = [...rows.flatMap((x) => x.v), ...pooled].filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pos = (x: number) => Math.round(((x - lo) / (hi - lo || 1)) * (width - 1));
  const labelWidth = Math.min(40, Math.max(...rows.map((x) => x.label.length), 10));
  const line = (label: string, [e, l, u]: number[], mark: string, w: string) => {
    const cells = Array.from({ length: width }, () => ' ');
    for (let i = pos(l!); i <= pos(u!); i++) cells[i] = '-';
    cells[pos(l!)] = '[';
    cells[pos(u!)] = ']';
    cells[pos(e!)] = mark;
    return `${label.slice(0, labelWidth).padEnd(labelWidth)} ${cells.join('')} ${f(e, 3)} [${f(l, 3)}, ${f(u, 3)}]${w}`;
  };
  const out = rows.map((x) => line(x.label, x.v, '■', `  ${x.w.toFixed(1)}%`));
  out.push(line(r.method === 'FE' || r.method === 'EE' ? 'Pooled (FE)' : `Pooled (${r.method})`, pooled, '◆', ''));
  const axis = `${' '.repeat(labelWidth)} ${f(lo, 3)}${' '.repeat(Math.max(1, width - f(lo, 3).length - f(hi, 3).length))}${f(hi, 3)}`;
  return [...out, axis, `(${useT ? r.scale : `${r.measure} scale`}; ${Math.round(r.level * 100)}% CIs)`, ''].join('\n') + '\n';
}
