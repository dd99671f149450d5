// Export quirk: one item under two titles (a letter retitled between its online and print versions; a
// second translation), e.g. "Eculizumab in severe X" in print and "Complement blockade in severe X" online
// first, without volume or pages. Titles that differ this much are never merged; the pair goes to a person
// when the first three authors (in order), the year and the journal agree and nothing conflicts.
// Also: the reason of a pair with similar titles names the words that differ (registry entries of two
// trial arms: "sensitive" / "resistant"). Invented records; the answers are known by construction.
import { describe, expect, it } from 'vitest';
import { dedupe, titleDifference } from '../../src/biblio/dedupe.js';
import { emptyRecord, type BibRecord } from '../../src/biblio/record.js';

const print: Partial<BibRecord> = {
  title: 'Cementoplasty in painful acetabular metastases', authors: ['Novak, Petra', 'Achebe, Chidi', 'Rossi, Lucia', 'Berg, Jan'],
  year: 2022, journal: 'New England Journal of Medicine', volume: '386', issue: '12', pages: '1201-1203',
};
const online: Partial<BibRecord> = {
  title: 'Percutaneous stabilisation in painful acetabular metastases', authors: ['Novak P', 'Achebe C', 'Rossi L'], year: 2022, journal: 'N Engl J Med',
};

function run(a: Partial<BibRecord>, b: Partial<BibRecord>) {
  return dedupe([{ ...emptyRecord('a'), ...a }, { ...emptyRecord('b'), ...b }]);
}

describe('one item under two titles', () => {
  it('goes to a person, with the words that differ, and is not merged', () => {
    const r = run(print, online);
    expect(r.clusters).toEqual([]);
    expect(r.maybe).toHaveLength(1);
    expect(r.maybe[0]!.reason).toBe('different titles; the same first three authors, year and journal ("cementoplasty" / "percutaneous stabilisation")');
  });
  it('ranks below every similar-title pair (score under 0.5)', () => expect(run(print, online).maybe[0]!.score).toBeLessThan(0.5));
  it.each([
    ['the third author differs', { authors: ['Novak P', 'Achebe C', 'Haddad L'] }],
    ['two authors only', { authors: ['Novak P', 'Achebe C'] }],
    ['another year', { year: 2021 }],
    ['another journal', { journal: 'Lancet' }],
    ['no journal', { journal: null }],
    ['pages in conflict', { volume: '386', pages: '1500-1502' }],
  ])('stays apart when %s', (_, change) => {
    const r = run(print, { ...online, ...change });
    expect(r.clusters).toEqual([]);
    expect(r.maybe).toEqual([]);
  });
  it('two DOIs: kept apart, not asked', () => expect(run({ ...print, doi: '10.9999/x.1' }, { ...online, doi: '10.9999/x.2' }).maybe).toEqual([]));
});

describe('the reason for similar titles names the words that differ', () => {
  const arm = (population: string): Partial<BibRecord> => ({
    title: `Open label controlled trial of eculizumab in adult patients with plasma therapy-${population} atypical haemolytic uraemic syndrome`,
    authors: ['Example Pharmaceuticals, Inc'], year: 2011,
  });
  it('two registry entries for two trial arms', () => {
    const r = run(arm('sensitive'), arm('resistant'));
    expect(r.clusters).toEqual([]);
    expect(r.maybe[0]!.reason).toMatch(/^similar titles \(0\.\d\d: "sensitive" \/ "resistant"\)/);
  });
  it('titleDifference: each side its own words, at most four', () => {
    expect(titleDifference('a b c', 'a b d')).toBe('"c" / "d"');
    expect(titleDifference('a b', 'a b c d e f g')).toBe('nothing / "c d e f ..."');
  });
});
