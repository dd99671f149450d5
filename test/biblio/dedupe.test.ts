import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, dedupe, keepOnly } from '../../src/biblio/dedupe.js';
import { normalizeDoi } from '../../src/biblio/fields.js';
import { familyName, journalsCompatible, normalizeTitle } from '../../src/biblio/normalize.js';
import { studyToRecord } from '../../src/biblio/from-study.js';
import { emptyRecord, type BibRecord } from '../../src/biblio/record.js';
import { loadDataset } from '../../src/load/dataset.js';
import { ROOT } from '../helpers.js';
import { accuracy, variantsOf } from './labelled.js';

const rec = (id: string, fields: Partial<BibRecord>): BibRecord => ({ ...emptyRecord(id), ...fields });
const base = { title: 'Radiofrequency ablation of spinal metastases', authors: ['Levy, J'], year: 2020, journal: 'J Vasc Interv Radiol', volume: '31', pages: '1745-1752' };

describe('normal forms', () => {
  it.each([
    ['https://doi.org/10.1016/J.JVIR.2020.07.014', '10.1016/j.jvir.2020.07.014'],
    ['http://dx.doi.org/10.1177%2F2325967120950040', '10.1177/2325967120950040'],
    ['doi:10.1000/xyz.', '10.1000/xyz'],
    ['10.1007/s00256-011-1294-0 [doi]', '10.1007/s00256-011-1294-0'],
    ['not a doi', null],
  ])('DOI %j → %j', (input, out) => expect(normalizeDoi(input)).toBe(out));
  it('titles: case, punctuation, HTML, entities, diacritics, MEDLINE brackets', () => {
    expect(normalizeTitle('[Ablation <i>of</i> Bone Métastases &amp; Pain].')).toBe('ablation of bone metastases pain');
  });
  it.each([
    ['Levy, J', 'levy'], ['Levy J', 'levy'], ['Jacob Levy', 'levy'], ['de Jong, Marit', 'dejong'], ['Marit de Jong', 'dejong'],
    ['Sanne J van der Steur', 'vandersteur'], ['Clarençon, F', 'clarencon'],
  ])('family name of %j is %j', (a, f) => expect(familyName(a)).toBe(f));
  it.each([
    ['J Vasc Interv Radiol', 'Journal of vascular and interventional radiology', true],
    ['Skeletal Radiol', 'Skeletal Radiology', true],
    ['Radiology', 'Skeletal Radiology', false],
    ['Cardiovasc Intervent Radiol', 'Cardiovascular & Interventional Radiology', true],
    ['Spine J', 'Pain Physician', false],
  ] as const)('journals %j and %j compatible: %j', (a, b, ok) => expect(journalsCompatible(a, b)).toBe(ok));
});

describe('pair decisions', () => {
  const verdict = (a: Partial<BibRecord>, b: Partial<BibRecord>) => {
    const r = dedupe([rec('a', { ...base, ...a }), rec('b', { ...base, ...b })]);
    return r.clusters.length ? `same:${r.clusters[0]!.rule}` : r.maybe.length ? `maybe:${r.maybe[0]!.reason}` : 'different';
  };
  it('same DOI', () => expect(verdict({ doi: '10.1/x', title: 'A' }, { doi: '10.1/x', title: 'B' })).toBe('same:doi'));
  it('same PMID', () => expect(verdict({ pmid: '1', title: 'A' }, { pmid: '1', title: 'B' })).toBe('same:pmid'));
  it('same title, year and author', () => expect(verdict({}, { title: 'RADIOFREQUENCY ABLATION OF SPINAL METASTASES.' })).toBe('same:title+year'));
  it('abbreviated vs full journal and shortened pages still merge', () =>
    expect(verdict({}, { journal: 'Journal of vascular and interventional radiology', pages: '1745-52' })).toBe('same:title+year'));
  it('different DOIs with the same title: not merged, left to a person', () => expect(verdict({ doi: '10.1/a' }, { doi: '10.1/b' })).toMatch(/^maybe:different DOIs/));
  it('an erratum is never the paper, not even "maybe"', () => expect(verdict({}, { title: `Erratum: ${base.title}` })).toBe('different'));
  it('a reply is never the paper', () => expect(verdict({}, { title: `Reply to: ${base.title}`, authors: ['Critic, A'] })).toBe('different'));
  it('a conference abstract and the article: maybe', () => expect(verdict({}, { type: 'CONF' })).toMatch(/^maybe:conference abstract vs article/));
  it('a preprint and the journal version: maybe', () => expect(verdict({}, { journal: 'medRxiv', doi: '10.1101/2020.01.01.1' })).toMatch(/^maybe:.*preprint/));
  it('same title two years apart: maybe', () => expect(verdict({}, { year: 2022 })).toMatch(/^maybe:years 2020 and 2022/));
  it('same title, different first author and pages: maybe, never merged', () =>
    expect(verdict({}, { authors: ['Smith, A'], pages: '10-20' })).toMatch(/^maybe:/));
  it('different titles: different', () => expect(verdict({}, { title: 'Cryoablation of pelvic metastases' })).toBe('different'));
  it('compare is symmetric', () => {
    const p = (r: BibRecord, i: number) => ({ r, index: i, title: normalizeTitle(r.title), author: familyName(r.authors[0]), volume: r.volume ?? '', page: '1745', notice: null, conference: false, preprint: false });
    const a = rec('a', base);
    const b = rec('b', { ...base, year: 2021 });
    expect(compare(p(a, 0), p(b, 1))).toEqual(compare(p(b, 1), p(a, 0)));
  });
});

describe('decisions by a person', () => {
  const records = [rec('a', base), rec('b', { ...base }), rec('c', { ...base, title: 'Something else entirely', doi: '10.1/c' }), rec('d', { ...base, title: 'Other', doi: '10.1/c' })];
  it('without decisions', () => expect(dedupe(records).clusters.map((c) => c.ids)).toEqual([['a', 'b'], ['c', 'd']]));
  it('"different" splits a pair and keeps it split', () => {
    const r = dedupe(records, { decisions: { same: [], different: [['b', 'a']] } });
    expect(r.clusters.map((c) => c.ids)).toEqual([['c', 'd']]);
    expect(r.maybe).toEqual([]);
  });
  it('"same" merges a pair the rules would not', () => {
    const r = dedupe(records, { decisions: { same: [['a', 'c']], different: [] } });
    expect(r.clusters.map((c) => [c.ids, c.rule])).toEqual([[['a', 'b', 'c', 'd'], 'doi+person+title+year']]);
  });
  it('keepOnly keeps the most complete record of each group', () => {
    const more = [rec('x', base), rec('y', { ...base, doi: '10.9/y', abstract: 'text' })];
    const r = dedupe(more);
    expect(r.clusters[0]!.keep).toBe('y');
    expect(keepOnly(more, r).map((x) => x.id)).toEqual(['y']);
  });
});

describe('the shipped review', () => {
  const studies = loadDataset(join(ROOT, 'data')).studies;
  const expected = studies.filter((s) => s.duplicate_of !== null).map((s) => [String(s.duplicate_of), String(s.ref)]);
  it('finds every repeated entry of the Sources list and nothing else', () => {
    const r = dedupe(studies.map(studyToRecord));
    expect(r.clusters.map((c) => c.ids)).toEqual(expected);
    expect(r.maybe).toEqual([]);
    expect(expected).toEqual([['1', '28'], ['3', '40'], ['9', '43'], ['25', '49']]);
  });
  it('... also with every DOI and PMID removed', () => {
    const r = dedupe(studies.map(studyToRecord).map((x) => ({ ...x, doi: null, pmid: null })));
    expect(r.clusters.map((c) => c.ids)).toEqual(expected);
  });
});

// A labelled set built from the shipped review alone (the corpus suite adds real exports and PubMed
// records: test/corpus/dedupe.test.ts). Labels by construction; precision must be 1: no false merge.
describe('accuracy on variants and look-alikes of the shipped review\'s 53 publications', () => {
  const studies = loadDataset(join(ROOT, 'data')).studies.filter((s) => s.duplicate_of === null).map(studyToRecord);
  const set = variantsOf(studies.map((r) => ({ ...r, id: `review:${r.id}` })), 'variants of the review');
  it('every variant found, no look-alike merged', () => {
    expect(studies).toHaveLength(53);
    // 53 bases, each with two duplicate variants: three records per group, three pairs per group.
    expect(set.truth).toHaveLength(53);
    const result = dedupe(set.records);
    const a = accuracy(set.truth, result.clusters.map((c) => c.ids));
    expect(a.truePairs).toBe(53 * 3);
    expect(a.falsePairs).toEqual([]);
    expect(a.missedPairs).toEqual([]);
    const lookAlikes = /\/(erratum|comment|reply|abstract|preprint)$/;
    expect(result.clusters.flatMap((c) => c.ids).filter((id) => lookAlikes.test(id))).toEqual([]);
  });
});
