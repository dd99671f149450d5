// The shipped dataset against numbers transcribed by hand from the review it comes from:
// Wodajo F. Radiofrequency Ablation for Skeletal Metastases. MSTS Novel Practice Assessment, June 1, 2022.
// The corpus suite (test/corpus/review-text.test.ts) checks the same facts against the review's full text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { ROOT } from '../helpers.js';

const dataset = loadDataset(join(ROOT, 'data'));

describe('the shipped dataset', () => {
  it('is valid', () => expect(dataset.issues.filter((i) => i.severity === 'error')).toEqual([]));
  it('has one record per entry of the Sources list, numbered 1 to 57', () => {
    expect(dataset.studies.map((s) => s.ref)).toEqual(Array.from({ length: 57 }, (_, i) => i + 1));
  });
  it('marks the four entries whose title repeats an earlier entry (Sources 28 = 1, 40 = 3, 43 = 9, 49 = 25)', () => {
    expect(dataset.studies.filter((s) => s.duplicate_of !== null).map((s) => [s.ref, s.duplicate_of])).toEqual([[28, 1], [40, 3], [43, 9], [49, 25]]);
  });
});

describe('review.json', () => {
  const review = JSON.parse(readFileSync(join(ROOT, 'data', 'review.json'), 'utf8'));
  it('copies the search flow as printed (Methods, paragraph 2: 124 citations; 19, 9 and 38 excluded; 57 remaining)', () => {
    expect(review.flow).toEqual({
      identified: 124,
      excluded: [
        { reason: 'review articles', n: 19 },
        { reason: 'visceral metastases', n: 9 },
        { reason: 'not relevant for other reasons (technique papers, case reports, etc.)', n: 38 },
      ],
      included: 57,
    });
  });
  it('records the Results numbers the review printed (Results, paragraphs 1-2)', () => {
    const p = review.published_statistics;
    expect([p.prospective.count, p.prospective.denominator, p.prospective.percent]).toEqual([8, 57, 14]);
    expect([p.spine.count, p.spine.denominator, p.spine.percent]).toEqual([34, 57, 60]);
    expect(p.cement.count).toBe(34);
    expect(p.rfa_vs_rfa_cement.count).toBe(2);
    expect([p.non_spinal.count, p.non_spinal.percent]).toEqual([12, 21]);
    expect(p.sacrum.count).toBe(3);
    expect(p.cryoablation.count).toBe(8);
    expect(p.microwave.count).toBe(2);
    expect([p.rt_role.count, p.rt_role.percent]).toEqual([4, 7]);
  });
});
