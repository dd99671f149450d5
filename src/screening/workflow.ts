// The yearly update's operations on a workspace: add a search (PRISMA-S entry), record and resolve
// decisions per stage and reviewer, attach full texts, promote and un-promote. Each returns the files to
// write; the command hands them to commit() in one go.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BibRecord } from '../biblio/record.js';
import { UsageError, UserError } from '../errors.js';
import type { Issue } from '../issues.js';
import { REVIEW_FILE, SCREENING_FILE, STUDIES_FILE } from '../load/paths.js';
import { FIELD_NAMES } from '../schema/fields.js';
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';
import type { Study } from '../schema/study.js';
import { styleAuthors } from './authors.js';
import { checkCandidate, checkRecord, eligibilityNote } from './eligibility.js';
import { addCandidates, screeningCsv } from './log.js';
import { deriveStates, legacyEvents, mirror, protocolOf, type Protocol, type RecordState } from './state.js';
import { DECISION_LOG_FILE, eventsCsv, readEvents, readSearches, SEARCH_LOG_FILE, searchesCsv, STAGE_DECISIONS, STAGES, type DecisionEvent, type SearchEntry, type Stage } from './store.js';
import { existsSync } from 'node:fs';
import { readRaw, writeRaw } from './studies-file.js';

export interface Workspace {
  dir: string;
  review: Review;
  studies: Study[];
  log: Candidate[];
  events: DecisionEvent[];
  searches: SearchEntry[];
  protocol: Protocol;
  states: RecordState[];
}

export function openWorkspace(dir: string, dataset: { review: Review; studies: Study[]; screening: Candidate[] }): Workspace {
  const hasLog = existsSync(join(dir, DECISION_LOG_FILE));
  const events = hasLog ? readEvents(dir) : legacyEvents(dataset.screening);
  const protocol = protocolOf(dataset.review);
  return { dir, review: dataset.review, studies: dataset.studies, log: dataset.screening, events, searches: readSearches(dir), protocol, states: deriveStates(dataset.screening, events, protocol) };
}

export type FileWrite = { file: string; content: string };

/** The decision log first (the record of what people decided), then the derived mirror. */
function decisionWrites(ws: Workspace, events: DecisionEvent[], log: Candidate[] = ws.log): FileWrite[] {
  const states = deriveStates(log, events, ws.protocol);
  return [
    { file: DECISION_LOG_FILE, content: eventsCsv(events) },
    { file: SCREENING_FILE, content: screeningCsv(mirror(states)) },
  ];
}

export const requireWho = (who: string | undefined | null, env: NodeJS.ProcessEnv, gitUser: () => string | null): string => {
  const name = (who ?? gitUser() ?? env.USER ?? env.USERNAME ?? '').trim();
  if (!name) throw new UsageError('--who: say who decides (an empty name is refused; default is the git user or $USER).');
  return name;
};

export const parseStage = (value: string | undefined): Stage => {
  if (value === undefined) throw new UsageError(`--stage: give ${STAGES.join(' or ')}.`);
  if (!(STAGES as readonly string[]).includes(value)) throw new UsageError(`--stage: "${value}" is not a stage (${STAGES.join(', ')}).`);
  return value as Stage;
};

export interface AddSearchInput {
  file: string;
  bytes: Buffer;
  records: BibRecord[];
  database: string;
  interface: string | null;
  date: string;
  strategy: string | null;
  limits: string | null;
  who: string;
  force: string | null;
  now: string;
}

export interface AddSearchResult {
  writes: FileWrite[];
  entry: SearchEntry;
  added: number;
  duplicatesOfDataset: number;
  duplicatesOfLog: number;
  possible: number;
  ineligible: number;
  log: Candidate[];
  searches: SearchEntry[];
  review: Review;
}

export function addSearch(ws: Workspace, input: AddSearchInput): AddSearchResult {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const same = ws.searches.find((s) => s.sha256 === sha256);
  if (same && !input.force)
    throw new UsageError(`${input.file} was already added (search ${same.n}: ${same.database}, ${same.date_searched}, file ${same.file}, same sha256); nothing was written. To add it again on purpose: --force "why".`);
  const result = addCandidates(ws.log, input.records, input.database, ws.studies);
  const fresh = result.candidates.slice(ws.log.length);
  const repeats = fresh.filter((c) => c.duplicate_of !== null && !c.duplicate_of.startsWith('ref:')).length;
  if (!input.force && fresh.length > 0 && repeats === fresh.length && ws.log.length > 0)
    throw new UsageError(`every one of the ${fresh.length} records of ${input.file} is already in the screening log (the same records as an earlier search); nothing was written. To add it anyway: --force "why".`);
  const strategy = input.strategy ?? ws.review.search_strategies?.[input.database]?.strategy ?? ws.review.search_terms.join(' AND ');
  const limits = input.limits ?? ws.review.search_strategies?.[input.database]?.limits ?? '';
  const iface = input.interface ?? ws.review.search_strategies?.[input.database]?.interface ?? input.database;
  const entry: SearchEntry = {
    n: ws.searches.length + 1, database: input.database, interface: iface, date_searched: input.date, strategy, limits, file: input.file, sha256,
    records: input.records.length, new_records: fresh.filter((c) => c.duplicate_of === null).length, who: input.who, when: input.now, forced: input.force ?? '',
  };
  const searches = [...ws.searches, entry];
  const review: Review = {
    ...ws.review,
    search_strategies: { ...(ws.review.search_strategies ?? {}), [input.database]: { interface: iface, strategy, ...(limits ? { limits } : {}) } },
    last_search: !ws.review.last_search || input.date > ws.review.last_search ? input.date : ws.review.last_search,
  };
  let ineligible = 0;
  for (const c of fresh) {
    const r = input.records.find((x) => `${input.database}:${x.id}` === c.id.replace(/#\d+$/, ''));
    const note = r && c.duplicate_of === null ? eligibilityNote(checkRecord(r, review)) : null;
    if (note) {
      ineligible++;
      c.notes = c.notes ? `${c.notes} | ${note}` : note;
    }
  }
  const writes: FileWrite[] = [
    { file: SEARCH_LOG_FILE, content: searchesCsv(searches) },
    ...(ws.events.length && !existsSync(join(ws.dir, DECISION_LOG_FILE)) ? [{ file: DECISION_LOG_FILE, content: eventsCsv(ws.events) }] : []),
    { file: SCREENING_FILE, content: screeningCsv(mirror(deriveStates(result.candidates, ws.events, ws.protocol))) },
    { file: REVIEW_FILE, content: JSON.stringify(review, null, 2) + '\n' },
  ];
  return { writes, entry, added: fresh.length, duplicatesOfDataset: result.duplicatesOfDataset, duplicatesOfLog: result.duplicatesOfLog, possible: result.possible.length, ineligible, log: result.candidates, searches, review };
}

export interface DecisionRow {
  line: number;
  id: string;
  decision: string;
  reason: string;
  reason_text: string;
  note: string;
}

export function reasonCodes(review: Review, stage: Stage): string[] {
  return [...review.exclusion_reasons, ...(stage === 'full-text' ? review.fulltext_reasons ?? [] : [])].map((r) => r.code);
}

/** Checks every row; returns the new events, or every problem (file, line, column) and writes nothing. */
export function decisionEvents(ws: Workspace, rows: readonly DecisionRow[], stage: Stage, who: string, action: 'decide' | 'resolve', file: string, now: string): { events: DecisionEvent[]; issues: Issue[] } {
  const byId = new Map(ws.states.map((s) => [s.candidate.id, s]));
  const issues: Issue[] = [];
  const events: DecisionEvent[] = [];
  const codes = reasonCodes(ws.review, stage);
  const allowed = STAGE_DECISIONS[stage];
  const seen = new Set<string>();
  for (const row of rows) {
    const bad = (column: string, value: string, message: string, accepted?: readonly string[]) => issues.push({ severity: 'error', code: 'bad_decision', file, line: row.line, column, value, message, ...(accepted ? { accepted } : {}) });
    const s = byId.get(row.id);
    if (!s) { bad('id', row.id, 'no record has this id (see npa screen list)'); continue; }
    if (seen.has(row.id)) { bad('id', row.id, 'the same id twice in one file'); continue; }
    seen.add(row.id);
    if (s.outcome === 'duplicate') { bad('id', row.id, `a duplicate of ${s.candidate.duplicate_of}; duplicates are removed before screening`); continue; }
    if (stage === 'full-text' && ws.protocol.stages === 1) { bad('id', row.id, 'the protocol has one screening stage (review.json protocol.stages = 1): use --stage title-abstract'); continue; }
    if (stage === 'full-text' && s.stages['title-abstract'].final?.decision !== 'include') { bad('id', row.id, 'not included at title-abstract yet (a full text is assessed only for records that pass stage 1)'); continue; }
    if (s.ref !== null) { bad('id', row.id, `already promoted to ref ${s.ref}; run npa screen unpromote ${row.id} first`); continue; }
    if (!allowed.includes(row.decision)) { bad('decision', row.decision, `not a ${stage} decision`, allowed); continue; }
    if (row.decision === 'exclude' && stage === 'full-text' && !row.reason) { bad('reason', '', 'a full-text exclusion needs a reason from the controlled list', codes); continue; }
    if (row.reason && row.decision !== 'exclude') { bad('reason', row.reason, 'only an exclusion has a reason'); continue; }
    if (row.reason && !codes.includes(row.reason)) { bad('reason', row.reason, `not a ${stage} reason of review.json`, codes); continue; }
    if (row.reason === 'other' && !row.reason_text) { bad('reason_text', '', 'reason "other" needs reason_text'); continue; }
    if (action === 'resolve' && s.stages[stage].status !== 'conflict' && s.stages[stage].status !== 'awaiting-second' && !s.stages[stage].resolution) { bad('id', row.id, `there is no conflict to resolve at ${stage} (status: ${s.stages[stage].status})`); continue; }
    events.push({ when: now, who, id: row.id, stage, action, decision: row.decision, reason: row.reason, reason_text: row.reason_text, note: row.note });
  }
  return { events, issues };
}

export function applyEvents(ws: Workspace, events: DecisionEvent[]): FileWrite[] {
  return decisionWrites(ws, [...ws.events, ...events]);
}

export function clearEvent(ws: Workspace, id: string, stage: Stage, who: string, resolution: boolean, now: string, reason: string): FileWrite[] {
  const s = ws.states.find((x) => x.candidate.id === id);
  if (!s) throw new UsageError(`no record has the id "${id}" (see npa screen list).`);
  if (s.ref !== null) throw new UsageError(`"${id}" is promoted to ref ${s.ref}; run npa screen unpromote ${id} first.`);
  const st = s.stages[stage];
  if (resolution ? !st.resolution : !st.votes.some((v) => v.who === who)) throw new UsageError(`"${id}" has no ${resolution ? 'resolution' : `decision by ${who}`} at ${stage} to withdraw.`);
  return applyEvents(ws, [{ when: now, who, id, stage, action: 'clear', decision: resolution ? 'resolution' : '', reason: '', reason_text: '', note: reason }]);
}

export function fulltextEvent(ws: Workspace, id: string, location: string, who: string, now: string): FileWrite[] {
  const s = ws.states.find((x) => x.candidate.id === id);
  if (!s) throw new UsageError(`no record has the id "${id}" (see npa screen list).`);
  if (!location.trim()) throw new UsageError('give the full text\'s path or URL.');
  return applyEvents(ws, [{ when: now, who, id, stage: 'full-text', action: 'fulltext', decision: '', reason: '', reason_text: '', note: location.trim() }]);
}

const PMID = /^[1-9]\d{0,8}$/;

export interface PromoteResult {
  writes: FileWrite[];
  added: { id: string; ref: number; override: string | null }[];
  refused: { id: string; problems: string[] }[];
}

/** Included records not yet in the dataset → study rows in the dataset's style; ineligible ones need --override. */
export function promoteIncluded(ws: Workspace, studiesText: string, ids: readonly string[], override: string | null, who: string, now: string): PromoteResult {
  const chosen = ws.states.filter((s) => s.outcome === 'included' && s.ref === null && (!ids.length || ids.includes(s.candidate.id)));
  for (const id of ids) if (!chosen.some((s) => s.candidate.id === id)) throw new UsageError(`"${id}" is not an included record waiting to be promoted (see npa screen list).`);
  const refused: PromoteResult['refused'] = [];
  const table = readRaw(studiesText, STUDIES_FILE);
  let next = Math.max(0, ...ws.studies.map((s) => s.ref), ...table.rows.map((r) => Number(r.ref) || 0)) + 1;
  const added: PromoteResult['added'] = [];
  const events: DecisionEvent[] = [];
  for (const s of chosen) {
    const c = s.candidate;
    const problems = checkCandidate(c, ws.review);
    if (problems.length && !override) { refused.push({ id: c.id, problems }); continue; }
    const ref = next++;
    const { authors, first } = styleAuthors(c.authors ? c.authors.split(/;\s*/) : []);
    const seenIn = `seen in the ${c.source} export (npa screen promote, record ${c.id})`;
    const pmid = c.pmid && PMID.test(c.pmid) ? c.pmid : '';
    const notes = [`Added from screening (${c.id}); coded fields still to be filled from the source (npa code sheet).`, ...(s.fulltext ? [`Full text: ${s.fulltext}.`] : []), ...(problems.length ? [`Eligibility override: ${override} (${problems.join('; ')}; ${who}, ${now.slice(0, 10)}).`] : [])].join(' ');
    const row: Record<string, string> = Object.fromEntries(FIELD_NAMES.map((f) => [f, '']));
    Object.assign(row, {
      ref: String(ref), authors: authors || '(no authors exported)', first_author: first || '(none)', year: c.year === null ? '' : String(c.year), title: c.title ?? '(no title exported)',
      journal: c.journal ?? '(no journal exported)', volume: c.volume ?? '', issue: c.issue ?? '', pages: c.pages ?? '', pmid, pmid_source: pmid ? seenIn : '', doi: c.doi ?? '', doi_source: c.doi ? seenIn : '',
      annotated: 'false', coding_source: 'not yet coded', notes,
    });
    table.rows.push(row);
    added.push({ id: c.id, ref, override: problems.length ? override : null });
    if (problems.length) events.push({ when: now, who, id: c.id, stage: 'full-text', action: 'override', decision: String(ref), reason: '', reason_text: '', note: `${override} (${problems.join('; ')})` });
    events.push({ when: now, who, id: c.id, stage: ws.protocol.stages === 2 ? 'full-text' : 'title-abstract', action: 'promote', decision: String(ref), reason: '', reason_text: '', note: '' });
  }
  const writes = added.length ? [...decisionWrites(ws, [...ws.events, ...events]), { file: STUDIES_FILE, content: writeRaw(table) }] : [];
  return { writes, added, refused };
}

/** Takes a promoted record back out of studies.csv (refused while outcomes or claims cite its ref). */
export function unpromote(ws: Workspace, studiesText: string, id: string, who: string, reason: string, now: string, citedBy: (ref: number) => string[]): FileWrite[] {
  const s = ws.states.find((x) => x.candidate.id === id);
  if (!s) throw new UsageError(`no record has the id "${id}" (see npa screen list).`);
  if (s.ref === null) throw new UsageError(`"${id}" is not promoted.`);
  const cited = citedBy(s.ref);
  if (cited.length) throw new UserError(`ref ${s.ref} is used by ${cited.join(', ')}; remove those rows first (nothing was changed).`);
  const table = readRaw(studiesText, STUDIES_FILE);
  const before = table.rows.length;
  table.rows = table.rows.filter((r) => r.ref !== String(s.ref));
  if (table.rows.length !== before - 1) throw new UserError(`ref ${s.ref} is not in studies.csv once; nothing was changed.`);
  const event: DecisionEvent = { when: now, who, id, stage: 'full-text', action: 'unpromote', decision: String(s.ref), reason: '', reason_text: '', note: reason };
  return [...decisionWrites(ws, [...ws.events, event]), { file: STUDIES_FILE, content: writeRaw(table) }];
}

export const fileSha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
