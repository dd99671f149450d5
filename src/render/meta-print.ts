// The analysis as a person reads it: metafor's printout layout, a study table and a text forest plot.
// The only place these numbers are rounded (digits as metafor's default print: 4).
import type { MetaResult } from '../synthesis/run.js';
import { axisFraction, forestModel, type ForestOptions, type ForestRow } from '../synthesis/forest.js';

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

/** A forest plot in characters, laid out as the SVG one (forest.ts): aligned columns, a log axis for ratios with
 * the line of no effect ("|"), subgroups with their diamonds, the heterogeneity line and the tests. */
export function textForest(r: MetaResult, options: ForestOptions = {}, width = 40): string {
  const m = forestModel(r, options);
  const pos = (v: number) => Math.round(axisFraction(m.axis, v) * (width - 1));
  const clamp = (i: number) => Math.min(width - 1, Math.max(0, i));
  const nullAt = m.axis.nullValue !== null && m.axis.nullValue >= m.axis.lo && m.axis.nullValue <= m.axis.hi ? pos(m.axis.nullValue) : null;
  const blank = () => {
    const cells = Array.from({ length: width }, () => ' ');
    if (nullAt !== null) cells[nullAt] = '|';
    return cells;
  };
  const bar = (lb: number, ub: number, est: number | null, mark: string, fill = '-') => {
    const cells = blank();
    const a = pos(lb);
    const b = pos(ub);
    for (let i = clamp(a); i <= clamp(b); i++) cells[i] = fill;
    cells[clamp(a)] = a < 0 ? '<' : '[';
    cells[clamp(b)] = b > width - 1 ? '>' : ']';
    if (est !== null && pos(est) >= 0 && pos(est) <= width - 1) cells[pos(est)] = mark;
    return cells.join('');
  };
  const headers = [...m.dataColumns.map((c) => c.name), 'Weight', `${m.estimateHeader[0]} [${Math.round(r.level * 100)}% CI]`];
  const labelW = Math.min(40, Math.max(5, ...m.rows.map((row) => ('label' in row ? row.label.length : 0))));
  const colW = headers.map((h, j) => Math.max(h.length, ...m.rows.map((row) => (row.kind === 'study' || row.kind === 'pooled' ? (row.cells[j] ?? '').length : 0))));
  const cut = (s: string) => (s.length > labelW ? `${s.slice(0, labelW - 1)}…` : s);
  const robCells = (row: ForestRow): string => (m.rob ? ` ${m.rob.domains.map((d) => (row.kind === 'study' && row.rob?.[d.id] ? row.rob[d.id]!.symbol || '.' : ' ').padStart(robW)).join('')}` : '');
  const line = (label: string, cells: string[], plot: string, row?: ForestRow) =>
    `${cut(label).padEnd(labelW)}  ${headers.map((_, j) => (cells[j] ?? '').padStart(colW[j]!)).join('  ')}  ${plot}${row ? robCells(row) : ''}`.trimEnd();
  const robW = m.rob ? Math.max(3, ...m.rob.domains.map((d) => d.short.length + 1)) : 0;
  const out: string[] = [m.title, ''];
  const groups = m.dataColumns.map((c) => c.group);
  if (groups.some(Boolean)) {
    // Each arm's name centred over its columns.
    let head = '';
    for (let j = 0; j < groups.length; ) {
      let k = j;
      while (k + 1 < groups.length && groups[k + 1] === groups[j]) k++;
      const span = colW.slice(j, k + 1).reduce((a, b) => a + b + 2, 0);
      const name = groups[j]!.slice(0, span - 2);
      const left = Math.floor((span - name.length) / 2);
      head += `${' '.repeat(left)}${name}`.padEnd(span);
      j = k + 1;
    }
    out.push(`${''.padEnd(labelW)}  ${head}`.trimEnd());
  }
  const indent = labelW + 2 + colW.reduce((a, b) => a + b + 2, 0);
  out.push(m.rob ? `${line('Study', headers, '').padEnd(indent + width)} ${m.rob.domains.map((d) => d.short.padStart(robW)).join('')}` : line('Study', headers, ''));
  for (const row of m.rows) {
    if (row.kind === 'heading') out.push(row.text);
    else if (row.kind === 'note') out.push(`  ${row.text}`);
    else if (row.kind === 'prediction') out.push(line(row.label, [...headers.slice(0, -1).map(() => ''), `[${row.pi.lb.toFixed(m.digits)}, ${row.pi.ub.toFixed(m.digits)}]`], bar(row.pi.lb, row.pi.ub, null, '', '.')));
    else out.push(line(row.label, row.cells, bar(row.ci.lb, row.ci.ub, row.ci.est, row.kind === 'pooled' ? '◆' : '■', row.kind === 'pooled' ? '◆' : '-'), row));
  }
  // The axis: tick marks and their values, spread so that labels do not run into each other.
  const axis = Array.from({ length: width }, () => '─');
  const labels = Array.from({ length: width + 8 }, () => ' ');
  let free = 0;
  for (const t of m.axis.ticks) {
    const p = pos(t);
    axis[clamp(p)] = '┼';
    const s = String(Number(t.toPrecision(6)));
    const start = Math.max(0, p - Math.floor(s.length / 2));
    if (start < free) continue;
    for (let i = 0; i < s.length; i++) labels[start + i] = s[i]!;
    free = start + s.length + 1;
  }
  out.push(`${' '.repeat(indent)}${axis.join('')}`, `${' '.repeat(indent)}${labels.join('').trimEnd()}`);
  const center = (s: string) => `${' '.repeat(indent + Math.max(0, Math.floor((width - s.length) / 2)))}${s}`;
  out.push(center(m.axis.label));
  if (m.favours) {
    const mid = nullAt ?? Math.floor(width / 2);
    const left = `<- Favours ${m.favours[0]}`;
    out.push(`${' '.repeat(Math.max(0, indent + mid - 1 - left.length))}${left}  Favours ${m.favours[1]} ->`);
  }
  out.push('', ...m.footer);
  if (m.rob) out.push('', `Risk of bias (${m.rob.tool}): ${m.rob.domains.map((d) => `${d.short} ${d.label}`).join('; ')}.`, `Judgements: ${m.rob.legend.map((l) => `${l.symbol || '.'} ${l.judgement}`).join(', ')}.`);
  return out.join('\n') + '\n';
}
