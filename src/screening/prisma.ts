// The PRISMA 2020 flow, computed from the data. Two templates: the new-review flow (here: the shipped
// review's search exactly as it reported it) and the updated-review flow (previous version + the new search,
// counted from the search log and every recorded decision). A box the data cannot fill is null, shown as
// "not reported", never as 0. Box keys are the PRISMA2020 R package's `data` keys.
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';
import type { Study } from '../schema/study.js';
import { openWorkspace } from './workflow.js';
import type { RecordState } from './state.js';

export const BOX_KEYS = [
  'previous_studies', 'previous_reports', 'database_results', 'database_specific_results', 'register_results', 'website_results', 'organisation_results', 'citations_results',
  'duplicates', 'excluded_automatic', 'excluded_other', 'records_screened', 'records_excluded', 'dbr_sought_reports', 'dbr_notretrieved_reports', 'other_sought_reports',
  'other_notretrieved_reports', 'dbr_assessed', 'dbr_excluded', 'other_assessed', 'other_excluded', 'new_studies', 'new_reports', 'total_studies', 'total_reports',
] as const;
export type BoxKey = (typeof BOX_KEYS)[number];
import { csvText } from '../format/csv.js';

export interface Flow {
  template: 'new' | 'updated';
  boxes: Record<Exclude<BoxKey, 'database_specific_results' | 'dbr_excluded' | 'other_excluded'>, number | null>;
  databases: { database: string; n: number }[] | null;
  reasons: { reason: string; n: number }[];
  /** Reasons given for records excluded at title-abstract (optional there; none when none were given). */
  recordReasons: { reason: string; n: number }[];
  otherReasons: { reason: string; n: number }[];
  otherMethods: boolean;
  /** Records without a final decision yet (per stage); the flow is final when all are 0. */
  open: { title_abstract: number; maybe: number; full_text: number };
  notes: string[];
  checks: { ok: boolean; kind: 'arithmetic' | 'complete'; message: string }[];
}

const OTHER = /citation|website|organi[sz]ation|hand.?search|other/i;

/**
 * The box of the "other methods" column a source's records go to: each record in exactly one. A source naming
 * several ("Organisation websites") goes to the first that matches: citation searching (and hand searching),
 * then organisations, then websites; any other non-database source is counted with citation searching.
 */
export function otherMethodBox(source: string): 'citations' | 'organisations' | 'websites' {
  if (/citation|hand.?search/i.test(source)) return 'citations';
  if (/organi[sz]ation/i.test(source)) return 'organisations';
  if (/website/i.test(source)) return 'websites';
  return 'citations';
}

/** The flow exactly as the review printed it (its 57 listed entries are 53 publications: the reports). */
export function reportedFlow(review: Review, studies: readonly Study[]): Flow {
  const excludedTotal = review.flow.excluded.reduce((n, e) => n + e.n, 0);
  const reports = studies.filter((s) => s.duplicate_of === null).length;
  const remaining = review.flow.identified - excludedTotal;
  return {
    template: 'new',
    boxes: {
      previous_studies: null, previous_reports: null, database_results: review.flow.identified, register_results: null, website_results: null, organisation_results: null, citations_results: null,
      duplicates: null, excluded_automatic: null, excluded_other: null, records_screened: null, records_excluded: null, dbr_sought_reports: null, dbr_notretrieved_reports: null,
      other_sought_reports: null, other_notretrieved_reports: null, dbr_assessed: null, other_assessed: null, new_studies: null, new_reports: reports, total_studies: null, total_reports: reports,
    },
    databases: null,
    reasons: review.flow.excluded.map((e) => ({ reason: e.reason, n: e.n })),
    recordReasons: [],
    otherReasons: [],
    otherMethods: false,
    open: { title_abstract: 0, maybe: 0, full_text: 0 },
    notes: [
      `Records identified from ${review.databases.join(' and ')} together; the review gives no count per database, no duplicates count and no split between title-abstract and full-text screening, so those boxes are "not reported".`,
      `The review's exclusions (${review.flow.excluded.map((e) => e.n).join(' + ')} = ${excludedTotal}) are shown as reports excluded, at a stage it does not name.`,
      `Reports: ${reports} publications (the review lists ${review.flow.included} entries; ${studies.length - reports} repeat a publication). Studies: not reported (the review does not link reports of one study).`,
    ],
    checks: [{ ok: remaining === review.flow.included, kind: 'arithmetic', message: `${review.flow.identified} identified − ${excludedTotal} excluded (${review.flow.excluded.map((e) => e.n).join(' + ')}) = ${remaining}; the review says ${review.flow.included} included` }],
  };
}

/** The updated-review flow: previous version + the new searches, from the search log and the decision log. */
export function updateFlow(review: Review, studies: readonly Study[], states: readonly RecordState[], searchCounts: { database: string; n: number }[] | null, twoStage: boolean): Flow {
  const promoted = new Set(states.filter((s) => s.ref !== null).map((s) => s.ref!));
  const previous = studies.filter((s) => !promoted.has(s.ref));
  const previousReports = previous.filter((s) => s.duplicate_of === null).length;
  const split = (other: boolean) => states.filter((s) => OTHER.test(s.candidate.source) === other);
  const count = (list: readonly RecordState[], pred: (s: RecordState) => boolean) => list.filter(pred).length;
  const dbr = split(false);
  const oth = split(true);
  const otherMethods = oth.length > 0;
  const inBox = (box: ReturnType<typeof otherMethodBox>) => count(oth, (s) => otherMethodBox(s.candidate.source) === box);
  const reasonsOf = (list: readonly RecordState[], outcome: 'excluded-full-text' | 'excluded-title-abstract' = 'excluded-full-text') => {
    const labels = new Map([...review.exclusion_reasons, ...(review.fulltext_reasons ?? [])].map((r) => [r.code, r.label]));
    const m = new Map<string, number>();
    for (const s of list.filter((x) => x.outcome === outcome)) {
      const f = s.stages[outcome === 'excluded-full-text' ? 'full-text' : 'title-abstract'].final!;
      if (outcome === 'excluded-title-abstract' && !f.reason) continue;
      const label = f.reason === 'other' && f.reason_text ? f.reason_text : labels.get(f.reason) ?? (f.reason || 'no reason given');
      m.set(label, (m.get(label) ?? 0) + 1);
    }
    return [...m].map(([reason, n]) => ({ reason, n }));
  };
  const passed = (s: RecordState) => ['full-text-pending', 'not-retrieved', 'excluded-full-text', 'included'].includes(s.outcome);
  const sought = (list: readonly RecordState[]) => count(list, (s) => (twoStage ? passed(s) : s.outcome === 'included'));
  const notRetrieved = (list: readonly RecordState[]) => count(list, (s) => s.outcome === 'not-retrieved');
  const assessed = (list: readonly RecordState[]) => count(list, (s) => s.outcome === 'included' || s.outcome === 'excluded-full-text');
  const screenedRecords = states.filter((s) => s.outcome !== 'duplicate');
  const dbrScreened = dbr.filter((s) => s.outcome !== 'duplicate');
  const included = count(states, (s) => s.outcome === 'included');
  const boxes: Flow['boxes'] = {
    previous_studies: null,
    previous_reports: previousReports,
    database_results: dbr.length,
    register_results: null,
    website_results: otherMethods ? inBox('websites') : null,
    organisation_results: otherMethods ? inBox('organisations') : null,
    citations_results: otherMethods ? inBox('citations') : null,
    duplicates: count(dbr, (s) => s.outcome === 'duplicate'),
    excluded_automatic: 0,
    excluded_other: 0,
    records_screened: dbrScreened.length,
    records_excluded: count(dbr, (s) => s.outcome === 'excluded-title-abstract'),
    dbr_sought_reports: sought(dbr),
    dbr_notretrieved_reports: notRetrieved(dbr),
    other_sought_reports: otherMethods ? sought(oth.filter((s) => s.outcome !== 'duplicate')) : null,
    other_notretrieved_reports: otherMethods ? notRetrieved(oth) : null,
    dbr_assessed: twoStage ? assessed(dbr) : sought(dbr),
    other_assessed: otherMethods ? (twoStage ? assessed(oth) : sought(oth)) : null,
    new_studies: included,
    new_reports: included,
    total_studies: null,
    total_reports: previousReports + included,
  };
  const open = { title_abstract: count(screenedRecords, (s) => s.outcome === 'pending'), maybe: count(screenedRecords, (s) => s.outcome === 'maybe'), full_text: count(screenedRecords, (s) => s.outcome === 'full-text-pending') };
  const reasons = reasonsOf(dbr);
  const otherReasons = reasonsOf(oth);
  const sum = (r: { n: number }[]) => r.reduce((a, b) => a + b.n, 0);
  const b = boxes;
  // The other-methods column has no screening box (PRISMA 2020): records npa screened out at title-abstract, or
  // that are still undecided, are named here so "identified" and "sought" add up.
  const otherChecks = (): Flow['checks'] => {
    const live = oth.filter((s) => s.outcome !== 'duplicate');
    const dup = oth.length - live.length;
    const out = count(live, (s) => s.outcome === 'excluded-title-abstract');
    const undecided = count(live, (s) => s.outcome === 'pending' || s.outcome === 'maybe');
    const pendingFull = twoStage ? count(oth, (s) => s.outcome === 'full-text-pending') : 0;
    const otherIncluded = count(oth, (s) => s.outcome === 'included');
    const identified = b.website_results! + b.organisation_results! + b.citations_results!;
    return [
      { ok: identified - dup - out - undecided === b.other_sought_reports, kind: 'arithmetic', message: `other methods: ${identified} identified − ${dup} duplicates − ${out} excluded at title-abstract (no box in the template) − ${undecided} undecided = ${b.other_sought_reports} sought` },
      { ok: b.other_sought_reports! - b.other_notretrieved_reports! - pendingFull === b.other_assessed, kind: 'arithmetic', message: `other methods: ${b.other_sought_reports} sought − ${b.other_notretrieved_reports} not retrieved − ${pendingFull} awaiting full-text decisions = ${b.other_assessed} assessed` },
      { ok: b.other_assessed! - sum(otherReasons) === otherIncluded, kind: 'arithmetic', message: `other methods: ${b.other_assessed} assessed − ${sum(otherReasons)} excluded = ${otherIncluded} included` },
    ];
  };
  const checks: Flow['checks'] = [
    { ok: b.database_results! - b.duplicates! === b.records_screened, kind: 'arithmetic', message: `${b.database_results} identified − ${b.duplicates} duplicates = ${b.records_screened} screened` },
    { ok: b.records_screened! - b.records_excluded! - open.title_abstract - open.maybe === b.dbr_sought_reports, kind: 'arithmetic', message: `${b.records_screened} screened − ${b.records_excluded} excluded − ${open.title_abstract + open.maybe} undecided = ${b.dbr_sought_reports} sought` },
    { ok: b.dbr_sought_reports! - b.dbr_notretrieved_reports! - (twoStage ? count(dbr, (s) => s.outcome === 'full-text-pending') : 0) === b.dbr_assessed, kind: 'arithmetic', message: `${b.dbr_sought_reports} sought − ${b.dbr_notretrieved_reports} not retrieved − ${twoStage ? count(dbr, (s) => s.outcome === 'full-text-pending') : 0} awaiting full-text decisions = ${b.dbr_assessed} assessed` },
    { ok: b.dbr_assessed! - sum(reasons) === count(dbr, (s) => s.outcome === 'included'), kind: 'arithmetic', message: `${b.dbr_assessed} assessed − ${sum(reasons)} excluded = ${count(dbr, (s) => s.outcome === 'included')} included` },
    ...(otherMethods ? otherChecks() : []),
    { ok: open.title_abstract + open.maybe + open.full_text === 0, kind: 'complete', message: open.title_abstract + open.maybe + open.full_text === 0 ? 'every record has a final decision' : `${open.title_abstract} record(s) without a final title-abstract decision, ${open.maybe} maybe, ${open.full_text} awaiting a full-text decision: the flow is not final` },
  ];
  return {
    template: 'updated', boxes, databases: searchCounts, reasons, recordReasons: reasonsOf(dbr, 'excluded-title-abstract'), otherReasons, otherMethods, open,
    notes: [
      `Previous version: ${previousReports} reports (publications; ${previous.length - previousReports} repeat listings left out). It does not link reports of one study, so studies are "not reported" there and in the total.`,
      'New studies: each included report counts as one new study (no links between new reports were recorded).',
      'Registers were not searched; no records were removed by automation tools or for other reasons before screening.',
    ],
    checks,
  };
}

/** The flow for a data folder: the update when a screening log exists, otherwise the review as reported. */
export function flowOf(dataset: { dir: string; review: Review; studies: Study[]; screening: Candidate[] }, reported = false): Flow {
  if (!dataset.screening.length || reported) return reportedFlow(dataset.review, dataset.studies);
  const ws = openWorkspace(dataset.dir, dataset);
  const perDb = new Map<string, number>();
  for (const s of ws.log) if (!OTHER.test(s.source)) perDb.set(s.source, (perDb.get(s.source) ?? 0) + 1);
  return updateFlow(dataset.review, dataset.studies, ws.states, [...perDb].map(([database, n]) => ({ database, n })), ws.protocol.stages === 2);
}

export const show = (n: number | null) => (n === null ? 'not reported' : String(n));
const reasonText = (r: { reason: string; n: number }[]) => r.map((e) => `${e.reason.replace(/[,;]/g, ' ')}, ${e.n}`).join('; ');

/** One value per `data` key, as the CSV and the JSON give it. */
export function boxValues(f: Flow): Record<BoxKey, number | string | null> {
  return {
    ...f.boxes,
    database_specific_results: f.databases ? f.databases.map((d) => `${d.database}, ${d.n}`).join('; ') : null,
    dbr_excluded: f.reasons.length ? reasonText(f.reasons) : f.template === 'new' ? null : '',
    other_excluded: f.otherMethods ? reasonText(f.otherReasons) : null,
  } as Record<BoxKey, number | string | null>;
}

export function flowJson(f: Flow): Record<string, unknown> {
  return { template: f.template, ...boxValues(f), databases: f.databases, reasons: f.reasons, records_excluded_reasons: f.recordReasons, open: f.open, notes: f.notes, checks: f.checks };
}

export function flowRows(f: Flow): { box: string; n: string }[] {
  const b = f.boxes;
  return [
    ...(f.template === 'updated' ? [{ box: 'Studies included in previous version of review', n: show(b.previous_studies) }, { box: 'Reports of studies included in previous version', n: show(b.previous_reports) }] : []),
    { box: 'Records identified from databases', n: show(b.database_results) },
    ...(f.databases ?? []).map((d) => ({ box: `  ${d.database}`, n: String(d.n) })),
    { box: 'Records identified from registers', n: b.register_results === null && f.template === 'updated' ? 'none searched' : show(b.register_results) },
    ...(f.otherMethods ? [{ box: 'Records from citation searching (other methods)', n: show(b.citations_results) }, { box: 'Records from websites', n: show(b.website_results) }] : []),
    { box: 'Duplicate records removed', n: show(b.duplicates) },
    { box: 'Records marked ineligible by automation tools', n: show(b.excluded_automatic) },
    { box: 'Records removed for other reasons', n: show(b.excluded_other) },
    { box: 'Records screened', n: show(b.records_screened) },
    { box: 'Records excluded', n: show(b.records_excluded) },
    ...f.recordReasons.map((r) => ({ box: `  Records excluded: ${r.reason}`, n: String(r.n) })),
    { box: 'Reports sought for retrieval', n: show(b.dbr_sought_reports) },
    { box: 'Reports not retrieved', n: show(b.dbr_notretrieved_reports) },
    { box: 'Reports assessed for eligibility', n: show(b.dbr_assessed) },
    ...f.reasons.map((r) => ({ box: `  Reports excluded: ${r.reason}`, n: String(r.n) })),
    ...(f.otherMethods ? [{ box: 'Reports sought (other methods)', n: show(b.other_sought_reports) }, { box: 'Reports assessed (other methods)', n: show(b.other_assessed) }] : []),
    ...(f.open.title_abstract + f.open.maybe + f.open.full_text ? [{ box: 'Not yet decided (stage 1 + maybe + stage 2)', n: `${f.open.title_abstract} + ${f.open.maybe} + ${f.open.full_text}` }] : []),
    { box: f.template === 'updated' ? 'New studies included in review' : 'Studies included in review', n: show(b.new_studies) },
    { box: f.template === 'updated' ? 'Reports of new included studies' : 'Reports of included studies', n: show(b.new_reports) },
    ...(f.template === 'updated' ? [{ box: 'Total studies included in review', n: show(b.total_studies) }, { box: 'Reports of total included studies', n: show(b.total_reports) }] : []),
  ];
}

/** The template of the PRISMA2020 R package and Shiny app (columns data,node,box,description,boxtext,tooltips,url,n); NA where not reported. */
export function prisma2020Csv(f: Flow): string {
  const v = boxValues(f);
  const n = (k: BoxKey) => (v[k] === null ? 'NA' : v[k]!);
  const rows: [string, string, string, string, string, string, string, string | number][] = [
    ['NA', 'node4', 'prevstud', 'Grey title box; Previous studies', 'Previous studies', 'Grey title box; Previous studies', 'prevstud.html', 'NA'],
    ['previous_studies', 'node5', 'box1', 'Studies included in previous version of review', 'Studies included in previous version of review', 'Studies included in previous version of review', 'previous_studies.html', n('previous_studies')],
    ['previous_reports', 'NA', 'box1', 'Reports of studies included in previous version of review', 'Reports of studies included in previous version of review', 'NA', 'previous_reports.html', n('previous_reports')],
    ['NA', 'node6', 'newstud', 'Yellow title box; Identification of new studies via databases and registers', 'Identification of new studies via databases and registers', 'Yellow title box; Identification of new studies via databases and registers', 'newstud.html', 'NA'],
    ['database_results', 'node7', 'box2', 'Records identified from: Databases', 'Databases', 'Records identified from: Databases', 'database_results.html', n('database_results')],
    ['database_specific_results', 'NA', 'box2', 'Records identified from: specific databases [separate databases and numbers using ; e.g. Database1, xxx; Database2, xxx]', 'Databases', 'NA', 'NA', n('database_specific_results')],
    ['register_results', 'NA', 'box2', 'Records identified from: Registers', 'Registers', 'NA', 'NA', n('register_results')],
    ['NA', 'node16', 'othstud', 'Grey title box; Identification of new studies via other methods', 'Identification of new studies via other methods', 'Grey title box; Identification of new studies via other methods', 'othstud.html', 'NA'],
    ['website_results', 'node17', 'box11', 'Records identified from: Websites', 'Websites', 'Records identified from: Websites', 'website_results.html', n('website_results')],
    ['organisation_results', 'NA', 'box11', 'Records identified from: Organisations', 'Organisations', 'NA', 'NA', n('organisation_results')],
    ['citations_results', 'NA', 'box11', 'Records identified from: Citation searching', 'Citation searching', 'NA', 'NA', n('citations_results')],
    ['duplicates', 'node8', 'box3', 'Duplicate records', 'Duplicate records', 'Duplicate records', 'duplicates.html', n('duplicates')],
    ['excluded_automatic', 'NA', 'box3', 'Records marked as ineligible by automation tools', 'Records marked as ineligible by automation tools', 'NA', 'NA', n('excluded_automatic')],
    ['excluded_other', 'NA', 'box3', 'Records removed for other reasons', 'Records removed for other reasons', 'NA', 'NA', n('excluded_other')],
    ['records_screened', 'node9', 'box4', 'Records screened (databases and registers)', 'Records screened', 'Records screened (databases and registers)', 'records_screened.html', n('records_screened')],
    ['records_excluded', 'node10', 'box5', 'Records excluded (databases and registers)', 'Records excluded', 'Records excluded (databases and registers)', 'records_excluded.html', n('records_excluded')],
    ['dbr_sought_reports', 'node11', 'box6', 'Reports sought for retrieval (databases and registers)', 'Reports sought for retrieval', 'Reports sought for retrieval (databases and registers)', 'dbr_sought_reports.html', n('dbr_sought_reports')],
    ['dbr_notretrieved_reports', 'node12', 'box7', 'Reports not retrieved (databases and registers)', 'Reports not retrieved', 'Reports not retrieved (databases and registers)', 'dbr_notretrieved_reports.html', n('dbr_notretrieved_reports')],
    ['other_sought_reports', 'node18', 'box12', 'Reports sought for retrieval (other)', 'Reports sought for retrieval', 'Reports sought for retrieval (other)', 'other_sought_reports.html', n('other_sought_reports')],
    ['other_notretrieved_reports', 'node19', 'box13', 'Reports not retrieved (other)', 'Reports not retrieved', 'Reports not retrieved (other)', 'other_notretrieved_reports.html', n('other_notretrieved_reports')],
    ['dbr_assessed', 'node13', 'box8', 'Reports assessed for eligibility (databases and registers)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (databases and registers)', 'dbr_assessed.html', n('dbr_assessed')],
    ['dbr_excluded', 'node14', 'box9', 'Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (databases and registers)', 'dbrexcludedrecords.html', n('dbr_excluded')],
    ['other_assessed', 'node20', 'box14', 'Reports assessed for eligibility (other)', 'Reports assessed for eligibility', 'Reports assessed for eligibility (other)', 'other_assessed.html', n('other_assessed')],
    ['other_excluded', 'node21', 'box15', 'Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]', 'Reports excluded', 'Reports excluded (other)', 'other_excluded.html', n('other_excluded')],
    ['new_studies', 'node15', 'box10', 'New studies included in review', 'New studies included in review', 'New studies included in review', 'new_studies.html', n('new_studies')],
    ['new_reports', 'NA', 'box10', 'Reports of new included studies', 'Reports of new included studies', 'NA', 'NA', n('new_reports')],
    ['total_studies', 'node22', 'box16', 'Total studies included in review', 'Total studies included in review', 'Total studies included in review', 'total_studies.html', n('total_studies')],
    ['total_reports', 'NA', 'box16', 'Reports of total included studies', 'Reports of total included studies', 'NA', 'NA', n('total_reports')],
    ['identification', 'node1', 'identification', 'Blue identification box', 'Identification', 'Blue identification box', 'identification.html', 'NA'],
    ['screening', 'node2', 'screening', 'Blue screening box', 'Screening', 'Blue screening box', 'screening.html', 'NA'],
    ['included', 'node3', 'included', 'Blue included box', 'Included', 'Blue included box', 'included.html', 'NA'],
  ];
  return csvText([['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'], ...rows], { formulaGuard: true });
}
