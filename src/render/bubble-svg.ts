// Bubble plot as metafor's regplot() for a meta-regression on one numeric moderator: each study at
// (moderator, effect size) with the area of its bubble growing with its weight in the model
// (metafor's default: point sizes from 0.5 to 3.5 times the base size, linear in the weights), the
// fitted line, and its confidence band.
import { escapeXml as esc } from '../format/xml.js';
import { linear, niceRange, niceTicks, r2, svgOpen, xAxis, yAxis, type Frame } from './svg-plot.js';

export interface BubbleInput {
  title?: string;
  moderator: string;
  yLabel: string;
  studies: { label: string; x: number; yi: number; weight: number }[];
  /** The fitted line and CI band at increasing moderator values. */
  line: { x: number; pred: number; ciLb: number; ciUb: number }[];
  yTick?: (v: number) => string;
  level: number;
}

export function bubbleSvg(input: BubbleInput): string {
  const f: Frame = { width: 640, height: 480, left: 80, right: 30, top: input.title ? 44 : 20, bottom: 76 };
  const [xlo, xhi] = niceRange(input.studies.map((s) => s.x));
  const [ylo, yhi] = niceRange([...input.studies.map((s) => s.yi), ...input.line.flatMap((l) => [l.ciLb, l.ciUb])]);
  const x = linear(xlo, xhi, f.left, f.width - f.right);
  const y = linear(ylo, yhi, f.height - f.bottom, f.top);
  const parts = svgOpen(f, input.title ?? '');
  parts.push(`<clipPath id="bubble-area"><rect x="${f.left}" y="${f.top}" width="${f.width - f.right - f.left}" height="${f.height - f.bottom - f.top}"/></clipPath>`);
  parts.push(`<rect x="${f.left}" y="${f.top}" width="${f.width - f.right - f.left}" height="${f.height - f.bottom - f.top}" fill="none" stroke="black"/>`);
  const path = (key: 'pred' | 'ciLb' | 'ciUb') => input.line.map((l, i) => `${i ? 'L' : 'M'}${r2(x(l.x))},${r2(y(l[key]))}`).join(' ');
  const band = [...input.line.map((l) => `${r2(x(l.x))},${r2(y(l.ciUb))}`), ...[...input.line].reverse().map((l) => `${r2(x(l.x))},${r2(y(l.ciLb))}`)].join(' ');
  parts.push(
    `<g clip-path="url(#bubble-area)"><polygon class="ci-band" points="${band}" fill="#e6e6e6"/>`,
    `<path class="ci" d="${path('ciLb')}" fill="none" stroke="black" stroke-dasharray="5 4"/><path class="ci" d="${path('ciUb')}" fill="none" stroke="black" stroke-dasharray="5 4"/>`,
    `<path class="fit" d="${path('pred')}" fill="none" stroke="black" stroke-width="1.5"/></g>`,
  );
  const w = input.studies.map((s) => s.weight);
  const wmin = Math.min(...w);
  const wmax = Math.max(...w);
  // metafor regplot: psize = 0.5 + 3 (w - min) / (max - min) (cex units); 1 cex ~ a 3.5 px radius here
  const order = input.studies.map((_, i) => i).sort((a, b) => w[b]! - w[a]!); // big bubbles first, small on top
  for (const i of order) {
    const s = input.studies[i]!;
    const psize = wmax > wmin ? 0.5 + (3 * (s.weight - wmin)) / (wmax - wmin) : 1;
    parts.push(`<circle class="study" data-x="${s.x}" data-yi="${s.yi}" cx="${r2(x(s.x))}" cy="${r2(y(s.yi))}" r="${r2(3.5 * psize)}" fill="#a9a9a9" fill-opacity="0.8" stroke="black"><title>${esc(s.label)}: ${s.yi.toFixed(3)} at ${s.x} (weight ${s.weight.toFixed(1)}%)</title></circle>`);
  }
  parts.push(...xAxis(f, x, niceTicks(xlo, xhi), input.moderator), ...yAxis(f, y, niceTicks(ylo, yhi), input.yLabel, input.yTick));
  parts.push(`<text class="legend" x="${f.left}" y="${f.height - 12}" font-size="11" fill="#333">${esc(`Bubble area grows with the study's weight; line: fitted meta-regression with its ${Math.round(input.level * 100)}% CI (dashed)`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
