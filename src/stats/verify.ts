// Recomputes each of the review's numeric claims from the data: `holds`, `differs` (with both values),
// `arithmetic error` (the printed percent does not follow from the printed numbers), or `not checkable`.
import type { Claim } from '../schema/claim.js';
import type { Outcome } from '../schema/outcome.js';
import type { Review } from '../schema/review.js';
import type { Study } from '../schema/study.js';
import { flowStatistic, STATISTICS, computeStatistic } from './summary.js';

export type Verdict = 'holds' | 'differs' | 'arithmetic error' | 'not checkable';

export interface ClaimResult {
  id: string;
  quote: string;
  printed: { count: number; denominator: number | null; percent: number | null };
  computed: { count: number; denominator: number | null } | null;
  status: Verdict;
  reason: string;
  /** False when the data value was itself taken from the review's text: agreement then proves little. */
  independent: boolean | null;
}

/** A printed percent follows from its numbers if it is their ratio rounded to the digits printed. */
export function percentFollows(count: number, denominator: number, percent: number): boolean {
  const decimals = (String(percent).split('.')[1] ?? '').length;
  const exact = (100 * count) / denominator;
  return Math.abs(exact - percent) <= 0.5 * 10 ** -decimals + 1e-9;
}

export function verifyClaim(claim: Claim, studies: readonly Study[], outcomes: readonly Outcome[], review: Review): ClaimResult {
  const printed = { count: claim.count ?? 0, denominator: claim.denominator, percent: claim.percent };
  let independent: boolean | null = null;
  let computed: ClaimResult['computed'] = null;
  let reason = '';
  const result = (status: Verdict, why: string): ClaimResult => ({ id: claim.id, quote: claim.quote, printed, computed, status, reason: why, independent });
  switch (claim.kind) {
    case 'flow': {
      const s = flowStatistic(review);
      computed = { count: s.count, denominator: s.denominator };
      reason = s.definition;
      // The flow's own numbers: identified − excluded should equal the included count it prints.
      if (s.count !== printed.count) return result('arithmetic error', `${reason} = ${s.count}, but it prints ${printed.count}`);
      break;
    }
    case 'statistic': {
      const def = STATISTICS.find((d) => d.id === claim.statistic);
      if (!def) return result('not checkable', `no statistic "${claim.statistic}"`);
      const s = computeStatistic(def, studies, undefined);
      computed = { count: s.count, denominator: s.denominator };
      reason = s.definition;
      break;
    }
    case 'study': {
      const study = studies.find((s) => s.ref === claim.ref);
      const value = study && claim.field ? (study as Record<string, unknown>)[claim.field] : undefined;
      if (typeof value !== 'number') return result('not checkable', study ? `${claim.field} is not coded for ref ${claim.ref}` : `no study ${claim.ref}`);
      computed = { count: value, denominator: null };
      independent = !study!.coding_source.startsWith('review text');
      reason = `studies.csv ref ${claim.ref} ${claim.field}${independent ? '' : ', coded from the review text (not an independent check)'}`;
      break;
    }
    case 'outcome': {
      const rows = outcomes.filter((o) => o.ref === claim.ref && o.outcome === claim.outcome && (claim.severity === null || o.severity === claim.severity) && o.arm === 'all');
      if (rows.length !== 1 || rows[0]!.events === null) return result('not checkable', rows.length ? 'more than one matching outcome row' : `no ${claim.outcome} row for ref ${claim.ref}`);
      computed = { count: rows[0]!.events, denominator: rows[0]!.denominator };
      independent = rows[0]!.source !== 'review text';
      reason = `outcomes.csv ref ${claim.ref} ${claim.outcome}${claim.severity ? ` (${claim.severity})` : ''}${independent ? ', from the source' : ', from the review text (not an independent check)'}`;
      break;
    }
  }
  if (printed.percent !== null && printed.denominator !== null && !percentFollows(printed.count, printed.denominator, printed.percent))
    return result('arithmetic error', `${printed.count}/${printed.denominator} is ${((100 * printed.count) / printed.denominator).toFixed(1)}%, not ${printed.percent}%`);
  const same = computed !== null && computed.count === printed.count && (printed.denominator === null || computed.denominator === null || computed.denominator === printed.denominator);
  return result(same ? 'holds' : 'differs', reason);
}

export function verifyClaims(claims: readonly Claim[], studies: readonly Study[], outcomes: readonly Outcome[], review: Review): ClaimResult[] {
  return claims.map((c) => verifyClaim(c, studies, outcomes, review));
}
