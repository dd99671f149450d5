// robvis-style pictures (McGuinness LA, Higgins JPT. Risk-of-bias VISualization (robvis). Res Syn Meth 2021;12:55-61):
// the traffic-light plot (study x domain) and the weighted summary bar plot, in SVG. Colours and symbols are robvis's
// defaults: low green "+", some concerns yellow "-", high red "X", critical dark red "!", no information blue "?".
import { escapeXml } from '../format/xml.js';
import { TOOLS, type Level, type ToolId } from '../schema/appraisal.js';

export const LEVEL_STYLE: Record<Level, { colour: string; symbol: string }> = {
  low: { colour: '#02C100', symbol: '+' },
  concerns: { colour: '#E2DF07', symbol: '-' },
  high: { colour: '#BF0000', symbol: 'X' },
  critical: { colour: '#820000', symbol: '!' },
  ni: { colour: '#4EA1F7', symbol: '?' },
  na: { colour: '#AAAAAA', symbol: '' },
};

export interface PlotStudy {
  label: string;
  /** Domain id → judgement (as in appraisal.csv); a missing domain is drawn empty. */
  judgements: Record<string, string | null>;
  weight: number;
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

export function trafficLightSvg(toolId: ToolId, studies: readonly PlotStudy[], title: string): string {
  const tool = TOOLS[toolId];
  const domains = tool.domains;
  const labelW = 220;
  const cell = 34;
  const top = 70;
  const width = Math.max(labelW + domains.length * cell + 30, 90 + tool.judgements.length * 125 + 20);
  const legendTop = top + studies.length * cell + 20;
  const legendLines = domains.length + 1 + tool.judgements.length;
  const height = legendTop + legendLines * 16 + 30;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`${title}: ${tool.name} traffic-light plot`)}">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="10" y="22" ${FONT} font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<text x="${labelW + (domains.length * cell) / 2}" y="44" ${FONT} font-size="12" text-anchor="middle">Risk of bias domains (${escapeXml(tool.name)})</text>`);
  domains.forEach((d, j) => {
    out.push(`<text x="${labelW + j * cell + cell / 2}" y="${top - 8}" ${FONT} font-size="11" text-anchor="middle">${escapeXml(d.short)}</text>`);
  });
  out.push(`<rect x="${labelW}" y="${top}" width="${domains.length * cell}" height="${studies.length * cell}" fill="#f2f2f2" stroke="#888"/>`);
  studies.forEach((s, i) => {
    const y = top + i * cell + cell / 2;
    out.push(`<text x="${labelW - 8}" y="${y + 4}" ${FONT} font-size="11" text-anchor="end">${escapeXml(s.label)}</text>`);
    domains.forEach((d, j) => {
      const x = labelW + j * cell + cell / 2;
      const judgement = s.judgements[d.id];
      if (judgement === undefined || judgement === null) return;
      const level = tool.level[judgement];
      if (!level) return;
      const st = LEVEL_STYLE[level];
      out.push(`<g><title>${escapeXml(`${s.label}, ${d.id}: ${judgement}`)}</title><circle cx="${x}" cy="${y}" r="12" fill="${st.colour}" stroke="#333" stroke-width="0.6"/>` +
        (st.symbol ? `<text x="${x}" y="${y + 5}" ${FONT} font-size="14" font-weight="bold" text-anchor="middle" fill="#000">${escapeXml(st.symbol)}</text>` : '') + `</g>`);
    });
  });
  let y = legendTop;
  out.push(`<text x="10" y="${y}" ${FONT} font-size="11" font-weight="bold">Domains:</text>`);
  for (const d of domains) {
    y += 16;
    out.push(`<text x="10" y="${y}" ${FONT} font-size="11">${escapeXml(`${d.short}: ${d.label}`)}</text>`);
  }
  y += 20;
  out.push(`<text x="10" y="${y}" ${FONT} font-size="11" font-weight="bold">Judgement</text>`);
  tool.judgements.forEach((j, k) => {
    const st = LEVEL_STYLE[tool.level[j]!];
    const x = 90 + k * 125;
    out.push(`<circle cx="${x}" cy="${y - 4}" r="7" fill="${st.colour}" stroke="#333" stroke-width="0.6"/><text x="${x}" y="${y}" ${FONT} font-size="9" font-weight="bold" text-anchor="middle">${escapeXml(st.symbol)}</text><text x="${x + 11}" y="${y}" ${FONT} font-size="11">${escapeXml(j)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Per domain, the weighted share of each judgement (studies without a judgement for the domain are left out). */
export function summaryShares(toolId: ToolId, studies: readonly PlotStudy[]): { domain: string; shares: { judgement: string; share: number }[] }[] {
  const tool = TOOLS[toolId];
  return tool.domains.map((d) => {
    const total = studies.reduce((s, st) => s + (st.judgements[d.id] ? st.weight : 0), 0);
    return {
      domain: d.id,
      shares: tool.judgements.map((j) => ({ judgement: j, share: total > 0 ? studies.reduce((s, st) => s + (st.judgements[d.id] === j ? st.weight : 0), 0) / total : 0 })),
    };
  });
}

export function summarySvg(toolId: ToolId, studies: readonly PlotStudy[], title: string, weighted: boolean): string {
  const tool = TOOLS[toolId];
  const shares = summaryShares(toolId, studies);
  const labelW = 440;
  const barW = 400;
  const rowH = 28;
  const top = 60;
  const width = labelW + barW + 40;
  const height = top + shares.length * rowH + 90;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`${title}: ${tool.name} summary plot`)}">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="10" y="22" ${FONT} font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<text x="10" y="42" ${FONT} font-size="11">${escapeXml(`${tool.name}; ${studies.length} studies; ${weighted ? 'weighted by patients' : 'each study counts once'}`)}</text>`);
  shares.forEach((row, i) => {
    const y = top + i * rowH;
    const d = tool.domains.find((x) => x.id === row.domain)!;
    const label = d.label.length > 70 ? `${d.label.slice(0, 68)}…` : d.label;
    out.push(`<text x="${labelW - 8}" y="${y + 17}" ${FONT} font-size="11" text-anchor="end">${escapeXml(`${d.short === d.label ? '' : `${d.short} `}${label}`)}</text>`);
    let x = labelW;
    for (const s of row.shares) {
      if (s.share <= 0) continue;
      const w = s.share * barW;
      const st = LEVEL_STYLE[tool.level[s.judgement]!];
      out.push(`<rect x="${x.toFixed(2)}" y="${y + 3}" width="${w.toFixed(2)}" height="${rowH - 6}" fill="${st.colour}" stroke="#333" stroke-width="0.5"><title>${escapeXml(`${d.id}: ${s.judgement} ${(s.share * 100).toFixed(0)}%`)}</title></rect>`);
      x += w;
    }
  });
  const axisY = top + shares.length * rowH + 4;
  out.push(`<line x1="${labelW}" y1="${axisY}" x2="${labelW + barW}" y2="${axisY}" stroke="#333"/>`);
  for (const p of [0, 25, 50, 75, 100]) {
    const x = labelW + (p / 100) * barW;
    out.push(`<line x1="${x}" y1="${axisY}" x2="${x}" y2="${axisY + 4}" stroke="#333"/><text x="${x}" y="${axisY + 16}" ${FONT} font-size="10" text-anchor="middle">${p}%</text>`);
  }
  const ly = axisY + 40;
  tool.judgements.forEach((j, k) => {
    const st = LEVEL_STYLE[tool.level[j]!];
    const x = 20 + k * 145;
    out.push(`<rect x="${x}" y="${ly - 10}" width="12" height="12" fill="${st.colour}" stroke="#333" stroke-width="0.5"/><text x="${x + 17}" y="${ly}" ${FONT} font-size="11">${escapeXml(j)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
