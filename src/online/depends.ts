// What in the review rests on a study: its outcome rows, the claims that name it, repeat listings of the
// same publication. Shown by check-retractions for each retracted or withdrawn study (until the appraisal
// issue's `npa impact REF` can show what removing it changes).
import type { Claim } from '../schema/claim.js';
import type { Outcome } from '../schema/outcome.js';
import type { Study } from '../schema/study.js';

export interface Dependents {
  ref: number;
  outcomes: string[];
  claims: string[];
  repeats: number[];
}

export function dependents(ref: number, data: { studies: readonly Study[]; outcomes: readonly Outcome[]; claims: readonly Claim[] }): Dependents {
  return {
    ref,
    outcomes: data.outcomes.filter((o) => o.ref === ref).map((o) => `${o.outcome}${o.arm !== 'all' ? ` (${o.arm})` : ''}${o.time ? ` at ${o.time}` : ''}`),
    claims: data.claims.filter((c) => c.ref === ref).map((c) => c.id),
    repeats: data.studies.filter((s) => s.duplicate_of === ref).map((s) => s.ref),
  };
}

export function dependentsText(d: Dependents): string {
  const parts = [
    d.outcomes.length ? `${d.outcomes.length} outcome row(s): ${d.outcomes.join('; ')}` : 'no outcome rows',
    d.claims.length ? `claims ${d.claims.join(', ')}` : 'no claim names it',
    d.repeats.length ? `repeated as ref ${d.repeats.join(', ')}` : '',
  ].filter(Boolean);
  return `ref ${d.ref} is counted in every statistic over the included studies; ${parts.join('; ')}.`;
}
