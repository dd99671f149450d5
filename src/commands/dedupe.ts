// npa dedupe [FILE...]: group records that are the same publication; decisions a person makes are
// kept in a file and applied on every later run.
import { join, resolve } from 'node:path';
import { DECISIONS_FILE, markPair, readDecisions } from '../biblio/decisions.js';
import { dedupe, keepOnly } from '../biblio/dedupe.js';
import { studyToRecord } from '../biblio/from-study.js';
import type { ImportFormat } from '../biblio/detect.js';
import type { BibRecord } from '../biblio/record.js';
import { formatFromExtension, recordsOutput, type ExportFormat } from '../biblio/write.js';
import { UsageError } from '../errors.js';
import type { TextEncoding } from '../bytes.js';
import { render } from '../format/tabular.js';
import { noteInput, type Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { importAll } from '../biblio/import-all.js';
import { checkOutputTarget, emit } from './output.js';

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
  formulaGuard: boolean;
}

export async function runDedupe(options: DedupeOptions, io: Io): Promise<number> {
  let records: BibRecord[];
  if (options.files.length) {
    records = (await importAll(options.files, io, { from: options.from, skipBad: options.skipBad, encoding: options.encoding })).records;
  } else {
    records = (await loadValidDataset(options.data, io.env)).studies.map(studyToRecord);
  }
  const decisionsPath = resolve(io.cwd, options.decisions ?? join(options.data, DECISIONS_FILE));
  const decisions = readDecisions(decisionsPath);
  // The decisions file is read (and maybe saved below): --out may not be it, and --out is checked
  // before a --mark-* decision is saved, so a refused --out saves nothing.
  noteInput(decisionsPath, options.decisions ?? join(options.data, DECISIONS_FILE));
  checkOutputTarget(io, options.out);
  const ids = new Set(records.map((r) => r.id));
  for (const [kind, pair] of [['same', options.markSame], ['different', options.markDifferent]] as const) {
    if (!pair) continue;
    for (const id of pair) if (!ids.has(id)) throw new UsageError(`--mark-${kind}: no record has the id "${id}".`);
    markPair(decisions, kind, pair, decisionsPath);
    io.stderr(`recorded: ${pair[0]} and ${pair[1]} are ${kind === 'same' ? 'the same publication' : 'different publications'} (${decisionsPath}).\n`);
  }
  const result = dedupe(records, { decisions });
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
    io.stdout(result.clusters.length ? await render(table, 'table', { maxWidth: 70 }) : 'No duplicates found.\n');
    if (result.maybe.length) {
      io.stdout(`\nFor a person to decide (npa dedupe --mark-same A,B or --mark-different A,B):\n`);
      io.stdout(await render({
        columns: [{ key: 'a', header: 'record' }, { key: 'b', header: 'record' }, { key: 'score', header: 'rank', align: 'right' as const }, { key: 'reason', header: 'why uncertain' }],
        rows: result.maybe.map((m) => ({ a: m.ids[0], b: m.ids[1], score: m.score.toFixed(2), reason: m.reason })),
      }, 'table', { maxWidth: 70 }));
    }
  }
  const removed = result.clusters.reduce((n, c) => n + c.ids.length - 1, 0);
  io.stderr(`${result.records} records: ${result.clusters.length} duplicate group${result.clusters.length === 1 ? '' : 's'} (${removed} record${removed === 1 ? '' : 's'} to remove), ${result.maybe.length} uncertain pair${result.maybe.length === 1 ? '' : 's'}.\n`);
  if (result.refused.length) io.stderr(`${result.refused.length} pair${result.refused.length === 1 ? '' : 's'} with similar titles kept apart by a conflicting field (see --json "refused").\n`);
  for (const b of result.oversizedBlocks) io.stderr(`note: ${b.size} records share the block ${b.key}; compared by ${b.how} instead of pair by pair.\n`);
  if (options.out !== undefined) {
    const to = options.to ?? formatFromExtension(options.out) ?? 'json';
    emit(io, recordsOutput(to, keepOnly(records, result), { formulaGuard: options.formulaGuard }), options.out);
  }
  return 0;
}
