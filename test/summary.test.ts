import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireValidDataset } from '../src/load/dataset.js';
import { isUnique } from '../src/query/filter.js';
import { statusOf, summarize, type Statistic } from '../src/stats/summary.js';
import { FIXTURES } from './helpers.js';

// Six hand-built studies (test/fixtures/valid/studies.csv); each answer is counted by hand from that file.
const dataset = requireValidDataset(join(FIXTURES, 'valid'));
const byId = (stats: Statistic[]) => Object.fromEntries(stats.map((s) => [s.id, s]));

describe('summary over listed entries', () => {
  const s = byId(summarize(dataset.studies, dataset.review));
  const expected: [id: string, count: number, denominator: number, unknown: number][] = [
    ['included', 6, 6, 0],
    ['unique_studies', 5, 6, 0],
    ['prospective', 2, 6, 1], // refs 1 (prospective), 2 (rct); ref 5 is unclear
    ['spine', 4, 6, 1], // refs 1, 2, 4, 6; ref 5 has no sites
    ['cement', 3, 6, 1], // cement and rfa: refs 1, 4, 6
    ['rfa_vs_rfa_cement', 2, 6, 4], // refs 4, 6; 1, 2, 3, 5 not coded
    ['non_spinal', 4, 6, 1], // refs 2 (pelvis), 3 (pelvis), 4 and 6 (sacrum)
    ['non_spinal_only', 1, 6, 1], // ref 3
    ['non_spinal_pelvis', 2, 4, 0], // of 2, 3, 4, 6: pelvis in 2, 3
    ['sacrum', 2, 6, 1], // refs 4 and 6; ref 5 has no sites
    ['cryoablation', 1, 6, 1], // ref 3; ref 5 has no interventions
    ['microwave', 2, 6, 1], // refs 4 and 6; ref 5 has no interventions
    ['rt_role', 1, 6, 4], // ref 2 true, ref 1 false; refs 3, 4, 5, 6 not coded
    ['rt_role_spinal', 1, 1, 0], // of the rt_role studies (ref 2), spinal: ref 2
    ['flow_remaining', 5, 10, 0], // 10 − (3 + 2) = 5, while the fixture review says 6 were included
  ];
  it.each(expected)('%s = %i/%i (%i not coded)', (id, count, denominator, unknown) => {
    expect(s[id]).toMatchObject({ count, denominator, unknown });
  });
  it('percent is unrounded', () => expect(s.spine!.percent).toBe((100 * 4) / 6));
  it('status: match when count and denominator agree', () => {
    expect(s.included!.status).toBe('match');
    expect(s.prospective!.status).toBe('match');
    expect(s.spine!.status).toBe('match');
  });
  it('status: differs when the published count differs', () => expect(s.sacrum!.status).toBe('differs'));
  it('status: differs when a flow does not add up', () => expect(s.flow_remaining!.status).toBe('differs'));
  it('status: not reported when the review printed nothing', () => {
    expect(s.microwave!.status).toBe('not reported');
    expect(s.microwave!.published).toBeNull();
  });
});

describe('summary over unique publications', () => {
  const s = byId(summarize(dataset.studies.filter(isUnique), dataset.review));
  it('drops the repeat listing (ref 6 repeats ref 4): refs 1-5, spinal 1, 2, 4, sacral 4', () => {
    expect(s.included).toMatchObject({ count: 5, denominator: 5 });
    expect(s.spine).toMatchObject({ count: 3, denominator: 5, status: 'differs' });
    expect(s.sacrum).toMatchObject({ count: 1, denominator: 5 });
  });
});

describe('statusOf', () => {
  const p = (count: number | null, denominator: number | null) => ({ count, denominator, percent: null, quote: 'q' });
  it('a published count without a denominator matches on the count', () => expect(statusOf(3, 57, p(3, null))).toBe('match'));
  it('a different denominator differs', () => expect(statusOf(3, 53, p(3, 57))).toBe('differs'));
  it('no published value is not reported', () => expect(statusOf(3, 57, undefined)).toBe('not reported'));
});

describe('statistic ids', () => {
  it('the light list used by checks equals the definitions', async () => {
    const { STATISTIC_IDS } = await import('../src/schema/statistic-ids.js');
    const { STATISTICS } = await import('../src/stats/summary.js');
    expect(STATISTIC_IDS).toEqual([...STATISTICS.map((s) => s.id), 'flow_remaining']);
  });
});
