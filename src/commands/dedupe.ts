// npa dedupe [FILE...]: group records that are the same publication; decisions a person makes are
// kept in a file and applied on every later run.
import { basename, dirname, join, resolve } from 'node:path';
import { decisionsJson, DECISIONS_FILE, markPair, readDecisions, unmarkPair } from '../biblio/decisions.js';
import { dedupeReviewLoop, reviewList } from '../biblio/dedupe-review.js';
import { requireWorkspace } from '../screening/workspace.js';
import { openTerminal, requireTerminal } from './terminal.js';
import { dedupe, keepOnly } from '../biblio/dedupe.js';
import { studyToRecord } from '../biblio/from-study.js';
import type { ImportFormat } from '../biblio/detect.js';
import type { BibRecord } from '../biblio/record.js';
import { formatFromExtension, recordsOutput, type ExportFormat } from '../biblio/write.js';
import { UsageError } from '../errors.js';
import type { TextEncoding } from '../bytes.js';
import { render } from '../format/tabular.js';
import { noteInput, type Io } from '../io.js';
import { commit, transaction } from '../io/journal.js';
import { loadValidDataset } from '../load/cache.js';
import { importAll } from '../biblio/import-all.js';
import { checkOutputTarget, emit } from './output.js';
import { plural } from '../text.js';

export interface DedupeOptions {
  files: string[];
  data: string;
  from?: ImportFormat;
  skipBad: boolean;
  encoding?: TextEncoding;
  json: boolean;
  out?: string;
  to?: ExportFormat;
  decisions?: string;
  markSame?: [string, string];
  markDifferent?: [string, string];
  /** Review the uncertain pairs interactively (npa dedupe --review). */
  review?: boolean;
  formulaGuard: boolean;
}

export async function runDedupe(options: DedupeOptions, io: Io, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  if (options.review) requireTerminal(io, input, 'npa dedupe --review', 'npa dedupe --json (the "maybe" list) and --mark-same/--mark-different');
  let records: BibRecord[];
  if (options.files.length) {
    records = (await importAll(options.files, io, { from: options.from, skipBad: options.skipBad, encoding: options.encoding })).records;
  } else {
    records = (await loadValidDataset(options.data, io.env)).studies.map(studyToRecord);
  }
  const decisionsPath = resolve(io.cwd, options.decisions ?? join(options.data, DECISIONS_FILE));
  // The decisions file is read (and maybe saved below): --out may not be it, and --out is checked
  // before a --mark-* decision is saved, so a refused --out saves nothing.
  noteInput(decisionsPath, options.decisions ?? join(options.data, DECISIONS_FILE));
  checkOutputTarget(io, options.out);
  const ids = new Set(records.map((r) => r.id));
  const marks = ([['same', options.markSame], ['different', options.markDifferent]] as const).filter((m): m is readonly ['same' | 'different', [string, string]] => m[1] !== undefined);
  for (const [kind, pair] of marks) for (const id of pair) if (!ids.has(id)) throw new UsageError(`--mark-${kind}: no record has the id "${id}".`);
  // Decisions are kept in a file the user owns: never in the shipped review or the installed package.
  if (options.review || marks.length) requireWorkspace(dirname(decisionsPath), options.review ? 'npa dedupe --review' : 'npa dedupe --mark-*');
  // Read, changed and saved under the folder's lock, so another person's marks saved meanwhile are kept.
  const save = (command: string, change: (d: ReturnType<typeof readDecisions>) => void) =>
    transaction(dirname(decisionsPath), { command, notice: (t) => io.stderr(t), env: io.env }, () => {
      const current = readDecisions(decisionsPath);
      change(current);
      commit(dirname(decisionsPath), [{ file: basename(decisionsPath), content: decisionsJson(current) }], command);
      return current;
    });
  let decisions = !marks.length ? readDecisions(decisionsPath) : save('npa dedupe --mark', (d) => { for (const [kind, pair] of marks) markPair(d, kind, pair); });
  for (const [kind, pair] of marks) io.stderr(`recorded: ${pair[0]} and ${pair[1]} are ${kind === 'same' ? 'the same publication' : 'different publications'} (${decisionsPath}); saved.\n`);
  let result = dedupe(records, { decisions });
  if (options.review) {
    const items = reviewList(records, result, decisions);
    if (!items.length) io.stderr('No uncertain pairs left to review.\n');
    else {
      const term = openTerminal(io, input, 'npa dedupe --review', 'npa dedupe --mark-same/--mark-different');
      try {
        await dedupeReviewLoop(items, {
          key: term.key, show: (text) => io.stdout(text), width: term.width, height: term.height, color: term.color,
          record: (pair, kind) => {
            decisions = save('npa dedupe --review', (d) => (kind ? markPair(d, kind, pair) : unmarkPair(d, pair)));
          },
        });
      } finally {
        term.close();
      }
      io.stderr(`decisions saved in ${decisionsPath}; applied on every later run.\n`);
      result = dedupe(records, { decisions });
    }
  }
  if (options.json) {
    io.stdout(JSON.stringify({ records: result.records, clusters: result.clusters, maybe: result.maybe, refused: result.refused, oversized_blocks: result.oversizedBlocks }, null, 2) + '\n');
  } else {
    const table = {
      columns: [
        { key: 'keep', header: 'keep' },
        { key: 'ids', header: 'same publication' },
        { key: 'rule', header: 'rule' },
        { key: 'score', header: 'score', align: 'right' as const },
      ],
      rows: result.clusters.map((c) => ({ keep: c.keep, ids: c.ids.join(', '), rule: c.rule, score: c.score.toFixed(2) })),
    };
    io.stdout(result.clusters.length ? await render(table, 'table', { maxWidth: 70, width: io.columns }) : 'No duplicates found.\n');
    if (result.maybe.length) {
      io.stdout(`\nFor a person to decide (npa dedupe --mark-same A,B or --mark-different A,B):\n`);
      io.stdout(await render({
        columns: [{ key: 'a', header: 'record' }, { key: 'b', header: 'record' }, { key: 'score', header: 'rank', align: 'right' as const }, { key: 'reason', header: 'why uncertain' }],
        rows: result.maybe.map((m) => ({ a: m.ids[0], b: m.ids[1], score: m.score.toFixed(2), reason: m.reason })),
      }, 'table', { maxWidth: 70, width: io.columns }));
    }
  }
  const removed = result.clusters.reduce((n, c) => n + c.ids.length - 1, 0);
  io.stderr(`${result.records} records: ${plural(result.clusters.length, 'duplicate group')} (${plural(removed, 'record')} to remove), ${plural(result.maybe.length, 'uncertain pair')}.\n`);
  if (result.refused.length) io.stderr(`${plural(result.refused.length, 'pair')} with similar titles kept apart by a conflicting field (see --json "refused").\n`);
  for (const b of result.oversizedBlocks) io.stderr(`note: ${b.size} records share the block ${b.key}; compared by ${b.how} instead of pair by pair.\n`);
  if (options.out !== undefined) {
    const to = options.to ?? formatFromExtension(options.out) ?? 'json';
    emit(io, recordsOutput(to, keepOnly(records, result), { formulaGuard: options.formulaGuard }), options.out);
  }
  return 0;
}
