// The PRISMA 2020 flow diagram as SVG, drawn from a computed flow (src/screening/prisma.ts).
import { escapeXml as esc } from '../format/xml.js';
import { show, type Flow } from '../screening/prisma.js';

/**
 * The diagram in the PRISMA 2020 template's look: blue phase bars down the left, the template's boxes in its order.
 * When the search log has other methods (websites, organisations, citation searching), the template's right-hand
 * column is drawn beside the two columns of databases and registers, as in Page et al., BMJ 2021;372:n71 and the
 * PRISMA2020 R package: records identified → reports sought → assessed, each with its exclusion box to the right,
 * flowing into the shared box of included studies. Without other methods the two-column layout is unchanged.
 */
export function prismaSvg(f: Flow, title = 'PRISMA 2020 flow diagram'): string {
  const b = f.boxes;
  const nn = (x: number | null) => `(n = ${show(x)})`;
  const upd = f.template === 'updated';
  const LINE = 15;
  const wrapText = (text: string, chars: number): string[] =>
    text.split(' ').reduce<string[]>((out, word) => {
      const last = out[out.length - 1];
      if (last !== undefined && (last + ' ' + word).length <= chars) out[out.length - 1] = `${last} ${word}`;
      else out.push(out.length && /^\s/.test(text) ? `  ${word}` : word);
      return out;
    }, []);
  const box = (x: number, y: number, w: number, lines: string[], cls: string, fill = 'white') => {
    // "(n = 12)" never breaks across lines.
    const keep = (l: string) => l.replace(/\(n = [^)]*\)/g, (m) => m.replace(/ /g, '\u00a0'));
    const wrapped = lines.map(keep).flatMap((l) => (l.length * 6.2 > w - 16 ? wrapText(l, Math.floor((w - 16) / 6.2)).map((p, i) => (i && l.startsWith('  ') ? `    ${p.trim()}` : p)) : [l])).map((l) => l.replace(/\u00a0/g, ' '));
    const h = 14 + wrapped.length * LINE;
    return { h, svg: `<g class="${cls}"><rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="#222"/>${wrapped.map((l, i) => `<text x="${x + 8}" y="${y + 19 + i * LINE}" xml:space="preserve">${esc(l)}</text>`).join('')}</g>` };
  };
  const arrow = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#222" marker-end="url(#arrow)"/>`;
  const PX = 50; // previous column
  const MX = upd ? 290 : 50; // main column
  const MW = 270;
  const RX = MX + MW + 40; // right column
  const RW = 280;
  const oth = f.otherMethods;
  const OX = RX + RW + 40; // other methods: records, reports sought, reports assessed
  const OW = 220;
  const ORX = OX + OW + 40; // other methods: reports not retrieved, reports excluded
  const ORW = 220;
  const OFILL = '#f2f2f2'; // the template's grey for the other-methods column
  const W = (oth ? ORX + ORW : RX + RW) + 20;
  const parts: string[] = [];
  let y = 46;
  const head: string[] = [];
  if (upd) head.push(box(PX, y, 210, ['Previous studies'], 'title', '#d9d9d9').svg);
  head.push(box(MX, y, MW + 40 + RW, ['Identification of new studies via databases and registers'], 'title', '#ffd966').svg);
  if (oth) head.push(box(OX, y, OW + 40 + ORW, [`Identification of ${upd ? 'new ' : ''}studies via other methods`], 'title other-title', '#d9d9d9').svg);
  parts.push(...head);
  y += 50;
  const idTop = y;
  const identified = box(MX, y, MW, ['Records identified from:', `  Databases ${nn(b.database_results)}`, ...(f.databases ?? []).map((d) => `    ${d.database} (n = ${d.n})`), ...(f.databases ? [] : ['    per database: not reported']), `  Registers ${b.register_results === null && upd ? '(none searched)' : nn(b.register_results)}`], 'identified');
  const removed = box(RX, y, RW, ['Records removed before screening:', `  Duplicate records ${nn(b.duplicates)}`, `  Records marked as ineligible by automation tools ${nn(b.excluded_automatic)}`, `  Records removed for other reasons ${nn(b.excluded_other)}`], 'removed');
  parts.push(identified.svg, removed.svg, arrow(MX + MW, y + 20, RX, y + 20));
  const otherIdentified = oth ? box(OX, y, OW, ['Records identified from:', `  Websites ${nn(b.website_results)}`, `  Organisations ${nn(b.organisation_results)}`, `  Citation searching ${nn(b.citations_results)}`], 'other-identified', OFILL) : null;
  if (otherIdentified) parts.push(otherIdentified.svg);
  let prevBox = { h: 0, svg: '' };
  if (upd) {
    prevBox = box(PX, y, 210, [`Studies included in previous version of review ${nn(b.previous_studies)}`, '', `Reports of studies included in previous version of review ${nn(b.previous_reports)}`], 'previous');
    parts.push(prevBox.svg);
  }
  y += Math.max(identified.h, removed.h, otherIdentified?.h ?? 0) + 36;
  parts.push(arrow(MX + MW / 2, idTop + identified.h, MX + MW / 2, y));
  const screenTop = y;
  const rows: [string[], string[], string, string][] = [
    [[`Records screened ${nn(b.records_screened)}`], [`Records excluded ${nn(b.records_excluded)}`, ...f.recordReasons.map((r) => `  ${r.reason} (n = ${r.n})`), ...(f.open.title_abstract + f.open.maybe ? [`  not yet decided: ${f.open.title_abstract}, maybe: ${f.open.maybe}`] : [])], 'screened', 'excluded'],
    [[`Reports sought for retrieval ${nn(b.dbr_sought_reports)}`], [`Reports not retrieved ${nn(b.dbr_notretrieved_reports)}`], 'sought', 'notretrieved'],
    [[`Reports assessed for eligibility ${nn(b.dbr_assessed)}`], ['Reports excluded:', ...(f.reasons.length ? f.reasons.map((r) => `  ${r.reason} (n = ${r.n})`) : [upd ? '  none' : '  not reported']), ...(f.open.full_text ? [`  awaiting a decision: ${f.open.full_text}`] : [])], 'assessed', 'reports-excluded'],
  ];
  // The other-methods column has no screening of records: its first box below "Records identified" is on the row of "Reports sought".
  const otherRows: ([string[], string[], string, string] | null)[] = [
    null,
    [[`Reports sought for retrieval ${nn(b.other_sought_reports)}`], [`Reports not retrieved ${nn(b.other_notretrieved_reports)}`], 'other-sought', 'other-notretrieved'],
    [[`Reports assessed for eligibility ${nn(b.other_assessed)}`], ['Reports excluded:', ...(f.otherReasons.length ? f.otherReasons.map((r) => `  ${r.reason} (n = ${r.n})`) : ['  none'])], 'other-assessed', 'other-excluded'],
  ];
  let otherBottom = idTop + (otherIdentified?.h ?? 0); // where the next arrow down the other-methods column starts
  for (const [i, [left, right, lc, rc]] of rows.entries()) {
    const l = box(MX, y, MW, left, lc);
    const r = box(RX, y, RW, right, rc);
    parts.push(l.svg, r.svg, arrow(MX + MW, y + l.h / 2, RX, y + l.h / 2));
    const o = oth ? otherRows[i] : null;
    let oh = 0;
    if (o) {
      const ol = box(OX, y, OW, o[0], o[2], OFILL);
      const or = box(ORX, y, ORW, o[1], o[3], OFILL);
      parts.push(ol.svg, or.svg, arrow(OX + OW, y + ol.h / 2, ORX, y + ol.h / 2), arrow(OX + OW / 2, otherBottom, OX + OW / 2, y));
      otherBottom = y + ol.h;
      oh = Math.max(ol.h, or.h);
    }
    const next = y + Math.max(l.h, r.h, oh) + 30;
    parts.push(arrow(MX + MW / 2, y + l.h, MX + MW / 2, next));
    y = next;
  }
  const incTop = y;
  const newBox = box(MX, y, MW, [`${upd ? 'New studies included in review' : 'Studies included in review'} ${nn(b.new_studies)}`, `Reports of ${upd ? 'new ' : ''}included studies ${nn(b.new_reports)}`], 'included');
  parts.push(newBox.svg);
  // Reports assessed via other methods flow into the shared box of included studies: down, then left into its side.
  if (oth) parts.push(`<polyline points="${OX + OW / 2},${otherBottom} ${OX + OW / 2},${y + newBox.h / 2} ${MX + MW},${y + newBox.h / 2}" fill="none" stroke="#222" marker-end="url(#arrow)"/>`);
  y += newBox.h;
  if (upd) {
    y += 30;
    parts.push(arrow(MX + MW / 2, y - 30, MX + MW / 2, y));
    const total = box(MX, y, MW, [`Total studies included in review ${nn(b.total_studies)}`, `Reports of total included studies ${nn(b.total_reports)}`], 'total');
    parts.push(total.svg);
    parts.push(`<polyline points="${PX + 105},${idTop + prevBox.h} ${PX + 105},${y + total.h / 2} ${MX - 2},${y + total.h / 2}" fill="none" stroke="#222" marker-end="url(#arrow)"/>`);
    y += total.h;
  }
  // Phase bars: the template's blue side labels.
  const bar = (top: number, bottom: number, label: string) =>
    `<g class="phase"><rect x="12" y="${top}" width="26" height="${bottom - top}" rx="4" fill="#9dc3e6" stroke="#2e75b6"/><text x="25" y="${(top + bottom) / 2}" transform="rotate(-90 25 ${(top + bottom) / 2})" text-anchor="middle" dominant-baseline="middle" font-weight="bold">${label}</text></g>`;
  parts.push(bar(idTop, screenTop - 12, 'Identification'), bar(screenTop, incTop - 12, 'Screening'), bar(incTop, y, 'Included'));
  y += 20;
  const notes = [...f.notes, ...f.checks.filter((c) => !c.ok).map((c) => `${c.kind === 'arithmetic' ? 'Does not add up' : 'Not final'}: ${c.message}`)];
  const noteLines = notes.flatMap((n) => wrapText(n, Math.floor((W - 30) / 6.1)));
  noteLines.forEach((l, i) => parts.push(`<text x="14" y="${y + 14 + i * 14}" font-size="11" fill="${/^(Does not|Not final)/.test(l) ? '#c00000' : '#444'}">${esc(l)}</text>`));
  const H = y + 20 + noteLines.length * 14;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${esc(title)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="14" y="28" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    '</svg>',
  ].join('\n') + '\n';
}
