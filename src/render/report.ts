// Markdown and HTML renderings of the report model. The HTML is one file: inline CSS and SVG, no
// scripts, no network, readable when printed.
import { flowRows } from '../screening/prisma.js';
import { prismaSvg } from './prisma-svg.js';
import { diffMarkdown } from '../release/versions.js';
import { fmtFraction, fmtPercent } from '../format/numbers.js';
import type { ReportModel } from '../report/build.js';
import { escapeXml as esc } from '../format/xml.js';
import { markdownTable, mdText as md } from '../format/markdown.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mdTable = (head: string[], rows: string[][]): string => markdownTable(head, rows).trimEnd();

// The statistics with summary's "not coded" column: studies whose field is not coded count as "no".
const STAT_HEAD = ['statistic', 'computed', '%', 'review', 'status', 'not coded'];
const statRows = (m: ReportModel) =>
  m.statistics.map((s) => [s.label.trim(), fmtFraction(s.count, s.denominator), fmtPercent(s.percent), s.published ? fmtFraction(s.published.count, s.published.denominator) : '', s.status, s.unknown ? String(s.unknown) : '']);
const evidenceRows = (m: ReportModel) => m.evidence.map((e) => [String(e.ref), e.study, e.title, e.journal, e.design, e.centres, e.sites, e.interventions, e.patients, e.lesions, e.complications, e.control]);
const EVIDENCE_HEAD = ['ref', 'study', 'title', 'journal', 'design', 'centres', 'sites', 'interventions', 'patients', 'lesions', 'complications (any)', 'local control'];
const statScope = (m: ReportModel) =>
  `Counted over all ${m.counts.entries} listed entries, as the review counts them (${m.counts.entries - m.counts.unique} repeat a publication listed earlier). "Not coded": entries whose field is not coded, counted as "no"; each such percentage is a lower bound.`;
const uniqueScope = (m: ReportModel) => `${m.counts.unique} unique publications (the ${m.counts.entries - m.counts.unique} repeat listings left out)`;
const SOF_HEAD = ['Outcome', '№ of participants (studies)', 'Proportion with the outcome (95% CI)', 'Certainty of the evidence (GRADE)', 'Notes'];
function sofRows(m: ReportModel): { rows: string[][]; notes: string[] } {
  const notes: string[] = [];
  const rows = m.sof.map((r) => [r.outcome, r.participants, r.effect, r.certainty, r.footnotes.map((f) => String(notes.push(f))).join(',')]);
  return { rows, notes };
}

export function changesMarkdown(c: NonNullable<ReportModel['changes']>): string {
  const lines = [diffMarkdown(c.diff).trimEnd(), ''];
  const est = (p: ReportModel['pooled'][number] | null) => (p ? `${pct(p.estimate)} (${pct(p.ciLb)} to ${pct(p.ciUb)}), k = ${p.k}` : 'not poolable');
  const moved = c.pooled.filter((p) => est(p.from) !== est(p.to));
  lines.push(moved.length ? 'Pooled estimates:' : 'Pooled estimates: unchanged.', ...moved.map((p) => `- ${p.label}: ${est(p.from)} → ${est(p.to)}`), '');
  lines.push(c.review.length ? 'Search and eligibility (review.json):' : 'Search and eligibility (review.json): unchanged.', ...c.review.map((r) => `- ${r.field}: ${r.from || '∅'} → ${r.to || '∅'}`), '');
  return lines.join('\n');
}
const pooledLine = (p: ReportModel['pooled'][number]) =>
  `${p.label}: ${pct(p.estimate)} (95% CI ${pct(p.ciLb)} to ${pct(p.ciUb)}${p.piLb !== null ? `; prediction interval ${pct(p.piLb)} to ${pct(p.piUb!)}` : ''}), k = ${p.k}, I² = ${p.I2 === null ? 'NA' : `${p.I2.toFixed(1)}%`}`;

export function reportMarkdown(m: ReportModel): string {
  const out = [
    `# ${md(m.title)}`,
    '',
    `${md(m.publisher)}. ${md(m.date)}. Regenerated from data by npa on ${m.generated}.`,
    '',
    `**Question.** ${md(m.question)}`,
    '',
    `**Search.** ${md(m.search.databases.join(', '))}, ${md(m.search.date)}; terms: ${m.search.terms.map((t) => `"${md(t)}"`).join(', ')}. Included: ${md(m.search.inclusion.join('; '))}. Excluded: ${md(m.search.exclusion.join('; '))}.`,
    '',
    '## Flow',
    '',
    mdTable(['PRISMA 2020 box', 'n'], flowRows(m.flow).map((r) => [r.box, r.n])),
    '',
    ...m.flow.notes.map((n) => `${n}`),
    '',
    ...m.flow.checks.map((c) => `${c.ok ? (c.kind === 'arithmetic' ? 'Adds up' : 'Complete') : c.kind === 'arithmetic' ? '**Does not add up**' : '**Not final**'}: ${md(c.message)}.`),
    '',
    '## Statistics: computed from the data beside the published values',
    '',
    statScope(m),
    '',
    mdTable(STAT_HEAD, statRows(m)),
    '',
  ];
  if (m.claims.length) {
    const counts = (s: string) => m.claims.filter((c) => c.status === s).length;
    out.push('## Claims', '', `${m.claims.length} numeric claims: ${counts('holds')} hold, ${counts('differs')} differ, ${counts('arithmetic error')} arithmetic error, ${counts('not checkable')} not checkable.`, '');
    out.push(mdTable(['claim', 'printed', 'data', 'status'], m.claims.filter((c) => c.status !== 'holds').map((c) => [c.id, fmtFraction(c.printed.count, c.printed.denominator), c.computed ? fmtFraction(c.computed.count, c.computed.denominator) : '', c.status])), '');
  }
  if (m.pooled.length) {
    out.push('## Pooled outcomes (random effects, REML, logit proportions)', '', ...m.pooled.map((p) => `- ${pooledLine(p)}`), '');
    for (const p of m.pooled) out.push('```text', p.forestText.trimEnd(), '```', '');
  }
  if (m.sof.length) {
    const { rows, notes } = sofRows(m);
    out.push('## Summary of findings', '', mdTable(SOF_HEAD, rows), '', ...notes.map((n, i) => `${i + 1}. ${n}`), '');
  }
  out.push('## Unique publications by year', '', `Counted over ${uniqueScope(m)}.`, '', mdTable(['year', 'publications'], m.byYear.map((r) => [r.value, String(r.count)])), '');
  out.push('## Unique publications by site', '', `Counted over ${uniqueScope(m)}; a publication with several sites counts once for each.`, '', mdTable(['site', 'publications'], m.bySite.map((r) => [r.value, String(r.count)])), '');
  out.push('## Evidence table', '', `One row per unique publication (${uniqueScope(m)}).`, '', mdTable(EVIDENCE_HEAD, evidenceRows(m)), '');
  if (m.references.length) {
    out.push('## References', '', ...m.references.map((r) => `${r.ref}. ${md(r.text)}${r.pmid ? ` PMID: [${r.pmid}](https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/).` : ''}${r.doi ? ` doi: [${r.doi}](https://doi.org/${r.doi}).` : ''}`), '');
  }
  out.push(`## Changes${m.changes ? ` from ${m.changes.diff.from} to ${m.changes.diff.to}` : ' since the last version'}`, '', m.changes ? changesMarkdown(m.changes) : 'No earlier version recorded (npa release NAME records one).', '');
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
.charts{display:flex;flex-wrap:wrap;gap:2em}.meta{color:#444}figure{margin:1em 0}figure svg{max-width:100%;height:auto}
table.evidence{font-size:10.5px}ol.notes{font-size:12px}
@page{size:A4;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:11pt}h1,h2{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}tr,figure,.charts svg{break-inside:avoid;page-break-inside:avoid}
table{page-break-inside:auto}figure.forest{break-before:auto}}`;

export function reportHtml(m: ReportModel): string {
  const status = (s: string) => (s === 'match' || s === 'holds' ? s : s === 'differs' ? 'differs' : s === 'arithmetic error' ? 'arith' : '');
  const statTable = `<p class="meta">${esc(statScope(m))}</p><table id="statistics"><thead><tr>${STAT_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${statRows(m)
    .map((r) => `<tr data-status="${esc(r[4]!)}">${r.slice(0, 4).map((c) => `<td>${esc(c)}</td>`).join('')}<td class="${status(r[4]!)}">${esc(r[4]!)}</td><td class="not-coded">${esc(r[5]!)}</td></tr>`)
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
  if (m.pooled.length) {
    parts.push('<h2>Pooled outcomes</h2>', `<ul id="pooled">${m.pooled.map((p) => `<li>${esc(pooledLine(p))}</li>`).join('')}</ul>`, '<p class="meta">Random effects (REML) on logit proportions; few, small, mostly retrospective series.</p>');
    parts.push(...m.pooled.map((p) => `<figure class="forest">${p.forestSvg}</figure>`));
    for (const p of m.pooled.filter((x) => x.funnelSvg)) parts.push(`<figure class="funnel">${p.funnelSvg}<figcaption>${esc(`${p.label}: funnel plot (k = ${p.k}; shown where k ≥ 10).`)}</figcaption></figure>`);
  }
  if (m.sof.length) {
    const { rows, notes } = sofRows(m);
    parts.push('<h2>Summary of findings</h2>', htmlTable(SOF_HEAD, rows, 'sof'), `<ol class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ol>`);
  }
  parts.push('<h2>Unique publications by year and site</h2>', `<p class="meta">Counted over ${esc(uniqueScope(m))}; a publication with several sites counts once for each.</p>`, `<div class="charts">${barChart('Unique publications by year', m.byYear)}${barChart('Unique publications by site', m.bySite)}</div>`);
  parts.push('<h2>Evidence table</h2>', `<p class="meta">One row per unique publication (${esc(uniqueScope(m))}).</p>`, htmlTable(EVIDENCE_HEAD, evidenceRows(m), 'evidence'));
  if (m.references.length) {
    const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;
    parts.push('<h2>References</h2>', `<ol id="references">${m.references.map((r) => `<li value="${r.ref}">${esc(r.text)}${r.pmid ? ` PMID: ${link(`https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/`, r.pmid)}.` : ''}${r.doi ? ` doi: ${link(`https://doi.org/${r.doi}`, r.doi)}.` : ''}</li>`).join('')}</ol>`);
  }
  parts.push(`<h2>Changes${m.changes ? ` from ${esc(m.changes.diff.from)} to ${esc(m.changes.diff.to)}` : ' since the last version'}</h2>`, m.changes ? `<pre id="changes">${esc(changesMarkdown(m.changes))}</pre>` : '<p>No earlier version recorded.</p>');
  parts.push('</body></html>');
  return parts.join('\n') + '\n';
}
