// The forest plot as data, shared by the SVG and the text renderer. It follows metafor's forest() and RevMan:
// ratio measures on a log axis with the line of no effect at 1 (0 for differences; none for proportions),
// "favours" labels under the axis, aligned columns (study, events/total or mean/SD/n per arm, weight, estimate
// with CI), subgroup headings with their own diamond and heterogeneity line, the test for subgroup differences,
// the overall heterogeneity line, the test for the overall effect and the prediction interval.
// Nothing here draws: the renderers only place what this module decides.
import type { Measure } from '../meta/escalc.js';
import type { MetaResult, StudyEffect } from './run.js';

export type SortKey = 'year' | 'estimate' | 'weight';

/** One risk-of-bias judgement as the forest plot shows it (robvis colour and symbol). */
export interface RobMark {
  judgement: string;
  colour: string;
  symbol: string;
}

/** The `--rob` columns: one per domain of one tool, with each study's judgements by ref. */
export interface RobColumns {
  tool: string;
  domains: { id: string; short: string; label: string }[];
  byRef: Map<number, Record<string, RobMark>>;
  legend: RobMark[];
  /** Said under the plot (e.g. studies appraised with another tool). */
  notes: string[];
}

export interface ForestOptions {
  title?: string;
  /** Labels under the axis: left of the null line, right of it. */
  favours?: [string, string];
  sort?: SortKey;
  rob?: RobColumns | null;
  /** Plain-language axis label, when the caller knows the outcome (e.g. "Proportion with a complication"). */
  axisLabel?: string;
}

export type Scale = 'log' | 'linear';

export interface Axis {
  scale: Scale;
  /** Ends of the axis, on the display scale (ratios, proportions, differences). */
  lo: number;
  hi: number;
  ticks: number[];
  /** The line of no effect (1 for ratios, 0 for differences), or null (proportions). */
  nullValue: number | null;
  label: string;
}

/** A value on the display scale as a fraction of the axis width (0 = left end, 1 = right end; may fall outside). */
export function axisFraction(axis: Axis, v: number): number {
  const u = (x: number) => (axis.scale === 'log' ? Math.log(x) : x);
  return (u(v) - u(axis.lo)) / (u(axis.hi) - u(axis.lo));
}

export interface Interval {
  est: number;
  lb: number;
  ub: number;
}

export type ForestRow =
  | { kind: 'heading'; text: string }
  | { kind: 'study'; label: string; ref: number | null; cells: string[]; weight: number; ci: Interval; rob: Record<string, RobMark> | null }
  | { kind: 'pooled'; label: string; cells: string[]; weight: number; ci: Interval; total: boolean }
  | { kind: 'prediction'; label: string; pi: { lb: number; ub: number } }
  | { kind: 'note'; text: string };

export interface ForestModel {
  title: string;
  /** Column headers of the data columns, as [group heading, column name]; the group heading spans equal neighbours. */
  dataColumns: { group: string; name: string }[];
  estimateHeader: [string, string];
  rows: ForestRow[];
  axis: Axis;
  favours: [string, string] | null;
  /** Lines under the plot: heterogeneity, tests, notes. */
  footer: string[];
  rob: RobColumns | null;
  /** Digits for estimates and CIs. */
  digits: number;
}

const RATIO: readonly Measure[] = ['RR', 'OR'];
const PROPORTION: readonly Measure[] = ['PR', 'PLO', 'PAS', 'PFT'];

export const MEASURE_NAMES: Record<Measure, string> = {
  RR: 'Risk ratio', OR: 'Odds ratio', RD: 'Risk difference', MD: 'Mean difference', SMD: 'Standardised mean difference',
  MC: 'Mean change', GEN: 'Effect size', PR: 'Proportion', PLO: 'Proportion', PAS: 'Proportion', PFT: 'Proportion',
};

/** The axis label a reader understands: the quantity, and "(log scale)" where the axis is logarithmic. */
export function plainAxisLabel(measure: Measure): string {
  if (RATIO.includes(measure)) return `${MEASURE_NAMES[measure]} (log scale)`;
  if (measure === 'SMD') return "Standardised mean difference (Hedges' g)";
  if (measure === 'MC') return 'Mean change (first minus second measurement)';
  return MEASURE_NAMES[measure];
}

/** Display-scale interval of a study: the back-transformed one where there is one (ratio, proportion). */
function studyInterval(r: MetaResult, s: StudyEffect): Interval {
  return r.transformed && s.transformed ? { est: s.transformed.estimate, lb: s.transformed.ciLb, ub: s.transformed.ciUb } : { est: s.yi, lb: s.ciLb, ub: s.ciUb };
}

const num = (v: number | null, d = 0) => (v === null ? '' : v.toFixed(d));
/** Up to `d` decimals, trailing zeros kept only as far as the input has them (means and SDs as entered). */
const asGiven = (v: number | null) => (v === null ? '' : String(Number(v.toPrecision(6))));

function dataColumns(studies: readonly StudyEffect[]): { group: string; name: string }[] {
  const kind = studies[0]?.data.kind ?? 'generic';
  switch (kind) {
    case 'proportion': return [{ group: '', name: 'Events' }, { group: '', name: 'Total' }];
    case '2x2': return [{ group: 'Experimental', name: 'Events' }, { group: 'Experimental', name: 'Total' }, { group: 'Control', name: 'Events' }, { group: 'Control', name: 'Total' }];
    case 'means': return ['Experimental', 'Control'].flatMap((g) => [{ group: g, name: 'Mean' }, { group: g, name: 'SD' }, { group: g, name: 'Total' }]);
    case 'change': return [{ group: '', name: 'Before' }, { group: '', name: 'After' }, { group: '', name: 'n' }];
    default: return [];
  }
}

function studyCells(s: StudyEffect): string[] {
  const d = s.data;
  switch (d.kind) {
    case 'proportion': return [num(d.events), num(d.total)];
    case '2x2': return [num(d.events1), num(d.total1), num(d.events2), num(d.total2)];
    case 'means': return [asGiven(d.mean1), asGiven(d.sd1), num(d.n1), asGiven(d.mean2), asGiven(d.sd2), num(d.n2)];
    case 'change': return [asGiven(d.before), asGiven(d.after), num(d.n)];
    default: return [];
  }
}

/** Sums of the count columns over a set of studies (RevMan's subtotal and total rows); blank where not a count. */
function totalCells(studies: readonly StudyEffect[], width: number): string[] {
  const sum = (pick: (s: StudyEffect) => number | null) => {
    const values = studies.map(pick);
    return values.some((v) => v === null) ? '' : String(values.reduce((a, b) => a! + b!, 0));
  };
  const kind = studies[0]?.data.kind;
  const get = <K extends string>(k: K) => (s: StudyEffect) => (s.data as unknown as Record<K, number | null>)[k] ?? null;
  if (kind === 'proportion') return [sum(get('events')), sum(get('total'))];
  if (kind === '2x2') return [sum(get('events1')), sum(get('total1')), sum(get('events2')), sum(get('total2'))];
  if (kind === 'means') return ['', '', sum(get('n1')), '', '', sum(get('n2'))];
  if (kind === 'change') return ['', '', sum(get('n'))];
  return Array.from({ length: width }, () => '');
}

/** p as journals print it: "< 0.001", else 2 significant decimals (3 below 0.01). */
export function formatP(p: number | null): string {
  if (p === null || Number.isNaN(p)) return 'p = NA';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

const fixed = (x: number | null, d: number) => (x === null || !Number.isFinite(x) ? 'NA' : x.toFixed(d));

export function heterogeneityText(h: { tau2: number; I2: number | null; Q: number | null; Qdf: number; Qp: number | null }, fixedEffect: boolean): string {
  const tau = fixedEffect ? '' : `τ² = ${fixed(h.tau2, h.tau2 < 0.01 && h.tau2 > 0 ? 4 : 2)}; `;
  return `Heterogeneity: ${tau}I² = ${h.I2 === null ? 'NA' : `${Math.round(h.I2)}%`}; Q = ${fixed(h.Q, 2)}, df = ${h.Qdf} (${formatP(h.Qp)})`;
}

function overallTest(m: { zval: number | null; tval: number | null; pval: number; ddf?: number | null }): string {
  return m.zval !== null ? `Test for overall effect: z = ${fixed(m.zval, 2)} (${formatP(m.pval)})` : `Test for overall effect: t = ${fixed(m.tval, 2)}${m.ddf ? `, df = ${m.ddf}` : ''} (${formatP(m.pval)})`;
}

function sortStudies(studies: StudyEffect[], r: MetaResult, key: SortKey | undefined): StudyEffect[] {
  if (!key) return studies;
  const by: Record<SortKey, (a: StudyEffect, b: StudyEffect) => number> = {
    year: (a, b) => (a.year ?? Infinity) - (b.year ?? Infinity),
    estimate: (a, b) => studyInterval(r, a).est - studyInterval(r, b).est,
    weight: (a, b) => b.weight - a.weight,
  };
  // Array.prototype.sort is stable: ties keep the input order.
  return [...studies].sort(by[key]);
}

/** Nice ticks: 1-2-5 steps on a log axis (always including 1), 1-2-2.5-5 steps on a linear one. */
export function axisTicks(scale: Scale, lo: number, hi: number): { lo: number; hi: number; ticks: number[] } {
  if (scale === 'log') {
    const candidates: number[] = [];
    for (let e = -6; e <= 6; e++) for (const m of [1, 2, 5]) candidates.push(Number((m * 10 ** e).toPrecision(3)));
    const a = [...candidates].reverse().find((c) => c <= lo * (1 + 1e-9)) ?? candidates[0]!;
    const b = candidates.find((c) => c >= hi * (1 - 1e-9)) ?? candidates[candidates.length - 1]!;
    let ticks = candidates.filter((c) => c >= a && c <= b);
    // Too many ticks to label: keep the powers of ten (and the ends).
    if (ticks.length > 9) ticks = ticks.filter((c, i) => i === 0 || i === ticks.length - 1 || Math.abs(Math.log10(c) - Math.round(Math.log10(c))) < 1e-9);
    return { lo: a, hi: b, ticks };
  }
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; a + i * step <= b + step * 1e-9; i++) ticks.push(Number((a + i * step).toPrecision(10)));
  return { lo: ticks[0]!, hi: ticks[ticks.length - 1]!, ticks };
}

export function forestModel(r: MetaResult, options: ForestOptions = {}): ForestModel {
  const measure = r.measure;
  const scale: Scale = RATIO.includes(measure) ? 'log' : 'linear';
  const proportion = PROPORTION.includes(measure);
  const nullValue = RATIO.includes(measure) ? 1 : proportion ? null : 0;
  const digits = proportion ? 3 : 2;
  const fixedEffect = r.method === 'FE' || r.method === 'EE';
  const levelPct = Math.round(r.level * 100);
  const pred = r.transformed ?? r.prediction;
  const pooled: Interval = { est: pred.pred, lb: pred.ciLb, ub: pred.ciUb };
  const pi = !fixedEffect && pred.piLb !== null && pred.piUb !== null && r.k > 1 ? { lb: pred.piLb, ub: pred.piUb } : null;
  const columns = dataColumns(r.studies);
  const fmtCi = (i: Interval) => `${fixed(i.est, digits)} [${fixed(i.lb, digits)}, ${fixed(i.ub, digits)}]`;
  const robFor = (s: StudyEffect) => (options.rob ? (s.ref !== null ? options.rob.byRef.get(s.ref) ?? {} : {}) : null);
  const studyRow = (s: StudyEffect): ForestRow => {
    const ci = studyInterval(r, s);
    return { kind: 'study', label: s.label, ref: s.ref, cells: [...align(studyCells(s)), `${s.weight.toFixed(1)}%`, fmtCi(ci)], weight: s.weight, ci, rob: robFor(s) };
  };
  // Means and SDs keep as many decimals as the most precise value of their column (13.0 beside 12.5, not 13).
  const decimals = columns.map((_, j) => Math.max(0, ...r.studies.map((s) => (studyCells(s)[j]?.split('.')[1] ?? '').length)));
  const align = (cells: string[]) => cells.map((c, j) => (j < columns.length && c !== '' && decimals[j]! > 0 && !/^(Total|n)$/.test(columns[j]!.name) ? Number(c).toFixed(decimals[j]) : c));
  const rows: ForestRow[] = [];
  const footer: string[] = [];
  const modelName = fixedEffect ? `Common-effect model (${r.method})` : `Random-effects model (${r.method})`;
  if (r.subgroups) {
    for (const g of r.subgroups.levels) {
      const members = sortStudies(r.studies.filter((s) => (s.group ?? '') === g.level), r, options.sort);
      rows.push({ kind: 'heading', text: g.level });
      rows.push(...members.map(studyRow));
      const gi: Interval = g.transformed ? { est: g.transformed.estimate, lb: g.transformed.ciLb, ub: g.transformed.ciUb } : { est: g.estimate, lb: g.ciLb, ub: g.ciUb };
      const weight = members.reduce((a, s) => a + s.weight, 0);
      rows.push({ kind: 'pooled', label: `Subtotal (k = ${g.k})`, cells: [...totalCells(members, columns.length), `${weight.toFixed(1)}%`, fmtCi(gi)], weight, ci: gi, total: false });
      if (g.k > 1) rows.push({ kind: 'note', text: heterogeneityText({ tau2: g.tau2, I2: g.I2, Q: g.Q, Qdf: g.Qdf, Qp: g.Qp }, fixedEffect) });
    }
  } else {
    rows.push(...sortStudies(r.studies, r, options.sort).map(studyRow));
  }
  rows.push({ kind: 'pooled', label: r.subgroups ? `Total: ${modelName}` : modelName, cells: [...totalCells(r.studies, columns.length), '100.0%', fmtCi(pooled)], weight: 100, ci: pooled, total: true });
  if (pi) rows.push({ kind: 'prediction', label: `${levelPct}% prediction interval`, pi });
  if (r.k > 1) footer.push(heterogeneityText(r.model, fixedEffect));
  footer.push(overallTest(r.model));
  if (r.subgroups) {
    const s = r.subgroups;
    footer.push(`Test for subgroup differences: Q = ${fixed(s.Qb, 2)}, df = ${s.Qbdf} (${formatP(s.Qbp)}), I² = ${Math.round(s.I2b)}%`);
  }
  if (proportion && measure !== 'PR') footer.push(`Proportions pooled on the ${measure === 'PLO' ? 'logit' : measure === 'PAS' ? 'arcsine' : 'Freeman-Tukey'} scale and shown back-transformed.`);
  if (options.rob) footer.push(...options.rob.notes);

  // The axis covers the studies' intervals, the pooled ones and the null value, but a single very wide interval
  // does not squeeze the rest: beyond 1.5 times the core span it is cut and drawn with an arrow (as metafor does).
  const u = (x: number) => (scale === 'log' ? Math.log(x) : x);
  const iu = (x: number) => (scale === 'log' ? Math.exp(x) : x);
  const intervals = rows.flatMap((row) => (row.kind === 'study' || row.kind === 'pooled' ? [row.ci] : row.kind === 'prediction' ? [{ est: row.pi.lb, lb: row.pi.lb, ub: row.pi.ub }] : []));
  const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(u(x)));
  const core = finite([...intervals.map((i) => i.est), pooled.lb, pooled.ub, ...(nullValue !== null ? [nullValue] : [])]).map(u);
  const coreLo = Math.min(...core);
  const coreHi = Math.max(...core);
  const spread = Math.max(coreHi - coreLo, scale === 'log' ? Math.log(2) : Math.abs(coreHi) * 0.2 || 0.1);
  let lo = Math.max(Math.min(...finite(intervals.map((i) => i.lb)).map(u), coreLo), coreLo - 1.5 * spread);
  let hi = Math.min(Math.max(...finite(intervals.map((i) => i.ub)).map(u), coreHi), coreHi + 1.5 * spread);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  let range = { lo: iu(lo), hi: iu(hi) };
  if (proportion) range = { lo: Math.max(0, range.lo), hi: Math.min(1, range.hi) };
  const t = axisTicks(scale, range.lo, range.hi);
  const axis: Axis = {
    scale,
    lo: proportion ? Math.max(0, t.lo) : t.lo,
    hi: proportion ? Math.min(1, t.hi) : t.hi,
    ticks: t.ticks.filter((x) => !proportion || (x >= 0 && x <= 1)),
    nullValue,
    label: options.axisLabel ?? plainAxisLabel(measure),
  };
  const method = fixedEffect ? 'IV, common' : 'IV, random';
  return {
    title: options.title ?? `${MEASURE_NAMES[measure]}: ${fixedEffect ? 'common-effect' : 'random-effects'} meta-analysis of ${r.k} ${r.k === 1 ? 'study' : 'studies'}`,
    dataColumns: columns,
    estimateHeader: [MEASURE_NAMES[measure], `${method}, ${levelPct}% CI`],
    rows,
    axis,
    favours: options.favours ?? null,
    footer,
    rob: options.rob ?? null,
    digits,
  };
}
