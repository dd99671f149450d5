// A forest plot as one standalone SVG (no scripts, no external fonts): study rows with CIs and squares
// sized by weight, the pooled diamond, the prediction interval as a line, an axis with ticks.
import type { MetaResult } from '../synthesis/run.js';

import { escapeXml as esc } from '../format/xml.js';

function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / n));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => span / s <= n) ?? step * 10;
  const out: number[] = [];
  for (let t = Math.ceil(lo / nice) * nice; t <= hi + 1e-12; t += nice) out.push(Number(t.toFixed(10)));
  return out;
}

export function forestSvg(r: MetaResult, title = ''): string {
  const useT = r.transformed !== null;
  const rows = r.studies.map((s) => ({ label: s.label, w: s.weight, v: useT && s.transformed ? [s.transformed.estimate, s.transformed.ciLb, s.transformed.ciUb] : [s.yi, s.ciLb, s.ciUb] }));
  const p = useT ? r.transformed! : r.prediction;
  const pooled = [p.pred, p.ciLb, p.ciUb];
  const pi = p.piLb !== null && p.piUb !== null ? [p.piLb, p.piUb] : null;
  const values = [...rows.flatMap((x) => x.v), ...pooled, ...(pi ?? [])].filter(Number.isFinite);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (useT && r.scale?.startsWith('proportion')) [lo, hi] = [Math.max(0, lo), Math.min(1, hi)];
  const labelW = 300;
  const plotW = 360;
  const numW = 220;
  const rowH = 22;
  const top = title ? 50 : 30;
  const height = top + (rows.length + 3) * rowH + 40;
  const width = labelW + plotW + numW;
  const x = (v: number) => labelW + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * plotW;
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'NA');
  const maxW = Math.max(...rows.map((q) => q.w), 1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title || 'Forest plot')}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  if (title) parts.push(`<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`);
  parts.push(`<text x="10" y="${top - 8}" font-weight="bold">Study</text><text x="${labelW + plotW + 10}" y="${top - 8}" font-weight="bold">Estimate [${Math.round(r.level * 100)}% CI]   Weight</text>`);
  rows.forEach((q, i) => {
    const y = top + i * rowH + rowH / 2;
    const [e, l, u] = q.v as [number, number, number];
    const size = 4 + 8 * Math.sqrt(q.w / maxW);
    parts.push(
      `<g class="study"><text x="10" y="${y + 4}">${esc(q.label)}</text>`,
      `<line x1="${x(l)}" y1="${y}" x2="${x(u)}" y2="${y}" stroke="black"/>`,
      `<rect x="${x(e) - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" fill="black"/>`,
      `<text x="${labelW + plotW + 10}" y="${y + 4}">${fmt(e)} [${fmt(l)}, ${fmt(u)}]   ${q.w.toFixed(1)}%</text></g>`,
    );
  });
  const yp = top + (rows.length + 0.7) * rowH;
  const [pe, pl, pu] = pooled as [number, number, number];
  parts.push(`<g class="pooled"><text x="10" y="${yp + 4}" font-weight="bold">${r.method === 'FE' || r.method === 'EE' ? 'Equal-effects model' : `Random-effects model (${r.method})`}</text>`);
  parts.push(`<polygon points="${x(pl)},${yp} ${x(pe)},${yp - 7} ${x(pu)},${yp} ${x(pe)},${yp + 7}" fill="#444"/>`);
  parts.push(`<text x="${labelW + plotW + 10}" y="${yp + 4}" font-weight="bold">${fmt(pe)} [${fmt(pl)}, ${fmt(pu)}]   100%</text></g>`);
  if (pi) {
    const ypi = yp + rowH;
    parts.push(`<g class="prediction"><text x="10" y="${ypi + 4}">Prediction interval</text><line x1="${x(pi[0]!)}" y1="${ypi}" x2="${x(pi[1]!)}" y2="${ypi}" stroke="#444" stroke-dasharray="4 3"/><text x="${labelW + plotW + 10}" y="${ypi + 4}">[${fmt(pi[0]!)}, ${fmt(pi[1]!)}]</text></g>`);
  }
  const ya = top + (rows.length + 2.2) * rowH;
  parts.push(`<line x1="${labelW}" y1="${ya}" x2="${labelW + plotW}" y2="${ya}" stroke="black"/>`);
  for (const t of ticks(lo, hi)) parts.push(`<line x1="${x(t)}" y1="${ya}" x2="${x(t)}" y2="${ya + 5}" stroke="black"/><text x="${x(t)}" y="${ya + 18}" text-anchor="middle">${t}</text>`);
  parts.push(`<text x="${labelW + plotW / 2}" y="${ya + 34}" text-anchor="middle">${esc(useT ? r.scale ?? '' : `${r.measure}`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
