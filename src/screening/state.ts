// What the decision log means: each record's votes per stage (kept per reviewer), the final decision
// (agreement of the reviewers, or a resolution), conflicts, and the record's overall outcome.
// Everything here is derived from screening.csv (the records) and screening-decisions.csv (the events).
import type { Review } from '../schema/review.js';
import type { Candidate, Decision } from '../schema/screening.js';
import type { DecisionEvent, Stage } from './store.js';

export interface Protocol {
  stages: 1 | 2;
  reviewers: 1 | 2;
  verifySample: number | null;
}

export const protocolOf = (review: Review): Protocol => ({
  stages: review.protocol?.stages ?? 2,
  reviewers: review.protocol?.reviewers ?? 2,
  verifySample: review.protocol?.verify_sample ?? null,
});

export interface Vote {
  who: string;
  decision: string;
  reason: string;
  reason_text: string;
  when: string;
  note: string;
}

export type StageStatus = 'not-eligible' | 'pending' | 'awaiting-second' | 'conflict' | 'decided';

export interface StageState {
  votes: Vote[];
  resolution: Vote | null;
  final: Vote | null;
  status: StageStatus;
}

export type Outcome = 'duplicate' | 'pending' | 'maybe' | 'excluded-title-abstract' | 'full-text-pending' | 'not-retrieved' | 'excluded-full-text' | 'included';

export interface RecordState {
  candidate: Candidate;
  stages: Record<Stage, StageState>;
  fulltext: string | null;
  ref: number | null;
  overrides: string[];
  outcome: Outcome;
}

const empty = (status: StageStatus): StageState => ({ votes: [], resolution: null, final: null, status });

/** Events from a log written before the decision file existed: its decisions become title-abstract votes. */
export function legacyEvents(log: readonly Candidate[]): DecisionEvent[] {
  const out: DecisionEvent[] = [];
  for (const c of log) {
    if (c.decision) out.push({ when: c.when ?? '', who: c.who ?? 'unknown (legacy log)', id: c.id, stage: 'title-abstract', action: 'decide', decision: c.decision, reason: c.reason ?? '', reason_text: c.reason_text ?? '', note: c.notes ?? '' });
    if (c.ref !== null) out.push({ when: c.when ?? '', who: c.who ?? 'unknown (legacy log)', id: c.id, stage: 'title-abstract', action: 'promote', decision: String(c.ref), reason: '', reason_text: '', note: '' });
  }
  return out;
}

const agreeOn = (stage: Stage, a: Vote, b: Vote) => a.decision === b.decision && (stage === 'title-abstract' || a.decision !== 'exclude' || a.reason === b.reason);

function stageState(stage: Stage, events: readonly DecisionEvent[], protocol: Protocol): StageState {
  const votes = new Map<string, Vote>();
  let resolution: Vote | null = null;
  for (const e of events) {
    if (e.stage !== stage) continue;
    const vote = { who: e.who, decision: e.decision, reason: e.reason, reason_text: e.reason_text, when: e.when, note: e.note };
    if (e.action === 'decide') votes.set(e.who, vote);
    else if (e.action === 'resolve') resolution = vote;
    else if (e.action === 'clear') {
      if (e.decision === 'resolution') resolution = null;
      else votes.delete(e.who);
    }
  }
  const list = [...votes.values()];
  if (resolution) return { votes: list, resolution, final: resolution, status: 'decided' };
  if (!list.length) return empty('pending');
  const allAgree = list.every((v) => agreeOn(stage, v, list[0]!));
  if (!allAgree) return { votes: list, resolution: null, final: null, status: 'conflict' };
  if (protocol.reviewers === 2 && list.length < 2) return { votes: list, resolution: null, final: null, status: 'awaiting-second' };
  const first = list[0]!;
  return { votes: list, resolution: null, final: { ...first, reason: first.reason || list.find((v) => v.reason)?.reason || '' }, status: 'decided' };
}

export function deriveStates(log: readonly Candidate[], events: readonly DecisionEvent[], protocol: Protocol): RecordState[] {
  const byId = new Map<string, DecisionEvent[]>();
  for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  return log.map((candidate) => {
    const mine = byId.get(candidate.id) ?? [];
    let fulltext: string | null = null;
    let ref: number | null = null;
    const overrides: string[] = [];
    for (const e of mine) {
      if (e.action === 'fulltext') fulltext = e.note || null;
      if (e.action === 'promote') ref = Number(e.decision);
      if (e.action === 'unpromote') ref = null;
      if (e.action === 'override') overrides.push(e.note);
    }
    if (candidate.duplicate_of) {
      return { candidate, stages: { 'title-abstract': empty('not-eligible'), 'full-text': empty('not-eligible') }, fulltext, ref, overrides, outcome: 'duplicate' as const };
    }
    const ta = stageState('title-abstract', mine, protocol);
    const twoStage = protocol.stages === 2;
    const ft = twoStage && ta.final?.decision === 'include' ? stageState('full-text', mine, protocol) : empty('not-eligible');
    let outcome: Outcome;
    const t = ta.final?.decision;
    if (!t) outcome = 'pending';
    else if (t === 'maybe') outcome = 'maybe';
    else if (t === 'exclude') outcome = 'excluded-title-abstract';
    else if (!twoStage) outcome = 'included';
    else {
      const f = ft.final?.decision;
      outcome = !f ? 'full-text-pending' : f === 'include' ? 'included' : f === 'exclude' ? 'excluded-full-text' : 'not-retrieved';
    }
    return { candidate, stages: { 'title-abstract': ta, 'full-text': ft }, fulltext, ref, overrides, outcome };
  });
}

/** screening.csv's decision columns: a readable mirror of each record's final outcome. */
export function mirror(states: readonly RecordState[]): Candidate[] {
  return states.map((s) => {
    const final = s.outcome === 'excluded-title-abstract' || s.outcome === 'maybe' ? s.stages['title-abstract'].final
      : s.outcome === 'included' ? s.stages['full-text'].final ?? s.stages['title-abstract'].final
      : s.outcome === 'excluded-full-text' || s.outcome === 'not-retrieved' ? s.stages['full-text'].final : null;
    const decision = (s.outcome === 'included' ? 'include' : s.outcome === 'maybe' ? 'maybe' : s.outcome.startsWith('excluded') ? 'exclude' : s.outcome === 'not-retrieved' ? 'not-retrieved' : null) as Decision | null;
    const who = final ? [...new Set([...(s.stages['full-text'].final ? s.stages['full-text'].votes : s.stages['title-abstract'].votes).map((v) => v.who), ...(final.who ? [final.who] : [])])].join(' + ') : null;
    return {
      ...s.candidate,
      decision,
      reason: decision === 'exclude' ? final?.reason || null : null,
      reason_text: decision === 'exclude' ? final?.reason_text || null : null,
      who: decision ? who : null,
      when: decision ? final?.when || null : null,
      ref: s.ref,
    };
  });
}
