// The screening workspace's own files beside screening.csv:
//   screening-decisions.csv  every decision event, append-only (who, stage, decision, reason, when)
//   searches.csv             the search log (PRISMA-S): one row per export added
// All writes of a workspace go through commit(), inside a transaction (src/io/journal.ts: the workspace lock
// held while the data are read, changed and saved; several files saved all or nothing).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DataError } from '../errors.js';
import { commit as commitChanges } from '../io/journal.js';
import { displayPath } from '../load/paths.js';
import { readTextFile } from '../io.js';
import { readCsv } from '../load/read-csv.js';
import type { Issue } from '../issues.js';
import { ACTIONS, DECISION_LOG_FILE, EVENT_FIELDS, SEARCH_FIELDS, SEARCH_LOG_FILE, STAGE_DECISIONS, STAGES, type Action, type Stage } from '../schema/workspace.js';

// The names, columns and codes are declared in src/schema/workspace.ts (the data dictionary reads them there).
export { ACTIONS, DECISION_LOG_FILE, EVENT_FIELDS, SEARCH_FIELDS, SEARCH_LOG_FILE, STAGE_DECISIONS, STAGES, type Action, type Stage };

/**
 * One event. action: decide (a reviewer's vote), resolve (the final decision on a conflict), clear (withdraws
 * the person's vote, or with decision = "resolution" the resolution), fulltext (note = path or URL of the
 * report), promote / unpromote (decision = the ref), override (eligibility override at promote; note = reason).
 */
export interface DecisionEvent {
  when: string;
  who: string;
  id: string;
  stage: Stage;
  action: Action;
  decision: string;
  reason: string;
  reason_text: string;
  note: string;
}

export interface SearchEntry {
  n: number;
  database: string;
  interface: string;
  date_searched: string;
  strategy: string;
  limits: string;
  file: string;
  sha256: string;
  records: number;
  new_records: number;
  who: string;
  when: string;
  forced: string;
}

function readTable(dir: string, file: string, fields: readonly string[]): { rows: { line: number; record: Record<string, string> }[]; shown: string } {
  const path = join(dir, file);
  const shown = displayPath(path);
  if (!existsSync(path)) return { rows: [], shown };
  const table = readCsv(readTextFile('', path), shown); // strict UTF-8: a damaged byte is an error naming its line, never a silent U+FFFD written back
  const issues: Issue[] = [...table.issues];
  for (const f of fields) if (!table.header.includes(f)) issues.push({ severity: 'error', code: 'missing_column', file: shown, line: 1, column: f, message: 'required column missing' });
  if (issues.length) throw new DataError(`${shown} cannot be read`, issues);
  return { rows: table.rows, shown };
}

export function readEvents(dir: string): DecisionEvent[] {
  const { rows, shown } = readTable(dir, DECISION_LOG_FILE, EVENT_FIELDS);
  const issues: Issue[] = [];
  const events = rows.map(({ line, record }) => {
    if (!(STAGES as readonly string[]).includes(record.stage ?? '')) issues.push({ severity: 'error', code: 'invalid_value', file: shown, line, column: 'stage', value: record.stage ?? '', message: 'not a stage', accepted: STAGES });
    if (!(ACTIONS as readonly string[]).includes(record.action ?? '')) issues.push({ severity: 'error', code: 'invalid_value', file: shown, line, column: 'action', value: record.action ?? '', message: 'not an action', accepted: ACTIONS });
    if (!record.who) issues.push({ severity: 'error', code: 'missing_value', file: shown, line, column: 'who', value: '', message: 'every decision names who made it' });
    return Object.fromEntries(EVENT_FIELDS.map((f) => [f, record[f] ?? ''])) as unknown as DecisionEvent;
  });
  if (issues.length) throw new DataError(`${shown} is damaged; nothing was changed`, issues);
  return events;
}

export function readSearches(dir: string): SearchEntry[] {
  const { rows } = readTable(dir, SEARCH_LOG_FILE, SEARCH_FIELDS);
  return rows.map(({ record }) => ({
    ...(Object.fromEntries(SEARCH_FIELDS.map((f) => [f, record[f] ?? ''])) as unknown as SearchEntry),
    n: Number(record.n),
    records: Number(record.records),
    new_records: Number(record.new_records),
  }));
}

export const eventsCsv = (events: readonly DecisionEvent[]): string =>
  stringify([[...EVENT_FIELDS], ...events.map((e) => EVENT_FIELDS.map((f) => e[f]))], { record_delimiter: '\n' });

export const searchesCsv = (entries: readonly SearchEntry[]): string =>
  stringify([[...SEARCH_FIELDS], ...entries.map((e) => SEARCH_FIELDS.map((f) => String(e[f])))], { record_delimiter: '\n' });

/**
 * Saves a set of workspace files all or nothing (the journal of src/io/journal.ts). The caller holds the
 * workspace's lock (transaction()) and computed the files from data read under it.
 */
export function commit(dir: string, files: { file: string; content: string }[], command = 'npa'): void {
  commitChanges(dir, files.map(({ file, content }) => ({ file, content })), command);
}
