// Interactive screening in a terminal: one record at a time, one key per decision, undo, and every
// decision saved at once (so a killed process loses nothing and the next run resumes where it stopped).
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';
import { clearDecision, decide } from './log.js';

export interface LoopIo {
  /** Next key pressed (a single character), or null at end of input. */
  key(): Promise<string | null>;
  /** A whole line typed (for the free text of reason "other"). */
  line(prompt: string): Promise<string | null>;
  show(text: string): void;
  save(log: Candidate[]): void;
  now(): string;
}

const wrap = (text: string, width = 88) =>
  text.split(/\s+/).reduce<string[]>((lines, word) => {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
    return lines;
  }, []);

export function card(c: Candidate, left: number): string {
  return [
    '',
    `── ${c.id}  (${left} left to screen) ──`,
    c.title ?? '(no title)',
    [c.journal, c.year, c.volume && `${c.volume}${c.issue ? `(${c.issue})` : ''}`, c.pages].filter(Boolean).join(' · '),
    c.authors ?? '',
    ...(c.notes ? [`note: ${c.notes}`] : []),
    '',
    ...(c.abstract ? wrap(c.abstract) : ['(no abstract)']),
    '',
    '[i] include  [e] exclude  [m] maybe  [s] skip  [u] undo  [q] quit',
  ].join('\n');
}

/** Runs until every record is decided, the input ends, or q. Returns the decisions made. */
export async function reviewLoop(start: Candidate[], review: Review, io: LoopIo, who: string | null): Promise<{ log: Candidate[]; decided: number }> {
  let log = start;
  const history: string[] = [];
  const skipped = new Set<string>();
  const reasons = review.exclusion_reasons;
  for (;;) {
    const pending = log.filter((c) => c.duplicate_of === null && c.decision === null && !skipped.has(c.id));
    const current = pending[0];
    if (!current) {
      io.show(log.some((c) => c.duplicate_of === null && c.decision === null) ? '\nOnly skipped records are left; run again to see them.\n' : '\nEvery record has a decision.\n');
      return { log, decided: history.length };
    }
    io.show(card(current, pending.length));
    const key = await io.key();
    if (key === null || key === 'q' || key === '\u0003') return { log, decided: history.length };
    let next: Candidate[] | null = null;
    if (key === 'i') next = decide(log, [current.id], { decision: 'include', who, when: io.now() }, review);
    else if (key === 'm') next = decide(log, [current.id], { decision: 'maybe', who, when: io.now() }, review);
    else if (key === 'e') {
      io.show(`Reason: ${reasons.map((r, i) => `[${i + 1}] ${r.label}`).join('  ')}  [x] cancel`);
      const choice = await io.key();
      const reason = choice && /^[1-9]$/.test(choice) ? reasons[Number(choice) - 1] : undefined;
      if (!reason) continue;
      let text: string | null = null;
      if (reason.code === 'other') {
        text = await io.line('Describe the reason: ');
        if (!text) continue;
      }
      next = decide(log, [current.id], { decision: 'exclude', reason: reason.code, reasonText: text, who, when: io.now() }, review);
    } else if (key === 's') {
      skipped.add(current.id);
      continue;
    } else if (key === 'u') {
      const last = history.pop();
      if (last) {
        log = clearDecision(log, last);
        skipped.delete(last);
        io.save(log);
        io.show(`(undid the decision on ${last})`);
      }
      continue;
    } else continue;
    log = next;
    history.push(current.id);
    io.save(log);
  }
}
