// Funnel plot as metafor's funnel(): effect sizes (x) against their standard errors (y, 0 at the
// top), a vertical line at the pooled estimate, and the pseudo-confidence region estimate +-
// z(1 - alpha/2) SE shaded white on a light grey background. Studies imputed by trim and fill
// are drawn as open circles and the line is then at the filled-in estimate, as funnel(trimfill(res)).
import { escapeXml as esc } from '../format/xml.js';
import { linear, niceRange, niceTicks, r2, svgOpen, xAxis, yAxis, type Frame } from './svg-plot.js';

export interface FunnelInput {
  title?: string;
  /** Observed studies on the analysis scale. */
  studies: { label: string; yi: number; vi: number }[];
  /** Trim-and-fill imputed studies (drawn open). */
  filled?: { yi: number; vi: number }[];
  /** Reference line: the pooled estimate (of the filled-in data when there are filled studies). */
  estimate: number;
  /** Confidence level of the pseudo-confidence region (0.95). */
  level: number;
  /** z(1 - alpha/2) for `level`. */
  crit: number;
  /** Axis title for the effect sizes, e.g. "log risk ratio". */
  xLabel: string;
  /** Formats an x tick (a back-transformation: exp for ratios); default the value itself. */
  xTick?: (v: number) => string;
  note?: string;
}

export function funnelSvg(input: FunnelInput): string {
  const f: Frame = { width: 640, height: 500, left: 80, right: 30, top: input.title ? 44 : 20, bottom: input.note ? 80 : 60 };
  const all = [...input.studies, ...(input.filled ?? [])];
  const sei = all.map((s) => Math.sqrt(s.vi));
  const maxSe = Math.max(...sei);
  const [ylo, yhi] = niceRange([0, maxSe], true);
  const seTop = Math.max(yhi, 0);
  const y = linear(0, seTop, f.top, f.height - f.bottom); // 0 at the top, as metafor
  const region = [input.estimate - input.crit * seTop, input.estimate + input.crit * seTop];
  const [xlo, xhi] = niceRange([...all.map((s) => s.yi), ...region]);
  const x = linear(xlo, xhi, f.left, f.width - f.right);
  const parts = svgOpen(f, input.title ?? '');
  const left = f.left;
  const right = f.width - f.right;
  const clipId = 'funnel-area';
  parts.push(`<clipPath id="${clipId}"><rect x="${left}" y="${f.top}" width="${right - left}" height="${f.height - f.bottom - f.top}"/></clipPath>`);
  parts.push(`<rect class="background" x="${left}" y="${f.top}" width="${right - left}" height="${f.height - f.bottom - f.top}" fill="#d3d3d3"/>`);
  for (const t of niceTicks(ylo < 0 ? 0 : ylo, seTop)) parts.push(`<line x1="${left}" y1="${r2(y(t))}" x2="${right}" y2="${r2(y(t))}" stroke="white"/>`);
  parts.push(
    `<polygon class="region" clip-path="url(#${clipId})" points="${r2(x(input.estimate))},${r2(y(0))} ${r2(x(region[0]!))},${r2(y(seTop))} ${r2(x(region[1]!))},${r2(y(seTop))}" fill="white" stroke="black" stroke-dasharray="3 3"/>`,
    `<line class="estimate" data-value="${input.estimate}" x1="${r2(x(input.estimate))}" y1="${r2(y(0))}" x2="${r2(x(input.estimate))}" y2="${r2(y(seTop))}" stroke="black"/>`,
  );
  input.studies.forEach((s, i) => {
    parts.push(`<circle class="study" data-yi="${s.yi}" data-se="${sei[i]}" cx="${r2(x(s.yi))}" cy="${r2(y(sei[i]!))}" r="4.5" fill="black"><title>${esc(s.label)}: ${s.yi.toFixed(3)} (SE ${sei[i]!.toFixed(3)})</title></circle>`);
  });
  (input.filled ?? []).forEach((s, j) => {
    const se = Math.sqrt(s.vi);
    parts.push(`<circle class="filled" data-yi="${s.yi}" data-se="${se}" cx="${r2(x(s.yi))}" cy="${r2(y(se))}" r="4.5" fill="white" stroke="black" stroke-width="1.2"><title>Filled ${j + 1}: ${s.yi.toFixed(3)} (SE ${se.toFixed(3)})</title></circle>`);
  });
  parts.push(...xAxis(f, x, niceTicks(xlo, xhi), input.xLabel, input.xTick), ...yAxis(f, y, niceTicks(0, seTop), 'Standard error'));
  const legend = `${Math.round(input.level * 100)}% pseudo-confidence region around the ${input.filled?.length ? 'trim-and-fill ' : 'pooled '}estimate${input.filled?.length ? `; open circles: ${input.filled.length} imputed stud${input.filled.length === 1 ? 'y' : 'ies'}` : ''}`;
  parts.push(`<text class="legend" x="${left}" y="${f.height - f.bottom + 56}" font-size="11" fill="#333">${esc(legend)}</text>`);
  if (input.note) parts.push(`<text class="note" x="${left}" y="${f.height - f.bottom + 72}" font-size="11" fill="#a00">${esc(input.note)}</text>`);
  parts.push('</svg>');
  return parts.filter(Boolean).join('\n') + '\n';
}
