// Cumulative forest plot as metafor's forest(cumul(res)): one row per step, "+ <study>" meaning the
// estimate after adding that study to all the ones above it, drawn as a point with its CI, with
// the numbers (and tau^2, I^2) in columns on the right.
import { escapeXml as esc } from '../format/xml.js';
import { linear, niceTicks, r2, tickLabel, type Frame } from './svg-plot.js';

export interface CumulativePlotRow {
  label: string;
  /** Value of the accumulation column (e.g. the year). */
  by: string;
  estimate: number;
  ci_lb: number;
  ci_ub: number;
  tau2: number | null;
  I2: number | null;
}

export interface CumulativePlotInput {
  title?: string;
  byName: string;
  rows: CumulativePlotRow[];
  level: number;
  xLabel: string;
  /** Back-transformation for the numbers and tick labels (exp for ratios); identity by default. */
  transf?: (v: number) => number;
  /** Ratio measure (exp back-transformation): ticks at 0.5, 1, 2, ...; otherwise a proportion: 0.01, 0.02, 0.05, ... */
  ratio?: boolean;
  /** Reference line (null effect on the analysis scale), when meaningful. */
  nullValue?: number | null;
}

export function cumulativeSvg(input: CumulativePlotInput): string {
  const rowH = 22;
  const labelW = 300;
  const plotW = 300;
  const numW = 300;
  const top = input.title ? 64 : 40;
  const n = input.rows.length;
  const f: Frame = { width: labelW + plotW + numW, height: top + n * rowH + 70, left: labelW, right: numW, top, bottom: 70 };
  const values = input.rows.flatMap((r) => [r.estimate, r.ci_lb, r.ci_ub]).filter(Number.isFinite);
  if (input.nullValue !== undefined && input.nullValue !== null) values.push(input.nullValue);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const t = input.transf ?? ((v: number) => v);
  let ticks: number[];
  if (input.transf) {
    // ticks at round values of the back-transformed scale (ratios: 0.1, 0.2, 0.5, 1, 2, ...), placed
    // on the analysis scale by inverting the (increasing) back-transformation numerically
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    const [tl, th] = [t(lo), t(hi)];
    const candidates = input.ratio
      ? [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]
      : [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];
    let wanted = candidates.filter((v) => v >= tl && v <= th);
    if (wanted.length < 3) wanted = niceTicks(tl, th).filter((v) => v >= tl && v <= th);
    ticks = wanted.map((v) => invert(t, v, lo, hi));
  } else {
    ticks = niceTicks(lo, hi);
    const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : hi - lo;
    lo = Math.min(lo, ticks[0]!);
    hi = Math.max(hi, ticks[ticks.length - 1]!);
    if (ticks[0]! > lo) ticks.unshift(Number((ticks[0]! - step).toFixed(12)));
  }
  const x = linear(lo, hi, labelW, labelW + plotW);
  const fmt = (v: number | null, d = 3) => (v === null || !Number.isFinite(v) ? 'NA' : v.toFixed(d));
  const pct = Math.round(input.level * 100);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(input.title || 'Cumulative forest plot')}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (input.title) parts.push(`<text x="10" y="24" font-size="15" font-weight="bold">${esc(input.title)}</text>`);
  const hy = top - 12;
  parts.push(
    `<text x="10" y="${hy}" font-weight="bold">Study added (in order of ${esc(input.byName)})</text>`,
    `<text x="${labelW + plotW + 12}" y="${hy}" font-weight="bold">Estimate [${pct}% CI]</text>`,
    `<text x="${labelW + plotW + 190}" y="${hy}" font-weight="bold">τ²</text>`,
    `<text x="${labelW + plotW + 250}" y="${hy}" font-weight="bold">I²</text>`,
  );
  if (input.nullValue !== undefined && input.nullValue !== null && input.nullValue >= lo && input.nullValue <= hi) {
    parts.push(`<line class="null" x1="${r2(x(input.nullValue))}" y1="${top - 4}" x2="${r2(x(input.nullValue))}" y2="${top + n * rowH}" stroke="#888" stroke-dasharray="4 3"/>`);
  }
  input.rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    const label = `+ ${r.label}${r.by ? ` (${r.by})` : ''}`;
    const ok = [r.estimate, r.ci_lb, r.ci_ub].every(Number.isFinite);
    parts.push(`<g class="step" data-estimate="${r.estimate}"><text x="10" y="${r2(cy + 4)}">${esc(label.length > 46 ? `${label.slice(0, 45)}…` : label)}</text>`);
    if (ok) {
      const clipL = Math.max(r.ci_lb, lo);
      const clipU = Math.min(r.ci_ub, hi);
      parts.push(`<line x1="${r2(x(clipL))}" y1="${r2(cy)}" x2="${r2(x(clipU))}" y2="${r2(cy)}" stroke="black"/>`);
      parts.push(`<rect class="point" x="${r2(x(r.estimate) - 3.5)}" y="${r2(cy - 3.5)}" width="7" height="7" fill="black"/>`);
    }
    const [a, b] = [t(r.ci_lb), t(r.ci_ub)].sort((p, q) => p - q);
    parts.push(
      `<text x="${labelW + plotW + 12}" y="${r2(cy + 4)}">${fmt(t(r.estimate))} [${fmt(a!)}, ${fmt(b!)}]</text>`,
      `<text x="${labelW + plotW + 190}" y="${r2(cy + 4)}">${fmt(r.tau2, 4)}</text>`,
      `<text x="${labelW + plotW + 250}" y="${r2(cy + 4)}">${r.I2 === null || !Number.isFinite(r.I2) ? 'NA' : `${r.I2.toFixed(1)}%`}</text></g>`,
    );
  });
  const ay = top + n * rowH + 8;
  parts.push(`<g class="x-axis"><line x1="${labelW}" y1="${ay}" x2="${labelW + plotW}" y2="${ay}" stroke="black"/>`);
  let last = -Infinity;
  for (const tk of ticks) {
    if (tk < lo - 1e-12 || tk > hi + 1e-12) continue;
    if (x(tk) - last < 42) continue; // keep the labels apart
    last = x(tk);
    parts.push(`<line class="tick" data-value="${tk}" x1="${r2(x(tk))}" y1="${ay}" x2="${r2(x(tk))}" y2="${ay + 5}" stroke="black"/><text x="${r2(x(tk))}" y="${ay + 18}" text-anchor="middle">${esc(tickLabel(t(tk)))}</text>`);
  }
  parts.push(`<text x="${labelW + plotW / 2}" y="${ay + 36}" text-anchor="middle">${esc(input.xLabel)}</text></g>`);
  parts.push(`<text x="10" y="${f.height - 10}" font-size="11" fill="#333">Each row pools the studies in that row and every row above it.</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** The x in [lo, hi] with f(x) = target, for an increasing f (bisection to machine precision). */
function invert(f: (v: number) => number, target: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200 && b - a > 1e-14 * Math.max(1, Math.abs(a) + Math.abs(b)); i++) {
    const m = (a + b) / 2;
    if (f(m) < target) a = m;
    else b = m;
  }
  return (a + b) / 2;
}
