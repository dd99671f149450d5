// The review list for a person: the `maybe` pairs of a dedupe run, ranked (most likely the same
// publication first), each with its reason, the fields that agreed and conflicted, and both records'
// key fields side by side. An interactive review (to be built on the screen review loop) shows these
// items in order and records each answer as a Decisions entry ({same, different} pairs of ids), which
// `dedupe(records, { decisions })` re-applies on every later run.
import type { BibRecord } from './record.js';
import type { DedupeResult, Decisions } from './dedupe.js';

export interface ReviewSide {
  id: string;
  title: string | null;
  authors: string;
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  type: string;
}

export interface ReviewItem {
  /** 1 = the pair most likely to be one publication. */
  rank: number;
  ids: [string, string];
  score: number;
  reason: string;
  matched: string[];
  conflicts: string[];
  records: [ReviewSide, ReviewSide];
}

const side = (r: BibRecord): ReviewSide => ({
  id: r.id, title: r.title, authors: r.authors.slice(0, 3).join('; ') + (r.authors.length > 3 ? '; et al.' : ''), year: r.year, journal: r.journal ?? r.journalAbbrev,
  volume: r.volume, issue: r.issue, pages: r.pages, doi: r.doi, type: r.type,
});

/** The ranked review list of a dedupe result; pairs a person already decided are left out. */
export function reviewList(records: readonly BibRecord[], result: DedupeResult, decided: Decisions = { same: [], different: [] }): ReviewItem[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const done = new Set([...decided.same, ...decided.different].map(([a, b]) => key(a, b)));
  return result.maybe
    .filter((m) => !done.has(key(m.ids[0], m.ids[1])))
    .map((m, i) => ({ rank: i + 1, ids: m.ids, score: m.score, reason: m.reason, matched: m.matched, conflicts: m.conflicts, records: [side(byId.get(m.ids[0])!), side(byId.get(m.ids[1])!)] }));
}
