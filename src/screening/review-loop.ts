// The interactive screener: one record per screen (cleared, wrapped to the terminal's width), the review's
// terms highlighted, one key per decision, a confirmation line, undo (also of the last decision), maybes
// revisited, progress ("37 of 212, stage 1") and a summary at the end. Blind: another reviewer's decision is
// never shown. Every decision is written at once through the workspace's commit.
import type { Candidate } from '../schema/screening.js';
import { checkCandidate } from './eligibility.js';
import type { DecisionEvent, Stage } from './store.js';
import type { Workspace } from './workflow.js';
import { reasonCodes } from './workflow.js';

export interface LoopIo {
  key(): Promise<string | null>;
  line(prompt: string): Promise<string | null>;
  show(text: string): void;
  width(): number;
  height(): number;
  color: boolean;
  /** Writes the events and returns the workspace as it now is. */
  record(events: DecisionEvent[]): Workspace;
  now(): string;
}

export const SCREENER_KEYS = [
  ['i', 'include'],
  ['e', 'exclude (then a reason number; 0 = no reason at title-abstract)'],
  ['m', 'maybe (title-abstract)'],
  ['n', 'not retrieved (full-text)'],
  ['s', 'skip for now'],
  ['u', 'undo the last decision (it is withdrawn, and kept in the history)'],
  ['r', 'revisit the records you marked maybe'],
  ['space', 'show more of a long abstract'],
  ['q', 'quit (every decision is already saved)'],
] as const;

export function wrap(text: string, width: number): string[] {
  const w = Math.max(20, width);
  const out: string[] = [];
  for (const para of text.split(/\n+/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (!line) line = word;
      else if (line.length + 1 + word.length <= w) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
      while (line.length > w) {
        out.push(line.slice(0, w));
        line = line.slice(w);
      }
    }
    if (line) out.push(line);
  }
  return out;
}

const STOP = new Set(['article', 'paper', 'metastases', 'other', 'english', 'outside', 'window', 'text', 'free', 'year', 'reasons', 'such', 'relevant', 'treatment', 'sites']);

/** Terms to highlight: the search terms (inclusion) and the words of the exclusion reasons. */
export function highlightTerms(ws: Workspace): { include: string[]; exclude: string[] } {
  const words = (labels: string[]) => [...new Set(labels.flatMap((l) => l.toLowerCase().split(/[^a-z]+/)).filter((w) => w.length >= 5 && !STOP.has(w)))];
  return { include: ws.review.search_terms.map((t) => t.toLowerCase()), exclude: words([...ws.review.exclusion_reasons.map((r) => r.label), ...ws.review.exclusion_criteria]) };
}

/** Marks terms in one already-wrapped line (so wrapping is measured on the plain text). */
export function highlight(line: string, terms: { include: string[]; exclude: string[] }, color: boolean): string {
  const all = [...terms.include.map((t) => ({ t, inc: true })), ...terms.exclude.map((t) => ({ t, inc: false }))].sort((a, b) => b.t.length - a.t.length);
  if (!all.length) return line;
  const re = new RegExp(`(${all.map((x) => x.t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return line.replace(re, (m) => {
    const inc = all.find((x) => x.t === m.toLowerCase())?.inc ?? true;
    return color ? `\u001b[1;${inc ? 32 : 31}m${m}\u001b[0m` : inc ? `+${m}+` : `-${m}-`;
  });
}

const CLEAR = '\u001b[2J\u001b[H';

export function card(c: Candidate, ctx: { stage: Stage; position: number; total: number; who: string; own: string | null; problems: string[]; fulltext: string | null; confirm: string | null; scroll: number; width: number; height: number; color: boolean; terms: { include: string[]; exclude: string[] } }): { text: string; more: boolean } {
  const w = ctx.width - 1;
  const bold = (s: string) => (ctx.color ? `\u001b[1m${s}\u001b[0m` : s);
  const dim = (s: string) => (ctx.color ? `\u001b[2m${s}\u001b[0m` : s);
  const head = [
    dim(`${ctx.position} of ${ctx.total}, stage ${ctx.stage === 'title-abstract' ? '1 (title-abstract)' : '2 (full-text)'} · ${ctx.who}`.slice(0, w)),
    ...(ctx.confirm ? [ctx.color ? `\u001b[32m${ctx.confirm.slice(0, w)}\u001b[0m` : ctx.confirm.slice(0, w)] : []),
    ...wrap(c.title ?? '(no title)', w).map((l) => bold(highlight(l, ctx.terms, ctx.color))),
    ...wrap(c.authors ?? '(no authors)', w).slice(0, 2),
    ...wrap([c.journal ?? '(no journal)', c.year ?? 'no year', [c.volume && `${c.volume}${c.issue ? `(${c.issue})` : ''}`, c.pages].filter(Boolean).join(':')].filter(Boolean).join(' · '), w),
    ...wrap(`DOI ${c.doi ?? '—'} · PMID ${c.pmid ?? '—'} · ${c.id}`, w),
    ...(ctx.fulltext ? wrap(`full text: ${ctx.fulltext}`, w) : []),
    ...ctx.problems.flatMap((p) => wrap(`! eligibility: ${p}`, w)).map((l) => (ctx.color ? `\u001b[31m${l}\u001b[0m` : l)),
    ...(ctx.own ? [`your earlier decision: ${ctx.own}`] : []),
    '─'.repeat(Math.min(w, 60)),
  ];
  const foot = ['─'.repeat(Math.min(w, 60)), ...wrap(`[i]nclude [e]xclude ${ctx.stage === 'title-abstract' ? '[m]aybe' : '[n]ot retrieved'} [s]kip [u]ndo [r]evisit maybes [q]uit`, w)];
  const room = Math.max(3, ctx.height - head.length - foot.length - 1);
  const body = c.abstract ? wrap(c.abstract, w) : ['(no abstract)'];
  const shown = body.slice(ctx.scroll, ctx.scroll + room).map((l) => highlight(l, ctx.terms, ctx.color));
  const more = ctx.scroll + room < body.length;
  if (more) shown[shown.length - 1] = dim(`… ${body.length - ctx.scroll - room + 1} more line(s): space`);
  return { text: CLEAR + [...head, ...shown, ...foot].join('\n') + '\n', more };
}

/** Runs until the queue is empty, the input ends, or q. Returns the session's summary line. */
export async function reviewLoop(start: Workspace, stage: Stage, who: string, io: LoopIo): Promise<string> {
  let ws = start;
  const terms = highlightTerms(ws);
  const made: { id: string; decision: string }[] = [];
  const skipped = new Set<string>();
  let revisit = false;
  let confirm: string | null = null;
  let scroll = 0;
  const eligible = () => ws.states.filter((s) => s.stages[stage].status !== 'not-eligible');
  const mine = (id: string) => ws.states.find((s) => s.candidate.id === id)?.stages[stage].votes.find((v) => v.who === who) ?? null;
  const queue = () =>
    eligible().filter((s) => {
      const own = s.stages[stage].votes.find((v) => v.who === who);
      if (s.stages[stage].resolution || skipped.has(s.candidate.id)) return false;
      return revisit ? own?.decision === 'maybe' : !own;
    });
  const codes = reasonCodes(ws.review, stage);
  const labels = new Map([...ws.review.exclusion_reasons, ...(ws.review.fulltext_reasons ?? [])].map((r) => [r.code, r.label]));
  const decide = (id: string, decision: string, reason = '', text = '') => {
    ws = io.record([{ when: io.now(), who, id, stage, action: 'decide', decision, reason, reason_text: text, note: '' }]);
    made.push({ id, decision });
    confirm = `✓ ${id}: ${decision}${reason ? ` (${labels.get(reason) ?? reason})` : ''} saved — u to undo`;
    scroll = 0;
  };
  for (;;) {
    const q = queue();
    const all = eligible();
    const current = q[0];
    if (!current) {
      if (revisit) {
        revisit = false;
        confirm = 'no more maybes to revisit';
        continue;
      }
      break;
    }
    const done = all.filter((s) => s.stages[stage].votes.some((v) => v.who === who)).length;
    const own = mine(current.candidate.id);
    const view = card(current.candidate, {
      stage, position: Math.min(done + 1, all.length), total: all.length, who, own: own ? own.decision : null, problems: checkCandidate(current.candidate, ws.review), fulltext: current.fulltext,
      confirm, scroll, width: io.width(), height: io.height(), color: io.color, terms,
    });
    io.show(view.text);
    confirm = null;
    const key = await io.key();
    if (key === null || key === 'q' || key === '\u0003') break;
    const id = current.candidate.id;
    if (key === ' ') {
      if (view.more) scroll += Math.max(3, io.height() - 14);
      else scroll = 0;
    } else if (key === 'i') decide(id, 'include');
    else if (key === 'm' && stage === 'title-abstract') decide(id, 'maybe');
    else if (key === 'n' && stage === 'full-text') decide(id, 'not-retrieved');
    else if (key === 'e') {
      const list = codes.map((c, i) => `[${i + 1}] ${labels.get(c) ?? c}`).join('  ');
      io.show(`\n${wrap(`Reason: ${stage === 'title-abstract' ? '[0] none  ' : ''}${list}  [x] cancel`, io.width() - 1).join('\n')}\n`);
      const choice = await io.key();
      if (choice === '0' && stage === 'title-abstract') decide(id, 'exclude');
      else if (choice && /^[1-9]$/.test(choice) && codes[Number(choice) - 1]) {
        const code = codes[Number(choice) - 1]!;
        let text = '';
        if (code === 'other') {
          text = (await io.line('Describe the reason: ')) ?? '';
          if (!text) {
            confirm = 'cancelled: "other" needs a description';
            continue;
          }
        }
        decide(id, 'exclude', code, text);
      } else confirm = 'cancelled';
    } else if (key === 's') {
      skipped.add(id);
      confirm = `skipped ${id} (shown again next time)`;
    } else if (key === 'u') {
      const last = made.pop();
      if (!last) confirm = 'nothing to undo in this session';
      else {
        ws = io.record([{ when: io.now(), who, id: last.id, stage, action: 'clear', decision: '', reason: '', reason_text: '', note: 'undo in the screener' }]);
        skipped.delete(last.id);
        confirm = `↶ undid ${last.decision} on ${last.id}`;
      }
    } else if (key === 'r') {
      revisit = true;
      skipped.clear();
    } else confirm = `key "${key}" does nothing here; keys: i e ${stage === 'title-abstract' ? 'm' : 'n'} s u r space q`;
  }
  const count = (d: string) => made.filter((m) => m.decision === d).length;
  const left = eligible().filter((s) => !s.stages[stage].votes.some((v) => v.who === who) && !s.stages[stage].resolution).length;
  const maybes = eligible().filter((s) => s.stages[stage].votes.some((v) => v.who === who && v.decision === 'maybe')).length;
  const summary = `${made.length} decision(s) by ${who} at ${stage} this session: ${count('include')} include, ${count('exclude')} exclude, ${stage === 'title-abstract' ? `${count('maybe')} maybe` : `${count('not-retrieved')} not retrieved`}; ${left} record(s) left for you${stage === 'title-abstract' ? `, ${maybes} maybe to revisit` : ''}.`;
  io.show(`\n${wrap(summary, io.width() - 1).join('\n')}\n`);
  return summary;
}
