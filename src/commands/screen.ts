// npa screen add|list|decide|resolve|conflicts|agreement|clear|fulltext|review|promote|unpromote|history:
// the screening of a new search in a workspace (DATA/screening.csv, screening-decisions.csv, searches.csv).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataError, InputError, UsageError, UserError } from '../errors.js';
import { readTextFile, type Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { displayPath, STUDIES_FILE } from '../load/paths.js';
import { readCsv } from '../load/read-csv.js';
import { render, type FormatName } from '../format/tabular.js';
import { agreement } from '../screening/agreement.js';
import { reviewLoop } from '../screening/review-loop.js';
import type { RecordState } from '../screening/state.js';
import { commit, STAGE_DECISIONS, type DecisionEvent, type Stage } from '../screening/store.js';
import { transaction } from '../io/journal.js';
import { requireWorkspace } from '../screening/workspace.js';
import { addSearch, applyEvents, saveEvents, clearEvent, decisionEvents, fulltextEvent, openWorkspace, promoteIncluded, requireWho, unpromote, type DecisionRow } from '../screening/workflow.js';
import { conflicts, sampleForVerification, stageAgreement } from '../screening/report.js';
import { importAll } from '../biblio/import-all.js';
import { DECISIONS_FILE, readDecisions } from '../biblio/decisions.js';
import { listVersions, VERSIONS_DIR } from '../release/versions.js';
import type { MatchContext } from '../screening/log.js';
import { emit } from './output.js';
import { openTerminal, requireTerminal } from './terminal.js';
import type { TextEncoding } from '../bytes.js';
import { visible } from '../format/visible.js';

const gitUser = () => {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim() || null;
  } catch {
    return null;
  }
};
const who = (name: string | undefined, io: Io) => requireWho(name, io.env, gitUser);
const now = () => new Date().toISOString();

async function open(data: string, io: Io) {
  const dataset = await loadValidDataset(data, io.env);
  return openWorkspace(data, dataset);
}

/** What `screen add` matches against besides the dataset and the log: the included studies of earlier
 * versions that left the dataset, and the dedupe decisions a person made (DATA/dedupe-decisions.json). */
async function matchContext(data: string, refs: number[], io: Io): Promise<MatchContext> {
  const root = join(data, VERSIONS_DIR);
  const current = new Set(refs);
  const previous: NonNullable<MatchContext['previous']> = [];
  for (const version of listVersions(root)) {
    const dir = join(root, version);
    if (!existsSync(join(dir, STUDIES_FILE))) continue;
    const studies = (await loadValidDataset(dir, io.env)).studies.filter((s) => !current.has(s.ref));
    if (studies.length) previous.push({ version, studies });
  }
  // npa dedupe on the dataset names a study by its ref ("17"); the screening log names it ref:17.
  const d = readDecisions(join(data, DECISIONS_FILE));
  const asRef = (id: string) => (/^\d+$/.test(id) && current.has(Number(id)) ? `ref:${id}` : id);
  const both = (pairs: [string, string][]) => [...pairs, ...pairs.map(([a, b]) => [asRef(a), asRef(b)] as [string, string])];
  return { previous, decisions: { same: both(d.same), different: both(d.different) } };
}
/** Reads, changes and saves the workspace holding its lock (so no other writer's change is lost). */
const locked = <T>(data: string, command: string, io: Io, fn: () => Promise<T>): Promise<T> => transaction(data, { command, notice: (t) => io.stderr(t), env: io.env }, fn);

export interface AddOptions { data: string; files: string[]; database?: string; interface?: string; date?: string; strategy?: string; strategyFile?: string; limits?: string; who?: string; force?: string; skipBad: boolean; encoding?: TextEncoding }

export async function runScreenAdd(options: AddOptions, io: Io): Promise<number> {
  requireWorkspace(options.data, 'npa screen add');
  if (options.force !== undefined && !options.force.trim()) throw new UsageError('--force needs a reason, e.g. --force "re-export after a corrupted download".');
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new UsageError(`--date: "${date}" is not a date (YYYY-MM-DD).`);
  const strategy = options.strategyFile !== undefined ? readTextFile(io.cwd, options.strategyFile) : options.strategy ?? null;
  const person = who(options.who, io);
  // The exports are read first (no lock needed); the workspace is read, changed and saved under its lock.
  const exports: { file: string; bytes: Buffer; records: Awaited<ReturnType<typeof importAll>>['records']; database: string }[] = [];
  for (const file of options.files) {
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new InputError(`cannot read ${file}: no such file`);
    const database = options.database ?? basename(file).replace(/\.[^.]+$/, '');
    const { records } = await importAll([file], io, { skipBad: options.skipBad, encoding: options.encoding });
    exports.push({ file, bytes: readFileSync(path), records, database });
  }
  return locked(options.data, 'npa screen add', io, async () => {
    let ws = await open(options.data, io);
    const match = await matchContext(options.data, ws.studies.map((s) => s.ref), io);
    const writes: { file: string; content: string }[] = [];
    const said: string[] = [];
    for (const x of exports) {
      const r = addSearch(ws, { file: basename(x.file), bytes: x.bytes, records: x.records, database: x.database, interface: options.interface ?? null, date, strategy, limits: options.limits ?? null, who: person, force: options.force ?? null, now: now(), match });
      said.push(`${x.file} (${x.database}, searched ${date}): ${r.added} records, sha256 ${r.entry.sha256.slice(0, 12)}…; ${r.duplicatesOfDataset} already in the dataset, ${r.duplicatesOfLog} already in the log or repeated; ${r.possible} possible duplicates noted; ${r.ineligible} flagged by the eligibility checks.\n`);
      ws = { ...ws, log: r.log, searches: r.searches, review: r.review };
      writes.splice(0, writes.length, ...r.writes);
    }
    commit(options.data, writes, 'npa screen add');
    // Said only once saved.
    for (const line of said) io.stderr(line);
    const toScreen = ws.log.filter((c) => c.duplicate_of === null && c.decision === null).length;
    io.stderr(`search log: ${ws.searches.length} search(es); screening log: ${ws.log.length} records, ${toScreen} to screen; saved.\n`);
    return 0;
  });
}


const stageView = (s: RecordState, stage: Stage, viewer: string | undefined) => {
  const st = s.stages[stage];
  const blind = st.status === 'awaiting-second' || st.status === 'pending';
  return {
    status: st.status,
    final: st.final ? { decision: st.final.decision, reason: st.final.reason || null } : null,
    // Votes are shown only once every reviewer has decided (blind screening); a reviewer sees their own.
    votes: st.votes.filter((v) => !blind || v.who === viewer).map((v) => ({ who: v.who, decision: v.decision, reason: v.reason || null })),
    votes_recorded: st.votes.length,
    resolved_by: st.resolution?.who ?? null,
  };
};

export interface ListOptions { data: string; status?: string; stage?: Stage; who?: string; verifySample?: number; seed: number; format: FormatName; out?: string }

export async function runScreenList(options: ListOptions, io: Io): Promise<number> {
  const ws = await open(options.data, io);
  let states = ws.states.filter((s) => options.status === undefined || s.outcome === options.status || (options.status === 'pending' && s.outcome === 'full-text-pending'));
  if (options.stage) states = states.filter((s) => s.stages[options.stage!].status !== 'not-eligible');
  if (options.verifySample !== undefined) states = sampleForVerification(states, options.stage ?? 'title-abstract', options.verifySample, options.seed);
  const rows = states.map((s) => ({
    id: s.candidate.id, title: s.candidate.title, year: s.candidate.year, authors: s.candidate.authors, journal: s.candidate.journal, doi: s.candidate.doi, pmid: s.candidate.pmid,
    source: s.candidate.source, duplicate_of: s.candidate.duplicate_of, outcome: s.outcome, ref: s.ref, fulltext: s.fulltext,
    stages: { 'title-abstract': stageView(s, 'title-abstract', options.who), ...(ws.protocol.stages === 2 ? { 'full-text': stageView(s, 'full-text', options.who) } : {}) },
  }));
  if (options.format === 'json') emit(io, JSON.stringify(rows, null, 2) + '\n', options.out);
  else if (options.verifySample !== undefined && options.format === 'csv') emit(io, `id,decision,reason\n${rows.map((r) => `${r.id},,`).join('\n')}\n`, options.out);
  else {
    const table = {
      columns: [{ key: 'id', header: 'id' }, { key: 'outcome', header: 'outcome' }, { key: 'year', header: 'year', align: 'right' as const }, { key: 'title', header: 'title' }, { key: 'detail', header: 'stage 1 / stage 2' }],
      rows: rows.map((r) => ({ id: r.id, outcome: r.outcome, year: r.year, title: r.title, detail: r.duplicate_of ? `duplicate of ${r.duplicate_of}` : Object.values(r.stages).map((st) => st.final?.decision ?? st.status).join(' / ') })),
    };
    emit(io, await render(table, options.format, { maxWidth: 60, width: io.columns }), options.out);
  }
  io.stderr(`${rows.length} of ${ws.log.length} records.\n`);
  return 0;
}

function readDecisionFile(file: string, io: Io): DecisionRow[] {
  const table = readCsv(readTextFile(io.cwd, file), file);
  const missing = ['id', 'decision'].filter((c) => !table.header.includes(c));
  if (table.issues.length || missing.length)
    throw new DataError(`${file} cannot be read; nothing was written`, [...table.issues, ...missing.map((column) => ({ severity: 'error' as const, code: 'missing_column', file, line: 1, column, message: 'required column (columns: id,decision,reason)' }))]);
  return table.rows.map(({ line, record }) => ({ line, id: record.id?.trim() ?? '', decision: record.decision?.trim() ?? '', reason: record.reason?.trim() ?? '', reason_text: record.reason_text?.trim() ?? '', note: record.notes?.trim() ?? record.note?.trim() ?? '' }));
}

export interface DecideOptions { data: string; stage: Stage; ids: string[]; decision?: string; reason?: string; text?: string; who?: string; note?: string; file?: string; resolve: boolean }

export async function runScreenDecide(options: DecideOptions, io: Io): Promise<number> {
  requireWorkspace(options.data, options.resolve ? 'npa screen resolve' : 'npa screen decide');
  const person = who(options.who, io);
  let rows: DecisionRow[];
  let file = '(command line)';
  if (options.file !== undefined) {
    if (options.ids.length || options.decision) throw new UsageError('give ids with a decision flag, or --file, not both.');
    rows = readDecisionFile(options.file, io);
    file = options.file;
  } else {
    if (!options.decision || !options.ids.length) throw new UsageError(`give record ids and one of ${STAGE_DECISIONS[options.stage].map((d) => `--${d}`).join(', ')} (or --file decisions.csv).`);
    rows = options.ids.map((id) => ({ line: 0, id, decision: options.decision!, reason: options.reason ?? '', reason_text: options.text ?? '', note: options.note ?? '' }));
  }
  const command = options.resolve ? 'npa screen resolve' : 'npa screen decide';
  return locked(options.data, command, io, async () => {
    const ws = await open(options.data, io);
    if (!ws.log.length) throw new UserError(`no screening log in ${displayPath(options.data)}: start with npa screen add FILE --data ${displayPath(options.data)}.`);
    const { events, issues } = decisionEvents(ws, rows, options.stage, person, options.resolve ? 'resolve' : 'decide', file, now());
    if (issues.length) throw new DataError(`${file}: ${issues.length} decision(s) cannot be recorded; nothing was written`, issues);
    commit(options.data, applyEvents(ws, events), command);
    // Said only once saved. Blind: nothing about anyone else's decisions.
    io.stderr(`${events.length} ${options.resolve ? 'resolution' : 'decision'}(s) by ${person} recorded at ${options.stage}; saved.\n`);
    return 0;
  });
}

export async function runScreenClear(options: { data: string; id: string; stage: Stage; who?: string; resolution: boolean; reason?: string }, io: Io): Promise<number> {
  requireWorkspace(options.data, 'npa screen clear');
  const person = who(options.who, io);
  await locked(options.data, 'npa screen clear', io, async () => {
    const ws = await open(options.data, io);
    commit(options.data, clearEvent(ws, options.id, options.stage, person, options.resolution, now(), options.reason ?? ''), 'npa screen clear');
  });
  io.stderr(`${options.resolution ? 'resolution' : `${person}'s decision`} on ${options.id} at ${options.stage} withdrawn (kept in the history).\n`);
  return 0;
}

export async function runScreenConflicts(options: { data: string; stage: Stage; json: boolean; out?: string }, io: Io): Promise<number> {
  const ws = await open(options.data, io);
  const list = conflicts(ws.states, options.stage);
  if (options.json) emit(io, JSON.stringify(list, null, 2) + '\n', options.out);
  else emit(io, await render({ columns: [{ key: 'id', header: 'id' }, { key: 'title', header: 'title' }, { key: 'decisions', header: 'decisions' }], rows: list.map((c) => ({ id: c.id, title: c.title, decisions: c.votes.map((v) => `${v.who}: ${v.decision}${v.reason ? ` (${v.reason})` : ''}`).join('; ') })) }, 'table', { maxWidth: 50, width: io.columns }), options.out);
  io.stderr(`${list.length} conflict(s) at ${options.stage}.\n`);
  return 0;
}

export async function runScreenAgreement(options: { data: string; stage: Stage; json: boolean; out?: string }, io: Io): Promise<number> {
  const ws = await open(options.data, io);
  const a = stageAgreement(ws.states, options.stage);
  if (options.json) emit(io, JSON.stringify(a, null, 2) + '\n', options.out);
  else {
    const f = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toFixed(d));
    const lines = [
      `stage ${a.stage}: ${a.n} records screened by both ${a.reviewers.join(' and ') || '(no two reviewers yet)'}`,
      `agreement ${a.agreement === null ? 'n/a' : `${(a.agreement * 100).toFixed(1)}%`}; Cohen's kappa ${f(a.kappa)} (95% CI ${a.kappa_ci ? `${f(a.kappa_ci[0])} to ${f(a.kappa_ci[1])}` : 'n/a'}); PABAK ${f(a.pabak)}`,
      ...a.table.filter((c) => c.n > 0).map((c) => `  ${a.reviewers[0] ?? 'A'}: ${c.a.padEnd(13)} ${a.reviewers[1] ?? 'B'}: ${c.b.padEnd(13)} ${c.n}`),
    ];
    emit(io, lines.join('\n') + '\n', options.out);
  }
  return 0;
}

export async function runScreenFulltext(options: { data: string; id: string; location: string; who?: string }, io: Io): Promise<number> {
  requireWorkspace(options.data, 'npa screen fulltext');
  const person = who(options.who, io);
  await locked(options.data, 'npa screen fulltext', io, async () => {
    const ws = await open(options.data, io);
    commit(options.data, fulltextEvent(ws, options.id, options.location, person, now()), 'npa screen fulltext');
  });
  io.stderr(`full text of ${options.id}: ${options.location}\n`);
  return 0;
}

export async function runScreenHistory(options: { data: string; id: string; json: boolean }, io: Io): Promise<number> {
  const ws = await open(options.data, io);
  if (!ws.log.some((c) => c.id === options.id)) throw new UsageError(`no record has the id "${options.id}".`);
  const state = ws.states.find((s) => s.candidate.id === options.id)!;
  const mine = ws.events.filter((e) => e.id === options.id);
  // Blind: while a stage waits for its second reviewer, the history shows that a vote exists, not what it was.
  const hidden = (stage: Stage) => state.stages[stage].status === 'awaiting-second';
  const shown = mine.map((e) => (e.action === 'decide' && hidden(e.stage) ? { ...e, decision: '(hidden until both have decided)', reason: '', reason_text: '' } : e));
  if (options.json) io.stdout(JSON.stringify(shown, null, 2) + '\n');
  else io.stdout(shown.map((e) => `${e.when}  ${e.who.padEnd(10)} ${e.stage.padEnd(14)} ${e.action.padEnd(9)} ${[e.decision, e.reason, e.reason_text, e.note].filter(Boolean).join('  ')}`).join('\n') + '\n');
  return 0;
}

export async function runScreenReview(options: { data: string; stage: Stage; who?: string }, io: Io, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  requireWorkspace(options.data, 'npa screen review');
  requireTerminal(io, input, 'npa screen review', 'npa screen decide --file');
  const person = who(options.who, io);
  const ws = await open(options.data, io);
  if (!ws.log.length) throw new UserError(`no screening log in ${displayPath(options.data)}: start with npa screen add FILE.`);
  const term = openTerminal(io, input, 'npa screen review', 'npa screen decide --file');
  try {
    await reviewLoop(ws, options.stage, person, {
      key: term.key,
      line: term.line,
      show: (text) => io.stdout(visible(text, true)),
      width: term.width,
      height: term.height,
      color: term.color,
      record: (events) => saveEvents(options.data, events, io.env, (t) => io.stderr(t)),
      now,
    });
  } finally {
    term.close();
  }
  return 0;
}

export async function runScreenPromote(options: { data: string; ids: string[]; override?: string; who?: string }, io: Io): Promise<number> {
  requireWorkspace(options.data, 'npa screen promote');
  if (options.override !== undefined && !options.override.trim()) throw new UsageError('--override needs a reason, which is logged.');
  const person = who(options.who, io);
  const r = await locked(options.data, 'npa screen promote', io, async () => {
    const ws = await open(options.data, io);
    const studiesText = readTextFile('', join(options.data, STUDIES_FILE));
    const result = promoteIncluded(ws, studiesText, options.ids, options.override ?? null, person, now());
    // studies.csv and the decision log change together or not at all (the journal).
    commit(options.data, result.writes, 'npa screen promote');
    return result;
  });
  for (const x of r.refused) io.stderr(`${x.id}: not promoted, fails the eligibility checks: ${x.problems.join('; ')}. Exclude it, or promote it with --override "why".\n`);
  for (const a of r.added) io.stderr(`${a.id} → ref ${a.ref}${a.override ? ` (eligibility override: ${a.override})` : ''}\n`);
  if (!r.added.length && !r.refused.length) io.stderr('no included record is waiting to be added to the dataset.\n');
  else if (r.added.length) io.stderr(`${r.added.length} record(s) added to ${displayPath(join(options.data, STUDIES_FILE))}; code them with npa code sheet / npa code apply.\n`);
  return r.refused.length ? 2 : 0;
}

export async function runScreenUnpromote(options: { data: string; id: string; reason?: string; who?: string }, io: Io): Promise<number> {
  requireWorkspace(options.data, 'npa screen unpromote');
  const person = who(options.who, io);
  await locked(options.data, 'npa screen unpromote', io, async () => {
    const dataset = await loadValidDataset(options.data, io.env);
    const ws = openWorkspace(options.data, dataset);
    const studiesText = readTextFile('', join(options.data, STUDIES_FILE));
    const citedBy = (ref: number) => [
      ...dataset.outcomes.filter((o) => o.ref === ref).map(() => 'outcomes.csv'),
      ...dataset.claims.filter((c) => c.ref === ref).map(() => 'claims.csv'),
    ].filter((v, i, a) => a.indexOf(v) === i);
    commit(options.data, unpromote(ws, studiesText, options.id, person, options.reason ?? '', now(), citedBy), 'npa screen unpromote');
  });
  io.stderr(`${options.id} taken out of studies.csv; its decisions stay in the log (change them with npa screen decide / clear).\n`);
  return 0;
}
