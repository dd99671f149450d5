// The review list for a person: the `maybe` pairs of a dedupe run, ranked (most likely the same
// publication first), each with its reason, the fields that agreed and conflicted, and both records'
// key fields one above the other. The interactive review (npa dedupe --review, dedupeReviewLoop) shows
// these items one per cleared screen, with the keys and terminal conventions of npa screen review, and
// records each answer at once as a Decisions entry ({same, different} pairs of ids), which
// `dedupe(records, { decisions })` re-applies on every later run.
import type { BibRecord } from './record.js';
import type { DedupeResult, Decisions } from './dedupe.js';
import { CLEAR, wrap } from '../screening/review-loop.js';

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

export const DEDUPE_REVIEW_KEYS = [
  ['s', 'the same publication (merged on every later run)'],
  ['d', 'different publications (kept apart on every later run)'],
  ['n', 'next: decide later (shown again next time)'],
  ['u', 'undo the last decision (it is taken out of the decisions file)'],
  ['q', 'quit (every decision is already saved)'],
] as const;

export interface DedupeLoopIo {
  key(): Promise<string | null>;
  show(text: string): void;
  width(): number;
  height(): number;
  color: boolean;
  /** Saves a decision on a pair (kind null: withdraws the pair's decision). */
  record(pair: [string, string], kind: 'same' | 'different' | null): void;
}

const FIELDS: [string, (r: ReviewSide) => string][] = [
  ['title', (r) => r.title ?? '(no title)'],
  ['authors', (r) => r.authors || '(no authors)'],
  ['source', (r) => [r.journal ?? '(no journal)', r.year ?? 'no year', [r.volume && `${r.volume}${r.issue ? `(${r.issue})` : ''}`, r.pages].filter(Boolean).join(':'), r.type].filter(Boolean).join(' · ')],
  ['doi', (r) => `DOI ${r.doi ?? '—'}`],
];

/** One pair per screen: position, reason, what agreed and conflicted, then each record's fields. */
export function pairCard(item: ReviewItem, ctx: { position: number; total: number; confirm: string | null; width: number; height: number; color: boolean }): string {
  const w = ctx.width - 1;
  const bold = (s: string) => (ctx.color ? `\u001b[1m${s}\u001b[0m` : s);
  const dim = (s: string) => (ctx.color ? `\u001b[2m${s}\u001b[0m` : s);
  const lines = [
    dim(`${ctx.position} of ${ctx.total}, possible duplicates · rank ${item.rank}, score ${item.score.toFixed(2)}`.slice(0, w)),
    ...(ctx.confirm ? [ctx.color ? `\u001b[32m${ctx.confirm.slice(0, w)}\u001b[0m` : ctx.confirm.slice(0, w)] : []),
    ...wrap(`why a person decides: ${item.reason}`, w).slice(0, 2).map(bold),
    ...wrap(`agree: ${item.matched.join(', ') || 'nothing beyond the title'}`, w),
    '─'.repeat(Math.min(w, 60)),
  ];
  item.records.forEach((r, i) => {
    lines.push(bold(`[${i + 1}] ${r.id}`.slice(0, w)));
    for (const [name, get] of FIELDS) lines.push(...wrap(get(r), w).slice(0, name === 'title' ? 3 : name === 'source' ? 2 : 1));
  });
  lines.push('─'.repeat(Math.min(w, 60)), ...wrap('[s]ame [d]ifferent [n]ext [u]ndo [q]uit', w));
  return CLEAR + lines.join('\n') + '\n';
}

/**
 * Shows the review list one pair per screen until it ends, the input ends, or q. Each answer is saved
 * at once (io.record); u withdraws the last one and shows its pair again. Returns the summary line.
 */
export async function dedupeReviewLoop(items: readonly ReviewItem[], io: DedupeLoopIo): Promise<string> {
  const made: { at: number; kind: 'same' | 'different' }[] = [];
  let at = 0;
  let confirm: string | null = null;
  while (at < items.length) {
    const item = items[at]!;
    io.show(pairCard(item, { position: at + 1, total: items.length, confirm, width: io.width(), height: io.height(), color: io.color }));
    confirm = null;
    const key = await io.key();
    if (key === null || key === 'q' || key === '\u0003') break;
    if (key === 's' || key === 'd') {
      const kind = key === 's' ? 'same' : 'different';
      io.record(item.ids, kind);
      made.push({ at, kind });
      confirm = `✓ ${item.ids[0]} and ${item.ids[1]}: ${kind === 'same' ? 'the same publication' : 'different publications'} saved — u to undo`;
      at++;
    } else if (key === 'n' || key === ' ') {
      confirm = `left ${item.ids[0]} and ${item.ids[1]} undecided (shown again next time)`;
      at++;
    } else if (key === 'u') {
      const last = made.pop();
      if (!last) confirm = 'nothing to undo in this session';
      else {
        const pair = items[last.at]!.ids;
        io.record(pair, null);
        at = last.at;
        confirm = `↶ undid "${last.kind}" on ${pair[0]} and ${pair[1]}`;
      }
    } else confirm = `key "${key}" does nothing here; keys: s d n u q`;
  }
  const count = (k: string) => made.filter((m) => m.kind === k).length;
  const summary = `${made.length} decision(s) this session: ${count('same')} same, ${count('different')} different; ${items.length - made.length} pair(s) left undecided.`;
  io.show(`\n${wrap(summary, io.width() - 1).join('\n')}\n`);
  return summary;
}
