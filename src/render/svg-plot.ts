// The frame shared by the funnel, bubble, Baujat and cumulative plots: nice tick values, linear
// scales, and axes drawn as plain SVG (no scripts, no external fonts). Tick marks carry
// data-value so tests can check that a point sits at its value on the axis.
import { escapeXml as esc } from '../format/xml.js';

/** About n "nice" tick values (1, 2, 2.5, 5 x 10^k steps) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const span = hi - lo;
  const step0 = 10 ** Math.floor(Math.log10(span / n));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * step0).find((s) => span / s <= n) ?? step0 * 10;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toFixed(12)));
  return out;
}

/** Widen [lo, hi] to the ticks around it, with a small pad when the range is empty. */
export function niceRange(values: readonly number[], includeZero = false): [number, number] {
  const v = values.filter(Number.isFinite);
  let lo = Math.min(...v, ...(includeZero ? [0] : []));
  let hi = Math.max(...v, ...(includeZero ? [0] : []));
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.04;
  const t = niceTicks(lo - pad, hi + pad);
  const step = t.length > 1 ? t[1]! - t[0]! : hi - lo;
  const from = Number((Math.floor((lo - pad) / step) * step).toFixed(12));
  // a quantity that cannot be negative (an SE, a squared residual): axis from 0, with a little room below
  return [lo >= 0 && from < 0 ? -pad : from, Number((Math.ceil((hi + pad) / step) * step).toFixed(12))];
}

export interface Scale {
  (v: number): number;
  lo: number;
  hi: number;
}

/** Linear map of [lo, hi] to [a, b] (b < a for an upward y axis). */
export function linear(lo: number, hi: number, a: number, b: number): Scale {
  const f = ((v: number) => a + ((v - lo) / (hi - lo || 1)) * (b - a)) as Scale;
  f.lo = lo;
  f.hi = hi;
  return f;
}

/** Number for a tick label: up to 4 significant digits, no trailing zeros. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  return String(Number(v.toPrecision(4)));
}

export const r2 = (v: number) => Math.round(v * 100) / 100;

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function svgOpen(f: Frame, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    title ? `<text x="${f.width / 2}" y="22" font-size="15" font-weight="bold" text-anchor="middle">${esc(title)}</text>` : '',
  ];
}

/** Bottom x axis with ticks and a title; `label` formats the tick text (e.g. a back-transformation). */
export function xAxis(f: Frame, x: Scale, ticks: readonly number[], title: string, label: (v: number) => string = tickLabel): string[] {
  const y = f.height - f.bottom;
  const out = [`<g class="x-axis"><line x1="${r2(f.left)}" y1="${y}" x2="${r2(f.width - f.right)}" y2="${y}" stroke="black"/>`];
  for (const t of ticks) {
    const px = r2(x(t));
    out.push(`<line class="tick" data-value="${t}" x1="${px}" y1="${y}" x2="${px}" y2="${y + 5}" stroke="black"/><text x="${px}" y="${y + 18}" text-anchor="middle">${esc(label(t))}</text>`);
  }
  out.push(`<text x="${r2((f.left + f.width - f.right) / 2)}" y="${y + 38}" text-anchor="middle">${esc(title)}</text></g>`);
  return out;
}

/** Left y axis with ticks and a rotated title. */
export function yAxis(f: Frame, y: Scale, ticks: readonly number[], title: string, label: (v: number) => string = tickLabel): string[] {
  const x = f.left;
  const out = [`<g class="y-axis"><line x1="${x}" y1="${r2(f.top)}" x2="${x}" y2="${r2(f.height - f.bottom)}" stroke="black"/>`];
  for (const t of ticks) {
    const py = r2(y(t));
    out.push(`<line class="tick" data-value="${t}" x1="${x - 5}" y1="${py}" x2="${x}" y2="${py}" stroke="black"/><text x="${x - 8}" y="${py + 4}" text-anchor="end">${esc(label(t))}</text>`);
  }
  const cy = r2((f.top + f.height - f.bottom) / 2);
  out.push(`<text transform="translate(${x - 48} ${cy}) rotate(-90)" text-anchor="middle">${esc(title)}</text></g>`);
  return out;
}
