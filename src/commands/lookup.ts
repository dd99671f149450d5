// npa lookup: propose PMIDs and DOIs from PubMed and Crossref, with evidence; --accept writes the confident ones.
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { displayPath } from '../load/paths.js';
import { render } from '../format/tabular.js';
import type { OnlineFlags } from '../online/config.js';
import { lookup, type Proposal } from '../online/lookup.js';
import { networkSummary, openSession } from '../online/session.js';
import { writeIdentifiers } from '../online/write-ids.js';
import { LOOKUP_PENDING_FILE, PENDING_FIELDS } from '../schema/workspace.js';

/** The proposals left for a person (name and columns declared in src/schema/workspace.ts, for the dictionary). */
export const PENDING_FILE = LOOKUP_PENDING_FILE;

export interface LookupOptions extends OnlineFlags {
  data: string;
  accept: boolean;
  json: boolean;
  refs?: number[];
  today?: string;
}

/** One row of lookup-pending.csv: a cell for each of PENDING_FIELDS (the type says every one), in its order. */
export function pendingRow(p: Proposal): string[] {
  const cells: Record<(typeof PENDING_FIELDS)[number], string | number> = {
    ref: p.ref, field: p.field, value: p.value, status: p.status, score: p.score, agree: p.agree.join(';'), disagree: p.disagree.join(';'), via: p.via.join(' + '), url: p.url,
    candidate_title: p.candidate.title ?? '', candidate_journal: p.candidate.journal ?? '', candidate_year: p.candidate.year ?? '', note: p.note,
  };
  return PENDING_FIELDS.map((f) => String(cells[f]));
}

export async function runLookup(options: LookupOptions, io: Io): Promise<number> {
  const { config, client } = openSession(options.data, options, io, 'npa lookup');
  const dataset = await loadValidDataset(options.data, io.env);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const studies = dataset.studies.filter((s) => options.refs === undefined || options.refs.includes(s.ref));
  const report = await lookup(client, config, studies, io.progress);
  if (io.progress) io.stderr('\n');
  const written = options.accept ? writeIdentifiers(options.data, report.proposals, today) : { written: [], skipped: [] };
  // Everything a person has to decide, kept in the workspace until the next run replaces it.
  const pending = report.proposals.filter((p) => p.status !== 'confident' || !options.accept || written.skipped.some((s) => s.proposal === p));
  const pendingPath = join(options.data, PENDING_FILE);
  writeFileAtomic(pendingPath, stringify([[...PENDING_FIELDS], ...pending.map(pendingRow)], { record_delimiter: '\n' }));

  if (options.json) {
    io.stdout(JSON.stringify({ checked: report.checked, proposals: report.proposals, nothing_found: report.nothingFound, written: written.written, skipped: written.skipped.map((s) => ({ ref: s.proposal.ref, field: s.proposal.field, value: s.proposal.value, reason: s.reason })) }, null, 2) + '\n');
  } else {
    const table = {
      columns: [
        { key: 'ref', header: 'ref', align: 'right' as const }, { key: 'field', header: 'field' }, { key: 'value', header: 'value' }, { key: 'status', header: 'status' },
        { key: 'score', header: 'score', align: 'right' as const }, { key: 'agree', header: 'agree' }, { key: 'disagree', header: 'disagree' },
        { key: 'title', header: 'candidate title' }, { key: 'year', header: 'year' }, { key: 'url', header: 'record' }, { key: 'note', header: 'note' },
      ],
      rows: report.proposals.map((p) => ({
        ref: p.ref, field: p.field, value: p.value, status: p.status, score: p.score.toFixed(2), agree: p.agree.join(' '), disagree: p.disagree.join(' '),
        title: `${p.candidate.title ?? '?'}${p.candidate.journal ? ` (${p.candidate.journal})` : ''}`, year: p.candidate.year, url: p.url, note: p.note,
      })),
    };
    io.stdout(report.proposals.length ? await render(table, 'table', { maxWidth: 40, width: io.columns }) : 'no proposals.\n');
  }
  const confident = report.proposals.filter((p) => p.status === 'confident').length;
  const conflicts = report.proposals.filter((p) => p.status === 'conflict').length;
  io.stderr(`${report.checked.length} studies looked up: ${confident} confident, ${report.proposals.length - confident - conflicts} for a person, ${conflicts} in conflict; nothing found for ${report.nothingFound.length} identifier(s).\n`);
  for (const w of written.written) io.stderr(`wrote ref ${w.ref} ${w.field} ${w.value}\n`);
  for (const s of written.skipped) io.stderr(`not written: ref ${s.proposal.ref} ${s.proposal.field} ${s.proposal.value}: ${s.reason}\n`);
  if (options.accept) io.stderr(`${written.written.length} identifier(s) written to ${displayPath(join(options.data, 'studies.csv'))}.\n`);
  else if (confident) io.stderr('nothing written: add --accept to write the confident matches.\n');
  io.stderr(`for a person: ${pending.length} proposal(s) in ${displayPath(pendingPath)}.\n`);
  io.stderr(`${networkSummary(client)}\n`);
  return 0;
}
