// The PRISMA 2020 flow, computed from the data: from the review's reported flow, or (for an update)
// from the screening log, with the previous review's studies beside the new ones. Every flow is
// checked against its own arithmetic.
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';
import type { Study } from '../schema/study.js';
import { escapeXml as esc } from '../format/xml.js';
import { csvText } from '../format/csv.js';

export interface Flow {
  kind: 'reported' | 'update';
  previous: { studies: number; reports: number } | null;
  identified: { source: string; n: number }[];
  identifiedTotal: number;
  duplicates: number;
  screened: number;
  excluded: { reason: string; n: number }[];
  excludedTotal: number;
  /** Records not yet decided, and those marked maybe: the flow is incomplete while either is > 0. */
  pending: number;
  maybe: number;
  /** New studies included (for a reported flow: the number the review prints). */
  included: number;
  total: number | null;
  /** arithmetic: does the flow add up; complete: has every record a decision. */
  checks: { ok: boolean; kind: 'arithmetic' | 'complete'; message: string }[];
}

/** The flow exactly as the review printed it, with its arithmetic checked. */
export function reportedFlow(review: Review): Flow {
  const excludedTotal = review.flow.excluded.reduce((n, e) => n + e.n, 0);
  const remaining = review.flow.identified - excludedTotal;
  return {
    kind: 'reported',
    previous: null,
    identified: [{ source: review.databases.join(' and '), n: review.flow.identified }],
    identifiedTotal: review.flow.identified,
    duplicates: 0,
    screened: review.flow.identified,
    excluded: review.flow.excluded.map((e) => ({ reason: e.reason, n: e.n })),
    excludedTotal,
    pending: 0,
    maybe: 0,
    included: review.flow.included,
    total: review.flow.included,
    checks: [
      {
        ok: remaining === review.flow.included,
        kind: 'arithmetic',
        message: `${review.flow.identified} identified − ${excludedTotal} excluded (${review.flow.excluded.map((e) => e.n).join(' + ')}) = ${remaining}; the review says ${review.flow.included} included`,
      },
    ],
  };
}

/** The flow of an update: the previous review's studies plus the screening of the new search. */
export function updateFlow(review: Review, studies: readonly Study[], log: readonly Candidate[]): Flow {
  const promoted = new Set(log.filter((c) => c.ref !== null).map((c) => c.ref!));
  const previousEntries = studies.filter((s) => !promoted.has(s.ref));
  const previous = { studies: previousEntries.filter((s) => s.duplicate_of === null).length, reports: previousEntries.length };
  const bySource = new Map<string, number>();
  for (const c of log) bySource.set(c.source, (bySource.get(c.source) ?? 0) + 1);
  const duplicates = log.filter((c) => c.duplicate_of !== null).length;
  const screenedRecords = log.filter((c) => c.duplicate_of === null);
  const labels = new Map(review.exclusion_reasons.map((r) => [r.code, r.label]));
  const byReason = new Map<string, number>();
  for (const c of screenedRecords.filter((x) => x.decision === 'exclude')) {
    const label = c.reason === 'other' && c.reason_text ? c.reason_text : labels.get(c.reason ?? '') ?? c.reason ?? 'no reason';
    byReason.set(label, (byReason.get(label) ?? 0) + 1);
  }
  const excludedTotal = [...byReason.values()].reduce((a, b) => a + b, 0);
  const pending = screenedRecords.filter((c) => c.decision === null).length;
  const maybe = screenedRecords.filter((c) => c.decision === 'maybe').length;
  const included = screenedRecords.filter((c) => c.decision === 'include').length;
  const identifiedTotal = log.length;
  const checks = [
    { ok: identifiedTotal - duplicates === screenedRecords.length, kind: 'arithmetic' as const, message: `${identifiedTotal} identified − ${duplicates} duplicates = ${identifiedTotal - duplicates} screened` },
    { ok: screenedRecords.length - excludedTotal - pending - maybe === included, kind: 'arithmetic' as const, message: `${screenedRecords.length} screened − ${excludedTotal} excluded − ${pending} pending − ${maybe} maybe = ${included} included` },
    { ok: pending === 0 && maybe === 0, kind: 'complete' as const, message: pending + maybe === 0 ? 'every record has a decision' : `${pending} record(s) not yet screened and ${maybe} marked maybe: the flow is not final` },
  ];
  return {
    kind: 'update', previous, identified: [...bySource].map(([source, n]) => ({ source, n })), identifiedTotal, duplicates,
    screened: screenedRecords.length, excluded: [...byReason].map(([reason, n]) => ({ reason, n })), excludedTotal, pending, maybe, included,
    total: previous.studies + included, checks,
  };
}

export function flowRows(f: Flow): { box: string; n: number | string }[] {
  return [
    ...(f.previous ? [{ box: 'Studies included in previous version of review', n: f.previous.studies }, { box: 'Reports of studies included in previous version', n: f.previous.reports }] : []),
    ...f.identified.map((s) => ({ box: `Records identified from ${s.source}`, n: s.n })),
    { box: 'Duplicate records removed', n: f.duplicates },
    { box: 'Records screened', n: f.screened },
    ...f.excluded.map((e) => ({ box: `  excluded: ${e.reason}`, n: e.n })),
    { box: 'Records excluded', n: f.excludedTotal },
    ...(f.pending || f.maybe ? [{ box: 'Not yet decided (pending + maybe)', n: f.pending + f.maybe }] : []),
    { box: f.kind === 'update' ? 'New studies included in review' : 'Studies included (as the review reports)', n: f.included },
    ...(f.kind === 'update' && f.total !== null ? [{ box: 'Total studies included in review', n: f.total }] : []),
  ];
}

/** The CSV the PRISMA2020 R package and Shiny app read (columns data,node,box,description,boxtext,tooltips,url,n). */
export function prisma2020Csv(f: Flow): string {
  const reasons = f.excluded.map((e) => `${e.reason.replace(/[,;]/g, ' ')}, ${e.n}`).join('; ');
  const assessed = f.screened - f.pending - f.maybe;
  const rows: [string, string, string, string, string, string, string, string | number][] = [
    ['NA', 'node4', 'prevstud', 'Grey title box; Previous studies', 'Previous studies', 'Grey title box; Previous studies', 'prevstud.html', 'NA'],
    ['previous_studies', 'node5', 'box1', 'Studies included in previous version of review', 'Studies included in previous version of review', 'Studies included in previous version of review', 'previous_studies.html', f.previous?.studies ?? 0],
    ['previous_reports', 'NA', 'box1', 'Reports of studies included in previous version of review', 'Reports of studies included in previous version of review', 'NA', 'previous_reports.html', f.previous?.reports ?? 0],
    ['NA', 'node6', 'newstud', 'Yellow title box; Identification of new studies via databases and registers', 'Identification of new studies via databases and registers', 'Yellow title box; Identification of new studies via databases and registers', 'newstud.html', 'NA'],
    ['database_results', 'node7', 'box2', 'Records identified from: Databases', 'Databases', 'Records identified from: Databases', 'database_results.html', f.identifiedTotal],
    ['register_results', 'NA', 'box2', 'Records identified from: Registers', 'Registers', 'NA', 'NA', 0],
    ['NA', 'node16', 'othstud', 'Grey title box; Identification of new studies via other methods', 'Identification of new studies via other methods', 'Grey title box; Identification of new studies via other methods', 'othstud.html', 'NA'],
    ['website_results', 'node17', 'box11', 'Records identified from: Websites', 'Websites', 'Records identified from: Websites', 'website_results.html', 0],
    ['organisation_results', 'NA', 'box11', 'Records identified from: Organisations', 'Organisations', 'NA', 'NA', 0],
    ['citations_results', 'NA', 'box11', 'Records identified from: Citation searching', 'Citation searching', 'NA', 'NA', 0],
    ['duplicates', 'node8', 'box3', 'Duplicate records', 'Duplicate records', 'Duplicate records', 'duplicates.html', f.duplicates],
    ['excluded_automatic', 'NA', 'box3', 'Records marked as ineligible by automation tools', 'Records marked as ineligible by automation tools', 'NA', 'NA', 0],
    ['excluded_other', 'NA', 'box3', 'Records removed for other reasons', 'Records removed for other reasons', 'NA', 'NA', 0],
    ['records_screened', 'node9', 'box4', 'Records screened (databases and registers)', 'Records screened', 'Records screened (databases and registers)', 'records_screened.html', f.screened],
    ['records_excluded', 'node10', 'box5', 'Records excluded (databases and registers)', 'Records excluded', 'Records excluded (databases and registers)', 'records_excluded.html', 0],
    ['dbr_sought_reports', 'node11', 'box6', 'Reports sought for retrieval (databases and registers)', 'Reports sought for retrieval', 'Reports sought for retrieval (databases and registers)', 'dbr_sought_reports.html', assessed],
    ['dbr_notretrieved_reports', 'node12', 'box7', 'Reports not retrieved (databases and registers)', 'Reports not retrieved', 'Reports not retrieved (databases and registers)', 'dbr_notretrieved_reports.html', 0],
    ['other_sought_reports', 'node18', 'box12', 'Reports sought for retrieval (other)', 'Reports sought for retrieval', 'Reports sought for retrieval (other)', 'other_sought_reports.html', 0],
    ['other_notretrieved_reports', 'node19', 'box13', 'Reports not retrieved (other)', 'Reports not retrieved', 'Reports not retrieved (other)', 'other_notretrieved_reports.html', 0],
    ['dbr_assessed', 'node13', 'box8', 'Reports assessed for eligibility (databases and registers)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (databases and registers)', 'dbr_assessed.html', assessed],
    ['dbr_excluded', 'node14', 'box9', 'Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (databases and registers)', 'dbrexcludedrecords.html', reasons],
    ['other_assessed', 'node20', 'box14', 'Reports assessed for eligibility (other)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (other)', 'other_assessed.html', 0],
    ['other_excluded', 'node21', 'box15', 'Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (other)', 'other_excluded.html', ''],
    ['new_studies', 'node15', 'box10', 'New studies included in review', 'New studies included in review', 'New studies included in review', 'new_studies.html', f.included],
    ['new_reports', 'NA', 'box10', 'Reports of new included studies', 'Reports of new included studies', 'NA', 'NA', f.included],
    ['total_studies', 'node22', 'box16', 'Total studies included in review', 'Total studies included in review', 'Total studies included in review', 'total_studies.html', f.total ?? f.included],
    ['total_reports', 'NA', 'box16', 'Reports of total included studies', 'Reports of total included studies', 'NA', 'NA', (f.previous?.reports ?? 0) + f.included],
    ['identification', 'node1', 'identification', 'Blue identification box', 'Identification', 'Blue identification box', 'identification.html', 'NA'],
    ['screening', 'node2', 'screening', 'Blue screening box', 'Screening', 'Blue screening box', 'screening.html', 'NA'],
    ['included', 'node3', 'included', 'Blue included box', 'Included', 'Blue included box', 'included.html', 'NA'],
  ];
  return csvText([['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'], ...rows], { formulaGuard: true });
}


/** The PRISMA 2020 diagram for updated reviews (previous studies | new studies via databases), as SVG. */
export function prismaSvg(f: Flow, title = 'PRISMA 2020 flow diagram'): string {
  const W = 860;
  const box = (x: number, y: number, w: number, h: number, lines: string[], fill = 'white', cls = 'box') =>
    `<g class="${cls}"><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="black"/>` +
    lines.map((l, i) => `<text x="${x + 10}" y="${y + 20 + i * 16}">${esc(l)}</text>`).join('') + '</g>';
  const arrow = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="black" marker-end="url(#arrow)"/>`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="760" viewBox="0 0 ${W} 760" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="20" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`,
    box(20, 40, 230, 34, ['Previous studies'], '#d9d9d9', 'title'),
    box(270, 40, 570, 34, ['Identification of new studies via databases and registers'], '#ffe699', 'title'),
  ];
  const prevLines = f.previous ? [`Studies included in previous`, `version of review (n = ${f.previous.studies})`, `Reports of studies included in`, `previous version (n = ${f.previous.reports})`] : ['(the review as first published)'];
  parts.push(box(20, 100, 230, 90, prevLines, 'white', 'previous'));
  const idLines = ['Records identified from:', ...f.identified.map((s) => `  ${s.source} (n = ${s.n})`)];
  parts.push(box(270, 100, 260, 40 + idLines.length * 16, idLines, 'white', 'identified'));
  parts.push(box(570, 100, 270, 70, ['Records removed before screening:', `  Duplicate records (n = ${f.duplicates})`], 'white', 'duplicates'));
  parts.push(arrow(530, 130, 570, 130));
  parts.push(box(270, 240, 260, 40, [`Records screened (n = ${f.screened})`], 'white', 'screened'));
  parts.push(arrow(400, 100 + 40 + idLines.length * 16, 400, 240));
  const wrap = (text: string, width = 40): string[] =>
    text.split(' ').reduce<string[]>((out, word) => {
      const last = out[out.length - 1];
      if (last !== undefined && (last + ' ' + word).length <= width) out[out.length - 1] = `${last} ${word}`;
      else out.push(out.length ? `    ${word}` : word);
      return out;
    }, []);
  const exLines = ['Records excluded, with reasons:', ...f.excluded.flatMap((e) => wrap(`  ${e.reason} (n = ${e.n})`)), ...(f.pending + f.maybe ? [`Not yet decided (n = ${f.pending + f.maybe})`] : [])];
  parts.push(box(570, 240, 270, 30 + exLines.length * 16, exLines, 'white', 'excluded'));
  parts.push(arrow(530, 260, 570, 260));
  const incY = Math.max(340, 270 + exLines.length * 16 + 40);
  parts.push(box(270, incY, 260, 40, [`${f.kind === 'update' ? 'New studies included' : 'Studies included'} (n = ${f.included})`], 'white', 'included'));
  parts.push(arrow(400, 280, 400, incY));
  if (f.kind === 'update' && f.total !== null) {
    parts.push(box(270, incY + 90, 260, 40, [`Total studies included in review (n = ${f.total})`], 'white', 'total'));
    parts.push(arrow(400, incY + 40, 400, incY + 90));
    parts.push(arrow(135, 190, 135, incY + 110), arrow(135, incY + 110, 270, incY + 110));
  }
  for (const [y, label] of [[100, 'Identification'], [240, 'Screening'], [incY, 'Included']] as const) {
    parts.push(`<text x="14" y="${y + 4}" transform="rotate(-90 14 ${y + 4})" font-weight="bold" fill="#1f4e79" text-anchor="end">${label}</text>`);
  }
  const failed = f.checks.filter((c) => !c.ok && c.kind === 'arithmetic');
  const bottom = incY + (f.kind === 'update' ? 150 : 60);
  if (failed.length) parts.push(...failed.map((c, i) => `<text x="20" y="${bottom + 10 + i * 16}" fill="#c00000">Does not add up: ${esc(c.message)}</text>`));
  parts.push('</svg>');
  const height = bottom + 20 + failed.length * 16;
  parts[0] = parts[0]!.replace('height="760" viewBox="0 0 860 760"', `height="${height}" viewBox="0 0 ${W} ${height}"`);
  return parts.join('\n') + '\n';
}
