// Markdown and HTML renderings of the report model. The HTML is one file: inline CSS and SVG, no
// scripts, no network, readable when printed.
import { flowRows } from '../screening/prisma.js';
import { prismaSvg } from './prisma-svg.js';
import { diffMarkdown } from '../release/versions.js';
import { fmtFraction, fmtPercent } from '../format/numbers.js';
import type { ReportModel } from '../report/build.js';
import { escapeXml as esc } from '../format/xml.js';
import { markdownTable } from '../format/markdown.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mdTable = (head: string[], rows: string[][]): string => markdownTable(head, rows).trimEnd();

const statRows = (m: ReportModel) =>
  m.statistics.map((s) => [s.label.trim(), fmtFraction(s.count, s.denominator), fmtPercent(s.percent), s.published ? fmtFraction(s.published.count, s.published.denominator) : '', s.status]);
const evidenceRows = (m: ReportModel) => m.evidence.map((e) => [String(e.ref), e.study, e.design, e.centres, e.sites, e.interventions, e.patients, e.lesions, e.complications, e.control]);
const EVIDENCE_HEAD = ['ref', 'study', 'design', 'centres', 'sites', 'interventions', 'patients', 'lesions', 'complications (any)', 'local control'];
const pooledLine = (p: ReportModel['pooled'][number]) =>
  `${p.label}: ${pct(p.estimate)} (95% CI ${pct(p.ciLb)} to ${pct(p.ciUb)}${p.piLb !== null ? `; prediction interval ${pct(p.piLb)} to ${pct(p.piUb!)}` : ''}), k = ${p.k}, I² = ${p.I2 === null ? 'NA' : `${p.I2.toFixed(1)}%`}`;

export function reportMarkdown(m: ReportModel): string {
  const out = [
    `# ${m.title}`,
    '',
    `${m.publisher}. ${m.date}. Regenerated from data by npa on ${m.generated}.`,
    '',
    `**Question.** ${m.question}`,
    '',
    `**Search.** ${m.search.databases.join(', ')}, ${m.search.date}; terms: ${m.search.terms.map((t) => `"${t}"`).join(', ')}. Included: ${m.search.inclusion.join('; ')}. Excluded: ${m.search.exclusion.join('; ')}.`,
    '',
    '## Flow',
    '',
    mdTable(['PRISMA 2020 box', 'n'], flowRows(m.flow).map((r) => [r.box, r.n])),
    '',
    ...m.flow.notes.map((n) => `${n}`),
    '',
    ...m.flow.checks.map((c) => `${c.ok ? (c.kind === 'arithmetic' ? 'Adds up' : 'Complete') : c.kind === 'arithmetic' ? '**Does not add up**' : '**Not final**'}: ${c.message}.`),
    '',
    '## Statistics: computed from the data beside the published values',
    '',
    mdTable(['statistic', 'computed', '%', 'review', 'status'], statRows(m)),
    '',
  ];
  if (m.claims.length) {
    const counts = (s: string) => m.claims.filter((c) => c.status === s).length;
    out.push('## Claims', '', `${m.claims.length} numeric claims: ${counts('holds')} hold, ${counts('differs')} differ, ${counts('arithmetic error')} arithmetic error, ${counts('not checkable')} not checkable.`, '');
    out.push(mdTable(['claim', 'printed', 'data', 'status'], m.claims.filter((c) => c.status !== 'holds').map((c) => [c.id, fmtFraction(c.printed.count, c.printed.denominator), c.computed ? fmtFraction(c.computed.count, c.computed.denominator) : '', c.status])), '');
  }
  if (m.pooled.length) out.push('## Pooled outcomes (random effects, REML, logit proportions)', '', ...m.pooled.map((p) => `- ${pooledLine(p)}`), '');
  out.push('## Studies by year', '', mdTable(['year', 'studies'], m.byYear.map((r) => [r.value, String(r.count)])), '');
  out.push('## Studies by site', '', mdTable(['site', 'studies'], m.bySite.map((r) => [r.value, String(r.count)])), '');
  out.push('## Evidence table', '', mdTable(EVIDENCE_HEAD, evidenceRows(m)), '');
  out.push('## Changes since the last version', '', m.changes ? diffMarkdown(m.changes) : 'No earlier version recorded (npa release NAME records one).', '');
  return out.join('\n');
}

/** A horizontal bar chart as inline SVG. */
export function barChart(title: string, rows: { value: string; count: number }[]): string {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 20;
  const h = 30 + rows.length * rowH;
  const bars = rows
    .map((r, i) => {
      const y = 24 + i * rowH;
      const w = (r.count / max) * 300;
      return `<g class="bar"><text x="110" y="${y + 13}" text-anchor="end">${esc(r.value)}</text><rect x="120" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="#4472c4"/><text x="${(126 + w).toFixed(1)}" y="${y + 13}">${r.count}</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${h}" role="img" aria-label="${esc(title)}" font-family="Helvetica, Arial, sans-serif" font-size="12"><text x="0" y="14" font-weight="bold">${esc(title)}</text>${bars}</svg>`;
}

function htmlTable(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const CSS = `body{font-family:Georgia,serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}
h1{font-size:1.7em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;font-family:Helvetica,Arial,sans-serif;font-size:12px;margin:.5em 0}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eee}
td.match,td.holds{color:#176317}td.differs,td.arith{color:#a40000}.fail{color:#a40000;font-weight:bold}
.charts{display:flex;flex-wrap:wrap;gap:2em}.meta{color:#444}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}`;

export function reportHtml(m: ReportModel): string {
  const status = (s: string) => (s === 'match' || s === 'holds' ? s : s === 'differs' ? 'differs' : s === 'arithmetic error' ? 'arith' : '');
  const statTable = `<table id="statistics"><thead><tr><th>statistic</th><th>computed</th><th>%</th><th>review</th><th>status</th></tr></thead><tbody>${statRows(m)
    .map((r) => `<tr data-status="${esc(r[4]!)}">${r.slice(0, 4).map((c) => `<td>${esc(c)}</td>`).join('')}<td class="${status(r[4]!)}">${esc(r[4]!)}</td></tr>`)
    .join('')}</tbody></table>`;
  const parts = [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(m.title)}</h1>`,
    `<p class="meta">${esc(m.publisher)}. ${esc(m.date)}. Regenerated from data by npa on ${esc(m.generated)}.</p>`,
    `<p><strong>Question.</strong> ${esc(m.question)}</p>`,
    `<p><strong>Search.</strong> ${esc(m.search.databases.join(', '))}, ${esc(m.search.date)}; terms: ${esc(m.search.terms.map((t) => `"${t}"`).join(', '))}.</p>`,
    '<h2>Flow</h2>',
    `<figure id="flow">${prismaSvg(m.flow, 'PRISMA 2020 flow diagram')}</figure>`,
    ...m.flow.checks.map((c) => `<p class="${c.ok ? 'ok' : 'fail'}">${c.ok ? (c.kind === 'arithmetic' ? 'Adds up' : 'Complete') : c.kind === 'arithmetic' ? 'Does not add up' : 'Not final'}: ${esc(c.message)}.</p>`),
    '<h2>Statistics: computed from the data beside the published values</h2>',
    statTable,
  ];
  if (m.claims.length) {
    parts.push('<h2>Claims</h2>', htmlTable(['claim', 'the review says', 'printed', 'data', 'status'], m.claims.map((c) => [c.id, c.quote, fmtFraction(c.printed.count, c.printed.denominator), c.computed ? fmtFraction(c.computed.count, c.computed.denominator) : '', c.status]), 'claims'));
  }
  if (m.pooled.length) parts.push('<h2>Pooled outcomes</h2>', `<ul id="pooled">${m.pooled.map((p) => `<li>${esc(pooledLine(p))}</li>`).join('')}</ul>`, '<p class="meta">Random effects (REML) on logit proportions; few, small, mostly retrospective series.</p>');
  parts.push('<h2>Studies by year and site</h2>', `<div class="charts">${barChart('Studies by year', m.byYear)}${barChart('Studies by site', m.bySite)}</div>`);
  parts.push('<h2>Evidence table</h2>', htmlTable(EVIDENCE_HEAD, evidenceRows(m), 'evidence'));
  parts.push('<h2>Changes since the last version</h2>', m.changes ? `<pre>${esc(diffMarkdown(m.changes))}</pre>` : '<p>No earlier version recorded.</p>');
  parts.push('</body></html>');
  return parts.join('\n') + '\n';
}
