// Per-stage views of the decision log: conflicts, agreement between the two reviewers, and a
// reproducible random sample for a second reviewer's check (Cochrane's one-reviewer-plus-sample mode).
import { agreement, type Agreement } from './agreement.js';
import type { RecordState, Vote } from './state.js';
import { STAGE_DECISIONS, type Stage } from './store.js';

export interface Conflict {
  id: string;
  title: string | null;
  votes: { who: string; decision: string; reason: string | null }[];
}

export function conflicts(states: readonly RecordState[], stage: Stage): Conflict[] {
  return states
    .filter((s) => s.stages[stage].status === 'conflict')
    .map((s) => ({ id: s.candidate.id, title: s.candidate.title, votes: s.stages[stage].votes.map((v) => ({ who: v.who, decision: v.decision, reason: v.reason || null })) }));
}

/** The two reviewers of a stage: the two who decided most records there (ties by name). */
export function reviewersOf(states: readonly RecordState[], stage: Stage): string[] {
  const count = new Map<string, number>();
  for (const s of states) for (const v of s.stages[stage].votes) count.set(v.who, (count.get(v.who) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2).map(([w]) => w).sort();
}

export interface StageAgreement extends Omit<Agreement, 'categories' | 'table'> {
  stage: Stage;
  reviewers: string[];
  table: { a: string; b: string; n: number }[];
}

/** Agreement on the records both reviewers decided (the decision, not the reason). */
export function stageAgreement(states: readonly RecordState[], stage: Stage): StageAgreement {
  const [a, b] = reviewersOf(states, stage);
  const pairs: [string, string][] = [];
  if (a && b)
    for (const s of states) {
      const votes = s.stages[stage].votes;
      const va = votes.find((v: Vote) => v.who === a);
      const vb = votes.find((v: Vote) => v.who === b);
      if (va && vb) pairs.push([va.decision, vb.decision]);
    }
  const r = agreement(pairs, STAGE_DECISIONS[stage]);
  return { stage, n: r.n, agreement: r.agreement, kappa: r.kappa, kappa_se: r.kappa_se, kappa_ci: r.kappa_ci, pabak: r.pabak, reviewers: [a, b].filter((x): x is string => Boolean(x)), table: r.table };
}

/** A seeded sample of `percent` of the records decided by one reviewer only, for a second reviewer to check. */
export function sampleForVerification(states: readonly RecordState[], stage: Stage, percent: number, seed: number): RecordState[] {
  const single = states.filter((s) => s.stages[stage].votes.length === 1);
  const k = Math.ceil((single.length * percent) / 100);
  // mulberry32: a small, well-known seeded generator, so the sample can be drawn again.
  let t = seed >>> 0;
  const rand = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const order = single.map((s) => ({ s, r: rand() })).sort((p, q) => p.r - q.r);
  const chosen = new Set(order.slice(0, k).map((o) => o.s.candidate.id));
  return single.filter((s) => chosen.has(s.candidate.id));
}
