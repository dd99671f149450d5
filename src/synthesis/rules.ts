// The rules of `npa meta`: which measure fits which outcome, and which study fields can split a subgroup
// analysis (the lists themselves are in ./choices.ts, which the CLI reads for its choices and help).
import { UsageError } from '../errors.js';
import type { Measure } from '../meta/escalc.js';
import type { OutcomeKind } from '../schema/vocab.js';
import { PROPORTION_MEASURES, SUBGROUP_FIELDS } from './choices.js';

/** The measure to use for an outcome: the one asked for, checked, or the outcome's default. */
export function measureFor(outcome: OutcomeKind, asked: Measure | undefined): Measure {
  const fits: readonly Measure[] = outcome === 'pain' ? ['MC'] : PROPORTION_MEASURES;
  const measure = asked ?? (outcome === 'pain' ? 'MC' : 'PLO');
  if (!fits.includes(measure)) throw new UsageError(`--measure ${measure} does not fit --outcome ${outcome}: use ${fits.join(', ')}.`);
  return measure;
}

export function subgroupField(field: string | undefined): (typeof SUBGROUP_FIELDS)[number] | undefined {
  if (field === undefined) return undefined;
  if (!(SUBGROUP_FIELDS as readonly string[]).includes(field))
    throw new UsageError(`--subgroup: "${field}" is not a single-valued study field. Accepted: ${SUBGROUP_FIELDS.join(', ')}.`);
  return field as (typeof SUBGROUP_FIELDS)[number];
}

/** Raised when there is nothing to fit: no study has data (an honest outcome, not a bug). */
export class NothingToPoolError extends Error {
  override name = 'NothingToPoolError';
}
