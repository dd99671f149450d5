// What rests on a retracted study, from constructed data.
import { describe, expect, it } from 'vitest';
import { dependents, dependentsText } from '../../src/online/depends.js';
import type { Claim } from '../../src/schema/claim.js';
import type { Outcome } from '../../src/schema/outcome.js';
import type { Study } from '../../src/schema/study.js';

describe('dependents of a study', () => {
  it('lists its outcome rows, the claims naming it and its repeat listings', () => {
    const studies = [{ ref: 4, duplicate_of: null }, { ref: 9, duplicate_of: 4 }, { ref: 10, duplicate_of: 3 }] as Study[];
    const outcomes = [
      { ref: 4, outcome: 'complications', arm: 'all', time: null },
      { ref: 4, outcome: 'pain', arm: 'RFA alone', time: '6 months' },
      { ref: 5, outcome: 'pain', arm: 'all', time: null },
    ] as Outcome[];
    const claims = [{ id: 'ref4_pain', ref: 4 }, { id: 'other', ref: null }] as Claim[];
    const d = dependents(4, { studies, outcomes, claims });
    expect(d).toEqual({ ref: 4, outcomes: ['complications', 'pain (RFA alone) at 6 months'], claims: ['ref4_pain'], repeats: [9] });
    expect(dependentsText(d)).toBe('ref 4 is counted in every statistic over the included studies; 2 outcome row(s): complications; pain (RFA alone) at 6 months; claims ref4_pain; repeated as ref 9.');
  });
});
