// A forest plot as one standalone SVG (no scripts, no external fonts), laid out by forest.ts: RevMan's column
// order (study, data per arm, weight, estimate with CI, the plot, risk of bias), metafor's axis conventions.
// It is at most 190 mm (A4 less 10 mm margins) wide: a wider layout is scaled down to that width.
import { escapeXml as esc } from '../format/xml.js';
import { axisFraction, forestModel, type ForestModel, type ForestOptions, type ForestRow } from '../synthesis/forest.js';
import type { MetaResult } from '../synthesis/run.js';

/** 190 mm at 96 px per inch: the printable width of an A4 page with 10 mm margins. */
export const A4_WIDTH_PX = 718;

const FONT = 'Helvetica, Arial, sans-serif';
const BODY = 11;
const SMALL = 10;

/** Width of a text in px, estimated generously (Chromium may draw Helvetica as Liberation Sans or DejaVu Sans). */
export function textWidth(text: string, size = BODY, bold = false): number {
  let w = 0;
  for (const ch of text) {
    w += /[0-9]/.test(ch) ? 0.6 : /[A-Z]/.test(ch) ? 0.7 : /[mwMW]/.test(ch) ? 0.85 : /[a-z]/.test(ch) ? 0.56 : ch === ' ' ? 0.3 : /[.,:;|!il'()[\]]/.test(ch) ? 0.32 : 0.6;
  }
  return w * size * (bold ? 1.08 : 1);
}

function truncateTo(text: string, px: number, size = BODY, bold = false): string {
  if (textWidth(text, size, bold) <= px) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size, bold) > px) break;
    out += ch;
  }
  return `${out}…`;
}

const fmtTick = (t: number) => String(Number(t.toPrecision(6)));

export function forestSvg(r: MetaResult, options: ForestOptions | string = {}): string {
  return renderForestSvg(forestModel(r, typeof options === 'string' ? { title: options || undefined } : options));
}

export function renderForestSvg(m: ForestModel): string {
  const x0 = 8;
  const rowH = 17;
  const gap = 12;
  const nData = m.dataColumns.length;
  // Rows with a long heterogeneity note are split so the note stays left of the plot.
  const labelRows = m.rows.filter((row): row is Extract<ForestRow, { label: string }> => 'label' in row);
  const studyW = Math.min(230, Math.max(textWidth('Study', BODY, true), ...labelRows.map((row) => textWidth(row.label, BODY, row.kind === 'pooled'))));
  const colTexts = (j: number) => m.rows.flatMap((row) => (row.kind === 'study' || row.kind === 'pooled' ? [textWidth(row.cells[j] ?? '', BODY, row.kind === 'pooled')] : []));
  const headers = [...m.dataColumns.map((c) => c.name), 'Weight', m.estimateHeader[1]];
  const colW = headers.map((h, j) => Math.max(textWidth(h, SMALL, true), ...colTexts(j), j === headers.length - 1 ? textWidth(m.estimateHeader[0], SMALL, true) : 0));
  // Group headings ("Experimental") must fit over their columns.
  for (let j = 0; j < nData; ) {
    let k = j;
    while (k + 1 < nData && m.dataColumns[k + 1]!.group === m.dataColumns[j]!.group) k++;
    const span = colW.slice(j, k + 1).reduce((a, b) => a + b, 0) + gap * (k - j);
    const need = textWidth(m.dataColumns[j]!.group, SMALL, true);
    if (need > span) colW[k]! += need - span;
    j = k + 1;
  }
  const colRight: number[] = [];
  let x = x0 + studyW;
  for (const w of colW) {
    x += gap + w;
    colRight.push(x);
  }
  const robCell = 17;
  const robW = m.rob ? m.rob.domains.length * robCell : 0;
  const rest = x + 16 + (m.rob ? 14 + robW : 0) + 12;
  const plotW = Math.max(200, A4_WIDTH_PX - rest);
  const plotL = x + 16;
  const plotR = plotL + plotW;
  const robL = plotR + 14;
  const width = Math.ceil(rest + plotW);
  const noteMax = plotL - x0 - 14;
  const rows: ForestRow[] = m.rows.flatMap((row) => {
    if (row.kind !== 'note' || textWidth(row.text, SMALL) <= noteMax) return [row];
    const cut = row.text.indexOf('; Q = ');
    return cut < 0 ? [row] : [{ kind: 'note', text: row.text.slice(0, cut) }, { kind: 'note', text: `    ${row.text.slice(cut + 2)}` }];
  });

  const titleY = 20;
  const head1 = 44;
  const head2 = head1 + 13;
  const bodyTop = head2 + 8;
  const y = (i: number) => bodyTop + i * rowH + rowH / 2;
  const bodyBottom = bodyTop + rows.length * rowH;
  const axisY = bodyBottom + 6;
  const fx = (v: number) => plotL + axisFraction(m.axis, v) * plotW;
  const inAxis = (v: number) => v >= m.axis.lo * (1 - 1e-12) && v <= m.axis.hi * (1 + 1e-12);
  const clampX = (v: number) => Math.min(plotR, Math.max(plotL, fx(v)));
  const r2 = (n: number) => Math.round(n * 100) / 100;

  const out: string[] = [];
  const text = (tx: number, ty: number, s: string, attrs = '') => out.push(`<text x="${r2(tx)}" y="${r2(ty)}"${attrs ? ` ${attrs}` : ''}>${esc(s)}</text>`);
  text(x0, titleY, m.title, 'font-size="14" font-weight="bold" class="title"');
  // Column headers.
  const bold = `font-size="${SMALL}" font-weight="bold"`;
  for (let j = 0; j < nData; ) {
    let k = j;
    while (k + 1 < nData && m.dataColumns[k + 1]!.group === m.dataColumns[j]!.group) k++;
    const group = m.dataColumns[j]!.group;
    if (group) {
      const left = colRight[j]! - colW[j]!;
      text((left + colRight[k]!) / 2, head1, group, `${bold} text-anchor="middle"`);
      out.push(`<line x1="${r2(left)}" y1="${head1 + 3}" x2="${r2(colRight[k]!)}" y2="${head1 + 3}" stroke="#666" stroke-width="0.6"/>`);
    }
    j = k + 1;
  }
  text(x0, head2, 'Study', bold);
  headers.forEach((h, j) => text(colRight[j]!, head2, h, `${bold} text-anchor="end"`));
  text(colRight[headers.length - 1]!, head1, m.estimateHeader[0], `${bold} text-anchor="end"`);
  text((plotL + plotR) / 2, head2, m.estimateHeader[0], `${bold} text-anchor="middle"`);
  if (m.rob) {
    text(robL + robW / 2, head1, 'Risk of bias', `${bold} text-anchor="middle"`);
    m.rob.domains.forEach((d, k) => text(robL + k * robCell + robCell / 2, head2, d.short, `font-size="8.5" font-weight="bold" text-anchor="middle"`));
  }
  out.push(`<line x1="${x0}" y1="${head2 + 4}" x2="${width - 8}" y2="${head2 + 4}" stroke="#000" stroke-width="0.8"/>`);

  // The line of no effect runs from the first row to the axis.
  if (m.axis.nullValue !== null && inAxis(m.axis.nullValue)) {
    out.push(`<line class="null-line" x1="${r2(fx(m.axis.nullValue))}" y1="${bodyTop}" x2="${r2(fx(m.axis.nullValue))}" y2="${axisY}" stroke="#000" stroke-width="0.8"/>`);
  }
  const maxWeight = Math.max(...rows.map((row) => (row.kind === 'study' ? row.weight : 0)), 1e-9);
  rows.forEach((row, i) => {
    const yc = y(i);
    const base = yc + 4;
    if (row.kind === 'heading') {
      text(x0, base, row.text, 'font-weight="bold" class="subgroup-heading"');
      return;
    }
    if (row.kind === 'note') {
      text(x0 + 10, base, row.text, `font-size="${SMALL}" class="note"`);
      return;
    }
    if (row.kind === 'prediction') {
      text(x0, base, row.label, 'font-style="italic"');
      text(colRight[headers.length - 1]!, base, `[${row.pi.lb.toFixed(m.digits)}, ${row.pi.ub.toFixed(m.digits)}]`, 'text-anchor="end" font-style="italic"');
      const a = clampX(row.pi.lb);
      const b = clampX(row.pi.ub);
      out.push(`<g class="prediction"><line x1="${r2(a)}" y1="${yc}" x2="${r2(b)}" y2="${yc}" stroke="#000" stroke-dasharray="4 2"/><line x1="${r2(a)}" y1="${yc - 4}" x2="${r2(a)}" y2="${yc + 4}" stroke="#000"/><line x1="${r2(b)}" y1="${yc - 4}" x2="${r2(b)}" y2="${yc + 4}" stroke="#000"/></g>`);
      return;
    }
    const isPooled = row.kind === 'pooled';
    const weightAttr = isPooled ? ' font-weight="bold"' : '';
    const shown = truncateTo(row.label, studyW, BODY, isPooled);
    out.push(`<g class="${isPooled ? (row.total ? 'pooled total' : 'pooled subtotal') : 'study'}" data-estimate="${row.ci.est}" data-ci-lb="${row.ci.lb}" data-ci-ub="${row.ci.ub}" data-weight="${row.weight}">`);
    out.push(`<text x="${x0}" y="${base}"${weightAttr}>${shown !== row.label ? `<title>${esc(row.label)}</title>` : ''}${esc(shown)}</text>`);
    row.cells.forEach((c, j) => c && text(colRight[j]!, base, c, `text-anchor="end"${weightAttr}`));
    const { est, lb, ub } = row.ci;
    if (isPooled) {
      if ([est, lb, ub].every(Number.isFinite)) {
        const h = row.total ? 6 : 5;
        out.push(`<polygon class="diamond" points="${r2(clampX(lb))},${yc} ${r2(clampX(est))},${yc - h} ${r2(clampX(ub))},${yc} ${r2(clampX(est))},${yc + h}" fill="${row.total ? '#000' : '#555'}"/>`);
      }
    } else {
      const a = clampX(lb);
      const b = clampX(ub);
      out.push(`<line class="ci" x1="${r2(a)}" y1="${yc}" x2="${r2(b)}" y2="${yc}" stroke="#000" stroke-width="1"/>`);
      // An interval cut at the end of the axis gets an arrow there.
      if (fx(lb) < plotL - 0.5) out.push(`<polygon class="arrow" points="${plotL},${yc} ${plotL + 6},${yc - 3} ${plotL + 6},${yc + 3}"/>`);
      if (fx(ub) > plotR + 0.5) out.push(`<polygon class="arrow" points="${plotR},${yc} ${plotR - 6},${yc - 3} ${plotR - 6},${yc + 3}"/>`);
      if (inAxis(est)) {
        // The square's area is proportional to the study's weight (RevMan), at least 3 px a side.
        const side = Math.max(3, 12 * Math.sqrt(row.weight / maxWeight));
        out.push(`<rect class="square" x="${r2(fx(est) - side / 2)}" y="${r2(yc - side / 2)}" width="${r2(side)}" height="${r2(side)}" fill="#000"/>`);
      }
      if (row.rob && m.rob) {
        m.rob.domains.forEach((d, k) => {
          const mark = row.rob![d.id];
          if (!mark) return;
          const cx = robL + k * robCell + robCell / 2;
          out.push(`<g class="rob"><title>${esc(`${d.label}: ${mark.judgement}`)}</title><circle cx="${r2(cx)}" cy="${yc}" r="6.5" fill="${mark.colour}" stroke="#333" stroke-width="0.5"/>${mark.symbol ? `<text x="${r2(cx)}" y="${yc + 3.5}" font-size="9" font-weight="bold" text-anchor="middle">${esc(mark.symbol)}</text>` : ''}</g>`);
        });
      }
    }
    out.push('</g>');
  });

  // The axis: ticks (1-2-5 on a log scale), its plain-language label, and the favours labels either side of the null line.
  out.push(`<line class="axis" x1="${plotL}" y1="${axisY}" x2="${plotR}" y2="${axisY}" stroke="#000"/>`);
  for (const t of m.axis.ticks) {
    const tx = r2(fx(t));
    out.push(`<g class="tick" data-value="${t}"><line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 4}" stroke="#000"/><text x="${tx}" y="${axisY + 15}" font-size="${SMALL}" text-anchor="middle">${esc(fmtTick(t))}</text></g>`);
  }
  let yy = axisY + 29;
  text((plotL + plotR) / 2, yy, m.axis.label, `font-size="${SMALL}" text-anchor="middle" class="axis-label"`);
  if (m.favours) {
    yy += 14;
    const mid = m.axis.nullValue !== null && inAxis(m.axis.nullValue) ? fx(m.axis.nullValue) : (plotL + plotR) / 2;
    text(mid - 6, yy, `← Favours ${m.favours[0]}`, `font-size="${SMALL}" text-anchor="end" class="favours"`);
    text(mid + 6, yy, `Favours ${m.favours[1]} →`, `font-size="${SMALL}" class="favours"`);
  }
  yy += 8;
  for (const line of m.footer) {
    yy += 14;
    text(x0, yy, line, `font-size="${SMALL}" class="footer"`);
  }
  if (m.rob) {
    yy += 18;
    text(x0, yy, `Risk of bias (${m.rob.tool}):`, `font-size="${SMALL}" font-weight="bold"`);
    for (const d of m.rob.domains) {
      yy += 13;
      text(x0 + 10, yy, `${d.short}: ${d.label}`, `font-size="9.5"`);
    }
    yy += 18;
    let lx = x0 + 16;
    for (const l of m.rob.legend) {
      out.push(`<circle cx="${r2(lx)}" cy="${yy - 4}" r="6" fill="${l.colour}" stroke="#333" stroke-width="0.5"/>`);
      if (l.symbol) text(lx, yy - 0.5, l.symbol, 'font-size="8.5" font-weight="bold" text-anchor="middle"');
      text(lx + 10, yy, l.judgement, 'font-size="9.5"');
      lx += 26 + textWidth(l.judgement, 9.5);
    }
  }
  const height = Math.ceil(yy + 14);
  const shownW = Math.min(width, A4_WIDTH_PX);
  const shownH = Math.round((height * shownW) / width);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${shownW}" height="${shownH}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="${BODY}" role="img" aria-label="${esc(m.title)}">`,
    `<title>${esc(m.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...out,
    '</svg>',
  ].join('\n') + '\n';
}
