// The screening log as data: adding a new search (with duplicates found against the dataset and the
// log), recording decisions, promoting included records to the dataset, and writing the CSV files.
import { UniqueIds } from '../biblio/ids.js';
import { csvText } from '../format/csv.js';
import { matchNew, type Decisions } from '../biblio/dedupe.js';
import { visible } from '../format/visible.js';
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

/**
 * A log record as the matcher sees it. The type is the one exported (a conference abstract stays an
 * abstract); a log written before the type was kept says nothing, and is read as GEN (no type), not
 * as a journal article.
 */
export const candidateRecord = (c: Candidate): BibRecord => ({
  id: c.id, type: c.type ?? 'GEN', title: c.title, authors: c.authors ? c.authors.split(/;\s*/) : [], year: c.year, journal: c.journal, journalAbbrev: null,
  volume: c.volume, issue: c.issue, pages: c.pages, doi: c.doi, pmid: c.pmid, abstract: c.abstract, keywords: [], issn: [], urls: [], language: null, publisher: null,
});

export interface MatchContext {
  /** Included studies of earlier versions that are no longer in the dataset (matched, never pointed to). */
  previous?: { version: string; studies: readonly Study[] }[];
  /** Pairs a person decided (npa dedupe --review, --mark-*, the workspace's dedupe-decisions.json). */
  decisions?: Decisions;
}

/**
 * Adds a search's records; each is checked against the dataset, the log, earlier versions' included
 * studies and the rest of the search with the engine of `npa dedupe` (matchNew: the same rules, and an
 * existing record keeps its id, as ASySD's keep_source = "old"). The incoming records are matched with
 * every field their export has (type, ISBN, journal abbreviation...). A pair the engine sends to a
 * person is not merged: the new record is noted as a possible duplicate, with the reason.
 */
export function addCandidates(log: readonly Candidate[], records: readonly BibRecord[], source: string, studies: readonly Study[], context: MatchContext = {}): AddResult {
  // The log is a dataset file, where control characters are refused (issue 10 §4): an export's escape
  // sequences and NULs are written as visible text (\x1b), the way a terminal would be shown them.
  const t = <T extends string | null>(s: T): T => (s === null ? s : (visible(s, true) as T));
  const fresh: Candidate[] = records.map((r) => ({
    id: t(`${source}:${r.id}`), source: t(source), title: t(r.title), authors: r.authors.length ? t(r.authors.join('; ')) : null, year: r.year, journal: t(r.journal ?? r.journalAbbrev),
    volume: t(r.volume), issue: t(r.issue), pages: t(r.pages), doi: t(r.doi), pmid: t(r.pmid), type: r.type || null, abstract: t(r.abstract), duplicate_of: null, decision: null, reason: null,
    reason_text: null, who: null, when: null, notes: null, ref: null,
  }));
  const ids = new UniqueIds(log.map((c) => c.id));
  for (const c of fresh) c.id = ids.claim(c.id);
  const current = new Set(studies.map((s) => s.ref));
  const older = new Map<string, string>();
  for (const v of context.previous ?? []) {
    for (const s of v.studies) {
      const id = `ref:${s.ref}@${v.version}`;
      if (!current.has(s.ref) && !older.has(id)) older.set(id, `ref ${s.ref} of version ${v.version} (no longer in the dataset)`);
    }
  }
  const existing: BibRecord[] = [
    ...studies.map((s) => ({ ...studyToRecord(s), id: `ref:${s.ref}` })),
    ...(context.previous ?? []).flatMap((v) => v.studies.filter((s) => older.has(`ref:${s.ref}@${v.version}`)).map((s) => ({ ...studyToRecord(s), id: `ref:${s.ref}@${v.version}` }))),
    ...log.map(candidateRecord),
  ];
  const seenOld = new Set<string>();
  const existingUnique = existing.filter((r) => (seenOld.has(r.id) ? false : (seenOld.add(r.id), true)));
  const incoming = records.map((r, i) => ({ ...r, id: fresh[i]!.id }));
  const result = matchNew(existingUnique, incoming, { decisions: context.decisions });
  const byId = new Map(log.map((l) => [l.id, l]));
  // Point at the root: a record already marked duplicate in the log points on to what it repeats.
  const rootOf = (id: string) => byId.get(id)?.duplicate_of ?? id;
  const freshById = new Map(fresh.map((c) => [c.id, c]));
  const noted: { id: string; other: string; reason: string }[] = [];
  for (const d of result.duplicates) {
    const c = freshById.get(d.id)!;
    if (older.has(d.existing)) noted.push({ id: d.id, other: d.existing, reason: `the same publication as ${older.get(d.existing)}, matched on ${d.matched.join(', ') || d.rule}` });
    else c.duplicate_of = rootOf(d.existing);
  }
  for (const cluster of result.within) {
    for (const id of cluster.ids) if (id !== cluster.keep) freshById.get(id)!.duplicate_of = cluster.keep;
  }
  let duplicatesOfDataset = 0;
  let duplicatesOfLog = 0;
  for (const c of fresh) {
    if (!c.duplicate_of) continue;
    if (c.duplicate_of.startsWith('ref:')) duplicatesOfDataset++;
    else duplicatesOfLog++;
  }
  const possible: { id: string; other: string; reason: string }[] = [...noted];
  for (const m of result.maybe) {
    const [id, other] = freshById.has(m.ids[1]) ? [m.ids[1], m.ids[0]] : [m.ids[0], m.ids[1]];
    const c = freshById.get(id)!;
    // Two listings already known to be one publication (an existing record and its logged duplicate).
    if (c.duplicate_of && rootOf(c.duplicate_of) === rootOf(other)) continue;
    possible.push({ id, other, reason: m.reason });
  }
  for (const p of possible) {
    const c = freshById.get(p.id)!;
    if (c.duplicate_of) continue;
    const note = `possible duplicate of ${p.other} (${p.reason})`;
    c.notes = c.notes ? `${c.notes} | ${note}` : note;
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
      doi: c.doi, doi_source: c.doi ? seenIn : null, annotated: false, coding_source: 'not yet coded', sites: null, interventions: null,
      notes: `Added from screening (${c.id}); coded fields still to be filled from the source.`,
    };
    lines.push(FIELD_NAMES.map((f) => toCell(row[f])));
    return { ...c, ref };
  });
  return { rows: lines.length ? csvText(lines) : '', added, log: updated };
}
