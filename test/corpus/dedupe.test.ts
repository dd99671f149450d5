import { describe, expect, it } from 'vitest';
import { dedupe } from '../../src/biblio/dedupe.js';
import { ROOT } from '../helpers.js';
import { accuracy, crossDatabase, variants } from './labelled.js';

// Accuracy on labelled sets built from real records (test/corpus/labelled.ts). The README quotes
// the same numbers (npm run bench:dedupe prints them). Precision must be 1: no false merge.
describe('accuracy on labelled sets', () => {
  it('cross-database exports, identifiers removed', async () => {
    const set = await crossDatabase(ROOT);
    const a = accuracy(set.truth, dedupe(set.records).clusters.map((c) => c.ids));
    expect(a.truePairs).toBe(110);
    expect(a.falsePairs).toEqual([]);
    expect(a.recall).toBeGreaterThanOrEqual(0.99);
  });
  it('variants and look-alikes of real records', async () => {
    const set = await variants(ROOT);
    const result = dedupe(set.records);
    const a = accuracy(set.truth, result.clusters.map((c) => c.ids));
    expect(a.falsePairs).toEqual([]);
    expect(a.recall).toBeGreaterThanOrEqual(0.99);
    const lookAlikes = /\/(erratum|comment|reply|abstract|preprint)$/;
    expect(result.clusters.flatMap((c) => c.ids).filter((id) => lookAlikes.test(id))).toEqual([]);
  });
});
