// Baujat plot as metafor's baujat(): each study's squared Pearson residual (its contribution to the
// heterogeneity; x) against its influence on the pooled result (y), drawn as its number; the key
// below the plot names the studies.
import { escapeXml as esc } from '../format/xml.js';
import { linear, niceRange, niceTicks, r2, svgOpen, xAxis, yAxis, type Frame } from './svg-plot.js';

export function baujatSvg(points: { label: string; x: number; y: number }[], options: { title?: string; fixed?: boolean } = {}): string {
  const shown = points.map((p, i) => ({ ...p, id: i + 1 })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const keyRows = Math.ceil(points.length / 2);
  const f: Frame = { width: 640, height: 480 + keyRows * 15, left: 80, right: 30, top: options.title ? 44 : 20, bottom: 70 + keyRows * 15 };
  const [xlo, xhi] = niceRange(shown.map((p) => p.x), true);
  const [ylo, yhi] = niceRange(shown.map((p) => p.y), true);
  const x = linear(xlo, xhi, f.left, f.width - f.right);
  const y = linear(ylo, yhi, f.height - f.bottom, f.top);
  const parts = svgOpen(f, options.title ?? '');
  const xt = niceTicks(xlo, xhi);
  const yt = niceTicks(ylo, yhi);
  for (const t of xt) parts.push(`<line x1="${r2(x(t))}" y1="${f.top}" x2="${r2(x(t))}" y2="${f.height - f.bottom}" stroke="#e0e0e0"/>`);
  for (const t of yt) parts.push(`<line x1="${f.left}" y1="${r2(y(t))}" x2="${f.width - f.right}" y2="${r2(y(t))}" stroke="#e0e0e0"/>`);
  parts.push(`<rect x="${f.left}" y="${f.top}" width="${f.width - f.right - f.left}" height="${f.height - f.bottom - f.top}" fill="none" stroke="black"/>`);
  for (const p of shown) {
    parts.push(`<text class="study" data-x="${p.x}" data-y="${p.y}" x="${r2(x(p.x))}" y="${r2(y(p.y) + 4)}" text-anchor="middle" font-weight="bold"><title>${esc(p.label)}</title>${p.id}</text>`);
  }
  parts.push(
    ...xAxis(f, x, xt, options.fixed ? 'Contribution to overall heterogeneity' : 'Squared Pearson residual (contribution to heterogeneity)'),
    ...yAxis(f, y, yt, 'Influence on overall result'),
  );
  const ky = f.height - f.bottom + 58;
  points.forEach((p, i) => {
    const col = i < keyRows ? 0 : 1;
    const row = i < keyRows ? i : i - keyRows;
    const missing = !(Number.isFinite(p.x) && Number.isFinite(p.y)) ? ' (refit failed: not shown)' : '';
    parts.push(`<text x="${f.left + col * 280}" y="${ky + row * 15}" font-size="11">${i + 1}  ${esc(p.label.length > 38 ? `${p.label.slice(0, 37)}…` : p.label)}${missing}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
