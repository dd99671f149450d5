// npa screen add|list|decide|review|promote: the screening of a new search, kept in DATA/screening.csv.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCsv } from '../load/read-csv.js';
import { DataError, NpaError, UsageError, UserError } from '../errors.js';
import { readTextFile, writeFileAtomic, type Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { SCREENING_FILE, STUDIES_FILE } from '../load/paths.js';
import type { Issue } from '../issues.js';
import { DECISIONS, type Candidate, type Decision } from '../schema/screening.js';
import { render, type FormatName } from '../format/tabular.js';
import { addCandidates, decide, promote, screeningCsv } from '../screening/log.js';
import { reviewLoop } from '../screening/review-loop.js';
import { importAll } from '../biblio/import-all.js';
import { emit } from './output.js';
import { visible } from '../format/visible.js';
import type { TextEncoding } from '../bytes.js';

const logPath = (data: string) => join(data, SCREENING_FILE);

export async function runScreenAdd(options: { data: string; files: string[]; source?: string; skipBad: boolean; encoding?: TextEncoding }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  let log = dataset.screening;
  let total = { added: 0, dataset: 0, log: 0 };
  for (const file of options.files) {
    const source = options.source ?? basename(file).replace(/\.[^.]+$/, '');
    const { records } = await importAll([file], io, { skipBad: options.skipBad, encoding: options.encoding });
    const result = addCandidates(log, records, source, dataset.studies);
    log = result.candidates;
    total = { added: total.added + result.added, dataset: total.dataset + result.duplicatesOfDataset, log: total.log + result.duplicatesOfLog };
    io.stderr(`${file} (source "${source}"): ${result.added} records; ${result.duplicatesOfDataset} already in the dataset, ${result.duplicatesOfLog} already in the log or repeated in the search; ${result.possible.length} possible duplicates noted for screening.\n`);
  }
  writeFileAtomic(logPath(options.data), screeningCsv(log));
  const pending = log.filter((c) => c.duplicate_of === null && c.decision === null).length;
  io.stderr(`screening log: ${log.length} records, ${pending} to screen (${logPath(options.data)}).\n`);
  return 0;
}

export async function runScreenList(options: { data: string; status?: string; format: FormatName; out?: string }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const statusOf = (c: Candidate) => (c.duplicate_of ? 'duplicate' : c.decision ?? 'pending');
  const rows = dataset.screening.filter((c) => options.status === undefined || statusOf(c) === options.status);
  if (options.format === 'json') emit(io, JSON.stringify(rows, null, 2) + '\n', options.out);
  else {
    const table = {
      columns: [
        { key: 'id', header: 'id' }, { key: 'status', header: 'status' }, { key: 'year', header: 'year', align: 'right' as const },
        { key: 'title', header: 'title' }, { key: 'detail', header: 'duplicate of / reason' },
      ],
      rows: rows.map((c) => ({ id: c.id, status: statusOf(c), year: c.year, title: c.title, detail: c.duplicate_of ?? c.reason_text ?? c.reason ?? c.notes ?? '' })),
    };
    emit(io, await render(table, options.format, { maxWidth: 60 }), options.out);
  }
  io.stderr(`${rows.length} of ${dataset.screening.length} records.\n`);
  return 0;
}

export interface DecideOptions {
  data: string;
  ids: string[];
  decision?: Decision;
  reason?: string;
  text?: string;
  who?: string;
  note?: string;
  file?: string;
}

export async function runScreenDecide(options: DecideOptions, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  if (!dataset.screening.length) throw new UserError(`no screening log in ${options.data}: start with npa screen add FILE.`);
  const when = new Date().toISOString();
  let log = dataset.screening;
  if (options.file !== undefined) {
    if (options.ids.length || options.decision) throw new UsageError('give ids with --include/--exclude/--maybe, or --file, not both.');
    const table = readCsv(readTextFile(io.cwd, options.file), options.file, { trim: true });
    if (table.issues.length) throw new DataError(`${options.file} is not valid CSV; nothing was written`, table.issues);
    const records = table.rows;
    const issues: Issue[] = [];
    for (const { record, line } of records) {
      const decision = record.decision as Decision;
      if (!(DECISIONS as readonly string[]).includes(decision)) {
        issues.push({ severity: 'error', code: 'invalid_value', file: options.file, line, column: 'decision', value: record.decision ?? '', message: 'not a decision', accepted: DECISIONS });
        continue;
      }
      try {
        log = decide(log, [record.id ?? ''], { decision, reason: record.reason || null, reasonText: record.reason_text || null, who: record.who || options.who || null, note: record.notes || null, when }, dataset.review);
      } catch (error) {
        if (!(error instanceof NpaError)) throw error; // a bug is not a data issue
        issues.push({ severity: 'error', code: 'bad_decision', file: options.file, line, column: 'id', value: record.id ?? '', message: (error as Error).message.replace(/\.$/, '') });
      }
    }
    if (issues.length) throw new DataError(`${options.file}: ${issues.length} decision(s) cannot be recorded; nothing was written`, issues);
    io.stderr(`${records.length} decisions recorded.\n`);
  } else {
    if (!options.decision || !options.ids.length) throw new UsageError('give candidate ids and one of --include, --exclude REASON, --maybe (or --file decisions.csv).');
    log = decide(log, options.ids, { decision: options.decision, reason: options.reason, reasonText: options.text, who: options.who, note: options.note, when }, dataset.review);
    io.stderr(`${options.ids.length} record(s) marked ${options.decision}${options.reason ? ` (${options.reason})` : ''}.\n`);
  }
  writeFileAtomic(logPath(options.data), screeningCsv(log));
  return 0;
}

export async function runScreenReview(options: { data: string; who?: string }, io: Io, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  if (!input.isTTY || !io.isTTY) throw new UsageError('npa screen review needs a terminal; in scripts use npa screen decide.');
  const dataset = await loadValidDataset(options.data, io.env);
  if (!dataset.screening.length) throw new UserError(`no screening log in ${options.data}: start with npa screen add FILE.`);
  const keys: string[] = [];
  let wake: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    keys.push(...chunk.toString('utf8'));
    wake?.();
  };
  input.setRawMode(true);
  input.on('data', onData);
  input.resume();
  const nextKey = async () => {
    while (!keys.length) await new Promise<void>((r) => (wake = r));
    return keys.shift()!;
  };
  try {
    const { decided } = await reviewLoop(dataset.screening, dataset.review, {
      key: nextKey,
      line: async (prompt) => {
        io.stdout(prompt);
        let text = '';
        for (;;) {
          const k = await nextKey();
          if (k === '\r' || k === '\n') return text;
          if (k === '\u0003') return null;
          if (k === '\u007f') text = text.slice(0, -1);
          else text += k;
          io.stdout(k === '\u007f' ? '\b \b' : k);
        }
      },
      show: (text) => io.stdout(`${visible(text, true)}\n`),
      save: (log) => writeFileAtomic(logPath(options.data), screeningCsv(log)),
      now: () => new Date().toISOString(),
    }, options.who ?? null);
    io.stderr(`${decided} decision(s) saved.\n`);
  } finally {
    input.setRawMode(false);
    input.off('data', onData);
    input.pause();
  }
  return 0;
}

export async function runScreenPromote(options: { data: string }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const result = promote(dataset.screening, dataset.studies);
  if (!result.added.length) {
    io.stderr('no included record is waiting to be added to the dataset.\n');
    return 0;
  }
  // studies.csv gets the new rows appended (existing bytes untouched), then the log records their refs.
  const studiesPath = join(options.data, STUDIES_FILE);
  const current = readFileSync(studiesPath, 'utf8');
  writeFileAtomic(studiesPath, (current.endsWith('\n') ? current : `${current}\n`) + result.rows);
  writeFileAtomic(logPath(options.data), screeningCsv(result.log));
  for (const a of result.added) io.stderr(`${a.id} → ref ${a.ref}\n`);
  io.stderr(`${result.added.length} record(s) added to ${studiesPath}; fill in their coding (npa validate lists what is missing).\n`);
  return 0;
}

