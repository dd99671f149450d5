// The screening log as data: adding a new search (with duplicates found against the dataset and the
// log), recording decisions, promoting included records to the dataset, and writing the CSV files.
import { UniqueIds } from '../biblio/ids.js';
import { csvText } from '../format/csv.js';
import { visible } from '../format/visible.js';
import { dedupe } from '../biblio/dedupe.js';
import { studyToRecord } from '../biblio/from-study.js';
import type { BibRecord } from '../biblio/record.js';
import { toCell } from '../schema/cells.js';
import { FIELD_NAMES } from '../schema/fields.js';
import type { Review } from '../schema/review.js';
import { SCREENING_FIELDS, type Candidate, type Decision } from '../schema/screening.js';
import type { Study } from '../schema/study.js';
import { UsageError } from '../errors.js';

export interface AddResult {
  candidates: Candidate[];
  added: number;
  duplicatesOfDataset: number;
  duplicatesOfLog: number;
  possible: { id: string; other: string; reason: string }[];
}

const candidateRecord = (c: Candidate): BibRecord => ({
  id: c.id, type: 'JOUR', title: c.title, authors: c.authors ? c.authors.split(/;\s*/) : [], year: c.year, journal: c.journal, journalAbbrev: null,
  volume: c.volume, issue: c.issue, pages: c.pages, doi: c.doi, pmid: c.pmid, abstract: c.abstract, keywords: [], issn: [], urls: [], language: null, publisher: null,
});

/** Adds a search's records; each is checked against the dataset, the log and the rest of the search. */
export function addCandidates(log: readonly Candidate[], records: readonly BibRecord[], source: string, studies: readonly Study[]): AddResult {
  // The log is a dataset file, where control characters are refused (issue 10 §4): an export's escape
  // sequences and NULs are written as visible text (\x1b), the way a terminal would be shown them.
  const t = <T extends string | null>(s: T): T => (s === null ? s : (visible(s, true) as T));
  const fresh: Candidate[] = records.map((r) => ({
    id: t(`${source}:${r.id}`), source: t(source), title: t(r.title), authors: r.authors.length ? t(r.authors.join('; ')) : null, year: r.year, journal: t(r.journal ?? r.journalAbbrev),
    volume: t(r.volume), issue: t(r.issue), pages: t(r.pages), doi: t(r.doi), pmid: t(r.pmid), abstract: t(r.abstract), duplicate_of: null, decision: null, reason: null,
    reason_text: null, who: null, when: null, notes: null, ref: null,
  }));
  const ids = new UniqueIds(log.map((c) => c.id));
  for (const c of fresh) c.id = ids.claim(c.id);
  const pool: BibRecord[] = [
    ...studies.map((s) => ({ ...studyToRecord(s), id: `ref:${s.ref}` })),
    ...log.map(candidateRecord),
    ...fresh.map(candidateRecord),
  ];
  const order = new Map(pool.map((r, i) => [r.id, i]));
  const result = dedupe(pool);
  const firstOf = new Map<string, string>();
  for (const cluster of result.clusters) {
    const sorted = [...cluster.ids].sort((a, b) => order.get(a)! - order.get(b)!);
    for (const id of sorted.slice(1)) firstOf.set(id, sorted[0]!);
  }
  let duplicatesOfDataset = 0;
  let duplicatesOfLog = 0;
  const freshIds = new Set(fresh.map((c) => c.id));
  for (const c of fresh) {
    const first = firstOf.get(c.id);
    if (!first) continue;
    // Point at the root: a record already marked duplicate in the log points on to what it repeats.
    const root = log.find((l) => l.id === first)?.duplicate_of ?? first;
    c.duplicate_of = root;
    if (root.startsWith('ref:')) duplicatesOfDataset++;
    else duplicatesOfLog++;
  }
  const possible = result.maybe
    .filter((m) => m.ids.some((id) => freshIds.has(id)))
    .map((m) => (freshIds.has(m.ids[1]) ? { id: m.ids[1], other: m.ids[0], reason: m.reason } : { id: m.ids[0], other: m.ids[1], reason: m.reason }));
  for (const p of possible) {
    const c = fresh.find((x) => x.id === p.id);
    if (c && !c.duplicate_of) c.notes = `possible duplicate of ${p.other} (${p.reason})`;
  }
  return { candidates: [...log, ...fresh], added: fresh.length, duplicatesOfDataset, duplicatesOfLog, possible };
}

export interface DecisionInput {
  decision: Decision;
  reason?: string | null;
  reasonText?: string | null;
  who?: string | null;
  note?: string | null;
  when: string;
}

/** Records a decision on candidates (by id); refuses duplicates, unknown ids and unknown reasons. */
export function decide(log: readonly Candidate[], ids: readonly string[], input: DecisionInput, review: Review): Candidate[] {
  const codes = review.exclusion_reasons.map((r) => r.code);
  if (input.decision === 'exclude') {
    if (!input.reason) throw new UsageError(`--exclude needs a reason: ${codes.join(', ')}.`);
    if (!codes.includes(input.reason)) throw new UsageError(`--exclude: unknown reason "${input.reason}". Accepted (review.json exclusion_reasons): ${codes.join(', ')}.`);
    if (input.reason === 'other' && !input.reasonText) throw new UsageError('reason "other" needs --text "what it is".');
  }
  const byId = new Map(log.map((c) => [c.id, c]));
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) throw new UsageError(`no candidate has the id "${id}" (see npa screen list).`);
    if (c.duplicate_of) throw new UsageError(`"${id}" is a duplicate of ${c.duplicate_of}; duplicates are removed before screening.`);
    if (c.ref !== null) throw new UsageError(`"${id}" is already in the dataset as ref ${c.ref}; change the dataset instead.`);
  }
  const chosen = new Set(ids);
  return log.map((c) =>
    chosen.has(c.id)
      ? {
          ...c,
          decision: input.decision,
          reason: input.decision === 'exclude' ? input.reason! : null,
          reason_text: input.decision === 'exclude' ? input.reasonText ?? null : null,
          who: input.who ?? c.who,
          when: input.when,
          notes: input.note ?? c.notes,
        }
      : c,
  );
}

/** Undoes a decision (back to pending). */
export function clearDecision(log: readonly Candidate[], id: string): Candidate[] {
  return log.map((c) => (c.id === id ? { ...c, decision: null, reason: null, reason_text: null, who: null, when: null } : c));
}

export function screeningCsv(log: readonly Candidate[]): string {
  return csvText([SCREENING_FIELDS, ...log.map((c) => SCREENING_FIELDS.map((f) => toCell(c[f])))]);
}

/** Included candidates not yet in the dataset → new study rows (coding left empty) and the updated log. */
export function promote(log: readonly Candidate[], studies: readonly Study[]): { rows: string; added: { id: string; ref: number }[]; log: Candidate[] } {
  let next = Math.max(0, ...studies.map((s) => s.ref)) + 1;
  const added: { id: string; ref: number }[] = [];
  const lines: string[][] = [];
  const updated = log.map((c) => {
    if (c.decision !== 'include' || c.ref !== null) return c;
    const ref = next++;
    added.push({ id: c.id, ref });
    const authors = c.authors ? c.authors.split(/;\s*/) : [];
    const seenIn = `seen in the ${c.source} export (npa screen promote)`;
    const row: Record<string, unknown> = {
      ref, authors: authors.join(', ') || '(no authors exported)', first_author: authors[0] ?? '(none)', year: c.year, title: c.title ?? '(no title exported)',
      journal: c.journal ?? '(no journal exported)', volume: c.volume, issue: c.issue, pages: c.pages,
      pmid: c.pmid && /^[1-9]\d{0,8}$/.test(c.pmid) ? c.pmid : null, pmid_source: c.pmid && /^[1-9]\d{0,8}$/.test(c.pmid) ? seenIn : null,
      doi: c.doi, doi_source: c.doi ? seenIn : null, annotated: false, coding_source: 'not yet coded', sites: [], interventions: [],
      notes: `Added from screening (${c.id}); coded fields still to be filled from the source.`,
    };
    lines.push(FIELD_NAMES.map((f) => toCell(row[f])));
    return { ...c, ref };
  });
  return { rows: lines.length ? csvText(lines) : '', added, log: updated };
}
