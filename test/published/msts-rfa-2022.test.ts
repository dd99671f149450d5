// The shipped dataset against the numbers transcribed by hand from the review it comes from (./msts-rfa-2022.ts:
// Wodajo F. Radiofrequency Ablation for Skeletal Metastases. MSTS Novel Practice Assessment, June 1, 2022).
// The corpus suite (test/corpus/review-text.test.ts) finds the same numbers in the review's full text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { ROOT } from '../helpers.js';
import { FLOW, REPEATS, RESULTS, SOURCES } from './msts-rfa-2022.js';

const dataset = loadDataset(join(ROOT, 'data'));

describe('the shipped dataset', () => {
  it('is valid', () => expect(dataset.issues.filter((i) => i.severity === 'error')).toEqual([]));
  it('has one record per entry of the Sources list, numbered from 1', () => {
    expect(dataset.studies.map((s) => s.ref)).toEqual(Array.from({ length: SOURCES }, (_, i) => i + 1));
  });
  it('marks the entries whose title repeats an earlier entry as duplicates of it', () => {
    expect(dataset.studies.filter((s) => s.duplicate_of !== null).map((s) => [s.ref, s.duplicate_of])).toEqual(REPEATS);
  });
});

describe('review.json', () => {
  const review = JSON.parse(readFileSync(join(ROOT, 'data', 'review.json'), 'utf8'));
  it('copies the search flow as printed (Methods, paragraph 2)', () => {
    expect(review.flow).toEqual(FLOW);
  });
  it('records the Results numbers the review printed (Results, paragraphs 1-2)', () => {
    expect(review.published_statistics).toMatchObject(RESULTS);
  });
});
