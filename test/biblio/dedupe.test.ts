import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, dedupe, keepOnly, matchNew, mergeRecords, prepare, type DedupeResult } from '../../src/biblio/dedupe.js';
import { normalizeDoi } from '../../src/biblio/fields.js';
import { authorKey, authorsCompatible, cleanTitle, familyName, journalsCompatible, normalizeTitle, pageKeys, volumeKey } from '../../src/biblio/normalize.js';
import { parseCsvRecords } from '../../src/biblio/formats/csv.js';
import { scoreDedupe, scoreGroups } from '../../src/biblio/dedupe-score.js';
import { studyToRecord } from '../../src/biblio/from-study.js';
import { emptyRecord, type BibRecord } from '../../src/biblio/record.js';
import { loadDataset } from '../../src/load/dataset.js';
import { ROOT } from '../helpers.js';
import { accuracy, variantsOf } from './labelled.js';

const rec = (id: string, fields: Partial<BibRecord>): BibRecord => ({ ...emptyRecord(id), ...fields });
const base = { title: 'Radiofrequency ablation of spinal metastases', authors: ['Levy, J'], year: 2020, journal: 'J Vasc Interv Radiol', volume: '31', pages: '1745-1752' };

describe('normal forms', () => {
  it.each([
    ['https://doi.org/10.1016/J.JVIR.2020.07.014', '10.1016/J.JVIR.2020.07.014'], // a DOI keeps its case
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
    return r.clusters.length ? `same:${r.clusters[0]!.rule}` : r.maybe.length ? `maybe:${r.maybe[0]!.reason}` : r.refused.length ? `refused:${r.refused[0]!.reason}` : 'different';
  };
  it('same DOI', () => expect(verdict({ doi: '10.1/x', title: 'A' }, { doi: '10.1/x', title: 'B' })).toBe('same:doi'));
  it('same PMID', () => expect(verdict({ pmid: '1', title: 'A' }, { pmid: '1', title: 'B' })).toBe('same:pmid'));
  it('same title, year and author', () => expect(verdict({}, { title: 'RADIOFREQUENCY ABLATION OF SPINAL METASTASES.' })).toBe('same:title+year'));
  it('abbreviated vs full journal and shortened pages still merge', () =>
    expect(verdict({}, { journal: 'Journal of vascular and interventional radiology', pages: '1745-52' })).toBe('same:title+year'));
  it('different DOIs with the same title: kept apart (almost never the same), the DOIs named', () =>
    expect(verdict({ doi: '10.1/a' }, { doi: '10.1/b' })).toBe('refused:different DOIs (10.1/a and 10.1/b)'));
  it('an erratum is never merged with the paper; in its journal and volume a person is asked whether to file it with the paper', () =>
    expect(verdict({}, { title: `Erratum: ${base.title}`, issue: '9', pages: '2001' })).toMatch(/^maybe:erratum notice that concerns this paper \(the same journal and volume and first author;/));
  it('an erratum in another journal is kept apart without asking', () =>
    expect(verdict({}, { title: `Erratum: ${base.title}`, journal: 'Spine', volume: '12', pages: '7' })).toMatch(/^refused:erratum notice vs the paper/));
  it('a reply printed on the letter\'s pages goes to a person; a reply with pages of its own is kept apart', () => {
    expect(verdict({}, { title: `Reply to: ${base.title}`, authors: ['Critic, A'], pages: '1752' })).toMatch(/^maybe:comment notice that concerns this paper \(the same journal and volume, on the same pages;/);
    expect(verdict({}, { title: `Reply to: ${base.title}`, authors: ['Critic, A'], pages: '1753-1754' })).toMatch(/^refused:comment notice vs the paper/);
  });
  it('a conference abstract and the article: maybe', () => expect(verdict({}, { type: 'CONF' })).toMatch(/^maybe:conference paper or abstract vs article/));
  it('a preprint and the journal version: maybe', () => expect(verdict({}, { journal: 'medRxiv', doi: '10.1101/2020.01.01.1' })).toMatch(/^maybe:.*preprint/));
  it('a preprint on SSRN and the journal version: maybe', () =>
    expect(verdict({}, { journal: 'SSRN Electronic Journal', doi: '10.2139/ssrn.3266249' })).toMatch(/^maybe:.*preprint/));
  it('a record naming the same journal and page range, with only a preprint DOI attached: the same paper', () =>
    expect(verdict({}, { doi: '10.2139/ssrn.3266249' })).toBe('same:title+year'));
  it('...but with other pages, or another venue, it stays a preprint: maybe', () => {
    expect(verdict({}, { doi: '10.2139/ssrn.3266249', pages: '1-17' })).toMatch(/^maybe:.*preprint/);
    expect(verdict({}, { doi: '10.2139/ssrn.3266249', journal: 'Cardiovasc Intervent Radiol' })).toMatch(/^maybe:.*preprint/);
  });
  it('same title two years apart: kept apart, the years named', () => expect(verdict({}, { year: 2022 })).toMatch(/^refused:years 2020 and 2022/));
  it('same title, different first author and pages: maybe, never merged', () =>
    expect(verdict({}, { authors: ['Smith, A'], pages: '10-20' })).toMatch(/^maybe:/));
  it('different titles: different', () => expect(verdict({}, { title: 'Cryoablation of pelvic metastases' })).toBe('different'));
  it('compare is symmetric', () => {
    const a = rec('a', base);
    const b = rec('b', { ...base, year: 2021, authors: ['Smith, A'] });
    expect(compare(prepare(a, 0), prepare(b, 1)).kind).toBe('maybe');
    const [x, y] = [compare(prepare(a, 0), prepare(b, 1)), compare(prepare(b, 1), prepare(a, 0))];
    expect([x.kind, x.score, x.matched, x.conflicts.length]).toEqual([y.kind, y.score, y.matched, y.conflicts.length]);
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

// One small hand-made case per export quirk the rules undo (issue 9). Each pair is built so that the
// answer is known: the same article listed two ways, or two publications that only look alike.
describe('export quirks', () => {
  const pair = (a: Partial<BibRecord>, b: Partial<BibRecord>, shared: Partial<BibRecord> = base) => {
    const r = dedupe([rec('a', { ...shared, ...a }), rec('b', { ...shared, ...b })]);
    return r.clusters.length ? `same:${r.clusters[0]!.rule}` : r.maybe.length ? `maybe:${r.maybe[0]!.reason}` : r.refused.length ? `refused:${r.refused[0]!.reason}` : 'different';
  };
  describe('database annotations in titles', () => {
    it.each([
      ['Ovid review and reference-count tags', `${base.title}. [Review] [108 refs]`],
      ['a language tag', `${base.title}. [Spanish]`],
      ['a MEDLINE translated title with a language tag', `[${base.title}]. [French]`],
      ['"[Erratum appears in ...]" (the article, not a notice)', `${base.title}.[Erratum appears in J Vasc Interv Radiol. 2021 Jan;32(1):160]`],
      ['the erratum annotation cut off by a field limit', `${base.title}.[Erratum appears in J Vasc Interv Radiol. 2021 Jan`],
      ['a nested note in the annotation', `${base.title}.[Erratum appears in J Vasc Interv Radiol. 2021;32:160 Note: Levy, Jacob [added]]`],
      ['"(multiple letters) [1]"', `${base.title} (multiple letters) [1]`],
      ['a trailing "**"', `${base.title} **`],
      ['a citation glued after the title', `${base.title}... J Vasc Interv Radiol. 2020 Nov;31(11):1745-52`],
    ])('%s', (_, title) => expect(pair({}, { title })).toMatch(/^same:/));
    it('cleanTitle keeps the words and drops the annotations', () => {
      expect(cleanTitle('Mechanisms of disease: the complement system. [Review] [88 refs]').text).toBe('Mechanisms of disease: the complement system.');
      expect(cleanTitle('[Current aspects of HUS in children]. [Review] [16 refs] [Romanian]')).toEqual({ text: 'Current aspects of HUS in children', alt: '', translated: true });
    });
  });
  describe('titles in two forms', () => {
    it('a subtitle missing, with volume and pages agreeing', () => expect(pair({ title: `${base.title}: a multicentre cohort` }, {})).toMatch(/^same:contained title/));
    it('a section heading before the title', () => expect(pair({ title: `MEDICAL PROGRESS ${base.title}` }, {})).toMatch(/^same:contained title/));
    it('an original-language title in trailing brackets', () =>
      expect(pair({ title: `Radiofrequenzablation von Wirbelsäulenmetastasen [${base.title}]` }, {})).toMatch(/^same:/));
    it('a translated title: same journal, volume, issue, page range, year and author', () =>
      expect(pair({ title: 'Radiofrequenzablation von Wirbelsäulenmetastasen: eine Kohortenstudie', issue: '11' }, { title: 'Radiofrequency ablation of spinal metastases: a cohort study', issue: '11' })).toMatch(/^same:journal\+volume\+pages\+author/));
    it('but two different English titles at the same place stay apart', () =>
      expect(pair({ title: 'Cryoablation of pelvic metastases in adults' }, {})).toBe('different'));
    it('a contained title with a conflicting field is kept apart, not asked', () =>
      expect(pair({ title: `${base.title}: ten year results`, volume: '40', pages: '10-20' }, {})).toMatch(/^refused:one title contains the other/));
  });
  describe('first-author formats', () => {
    it.each([
      ['Levy, J', 'Levy J'], ['Levy, J', 'J. Levy'], ['Levy, Jacob', 'Levy, J.'], ['de Jong, M', 'Marit de Jong'],
      ['Le Quintrec, M.', 'Le, Quintrec M.'], ['Rubio, M. L.', 'Lopez, Rubio M.'], ['Nürnberger, J', 'Nurnberger, J'],
      ['Hiessl, Christina', 'Hiess, Christina'], ['Wang, X.', 'Xiaoguang, Wang'],
    ])('%j and %j can be one person', (a, b) => expect(authorsCompatible(authorKey(a), authorKey(b))).toBe(true));
    it.each([['Levy, J', 'Smith, A'], ['Lee, J', 'Leung, J']])('%j and %j are not', (a, b) => expect(authorsCompatible(authorKey(a), authorKey(b))).toBe(false));
    it('an author list in swapped order is not a conflict', () =>
      expect(pair({ authors: ['Levy, J', 'Hopkins, T'] }, { authors: ['Hopkins, T', 'Levy, J'] })).toMatch(/^same:/));
    it("a BibTeX-style author cell joined with ' and ' is read as several authors", () => {
      const { records } = parseCsvRecords('title,author\nX,"Zuber, J and Le Quintrec, M and Legendre, C"\n', 'x.csv');
      expect(records[0]!.record.authors).toEqual(['Zuber, J', 'Le Quintrec, M', 'Legendre, C']);
    });
  });
  describe('pages and volumes', () => {
    it.each([
      ['S-prefixed pages', 'S12-S15', '12-15'], ['c-prefixed pages', 'c37-c42', '37-42'], ['a shortened end page', '1745-52', '1745-1752'],
      ['the same end page, a typo in the start', '2297-2108', '2097-2108'],
    ])('%s', (_, x, y) => expect(pair({ pages: x }, { pages: y })).toMatch(/^same:/));
    it('an e-locator against print pages is not a conflict', () => expect(pair({ pages: 'e12345' }, { pages: '1745-1752', doi: null })).toMatch(/^same:/));
    it('pages a spreadsheet turned into a date are no pages', () => expect(pageKeys('15-Jan')).toEqual({ start: '', end: '', locator: false }));
    it.each([['174 AISC', '174'], ['Drug Discovery. 9', '9'], ['12A', '12'], ['031', '31']])('volume %j compares as %j', (v, k) => expect(volumeKey(v)).toBe(k));
    it('a volume with a suffix merges', () => expect(pair({ volume: '31 Suppl' }, {})).toMatch(/^same:/));
    it('Embase shifted columns (volume in the issue field, issue in pages)', () =>
      expect(pair({ volume: null, issue: '31', pages: '11' }, { issue: '11' }, { ...base, pages: null })).toMatch(/^same:/));
  });
  describe('fields read from BibTeX-style CSV', () => {
    const csv = 'ID,ENTRYTYPE,title,author,year,booktitle,editor,isbn,institution,number\np1,inproceedings,T,"A, B",2020,Proc. of X,"E, F and G, H",978-1-4503-3362-7,Uni,3\n';
    it('ENTRYTYPE, booktitle, editor, isbn, institution, number', () => {
      const r = parseCsvRecords(csv, 'x.csv').records[0]!.record;
      expect([r.type, r.journal, r.editors, r.isbn, r.institution, r.issue]).toEqual(['CONF', 'Proc. of X', ['E, F', 'G, H'], ['9781450333627'], 'Uni', '3']);
    });
    it('different ISBNs keep two books apart', () => expect(pair({ isbn: ['9781450333627'], type: 'BOOK' }, { isbn: ['9780000000002'], type: 'BOOK' })).toMatch(/^maybe:different ISBNs/));
    it('a proceedings paper exported as a book chapter merges with the conference paper', () =>
      expect(pair({ type: 'CHAP', journal: 'Communications in Computer and Information Science' }, { type: 'CONF', journal: 'ATIS 2014' })).toMatch(/^same:/));
    it('conference names that differ are no conflict', () =>
      expect(pair({ type: 'CONF', journal: '2010 IEEE International Conference on Systems, Man and Cybernetics' }, { type: 'CONF', journal: 'IEEE INTERNATIONAL CONFERENCE ON SYSTEMS (SMC)', pages: null })).toMatch(/^same:/));
  });
  describe('false merges avoided', () => {
    const column = { title: "Editor's Comments", authors: ['Weber, Ron'], year: 2002, journal: 'MIS Quarterly', volume: '26', pages: null };
    it('a recurring column in different issues of one volume', () => expect(pair({ issue: '1' }, { issue: '2' }, column)).toMatch(/^refused:short title shared; issues 1 and 2/));
    it('a long recurring title in different issues goes to a person with the reason', () =>
      expect(pair({ issue: '1' }, { issue: '2' }, { ...column, title: 'Remarks from the editor on the state of the field this quarter' })).toMatch(/^maybe:issues 1 and 2 of volume 26/));
    it('a digest item in a different journal', () =>
      expect(pair({ journal: 'Nature Reviews Clinical Oncology', volume: '18', pages: '5' }, {})).toMatch(/^maybe:.*journals Nature Reviews Clinical Oncology and J Vasc Interv Radiol/));
    it('journals that differ are a conflict, not missing support', () => expect(pair({ journal: 'Spine', volume: null, pages: null }, { volume: null, pages: null })).toMatch(/^maybe:journals Spine/));
    it('a group never holds two different DOIs, even through a record without one', () => {
      const r = dedupe([rec('a', { ...base, doi: '10.1/a' }), rec('m', { ...base }), rec('b', { ...base, doi: '10.1/b' })]);
      expect(r.clusters.map((c) => c.ids)).toEqual([['a', 'm']]);
      expect(r.maybe.map((m) => m.reason)).toEqual(['title+year, but the groups hold different DOIs']);
    });
  });
  describe('not duplicates', () => {
    it.each([
      ['an erratum', 'Erratum: '], ['a correction', 'Correction to: '], ['a retraction', 'Retraction: '], ['a comment', 'Comment on: '],
    ])('%s: never merged, and in another journal not even asked', (_, prefix) => {
      expect(pair({}, { title: `${prefix}${base.title}` })).toMatch(/^maybe:\w+ notice that concerns this paper/);
      expect(pair({}, { title: `${prefix}${base.title}`, journal: 'Radiology', volume: '290' })).toMatch(/^refused:\w+ notice vs the paper/);
    });
    it('a reply in the "Title - Reply" form', () => expect(pair({}, { title: `${base.title} - Reply`, authors: ['Critic, A'] })).toMatch(/^maybe:comment notice that concerns this paper/));
    // The citation a notice carries names the paper even from another volume and under other authors.
    it('a WoS erratum "(vol 31, pg 1745, 2020)" cites the paper', () =>
      expect(pair({}, { title: `${base.title} (vol 31, pg 1745, 2020)`, volume: '32', year: 2021, pages: '160', authors: ['Other, A'] })).toMatch(/^maybe:erratum notice that concerns this paper \(the notice cites volume 31, page 1745;/));
    it('an Embase erratum "(Journal (2020) 31 (1745-1752))" cites the paper', () =>
      expect(pair({}, { title: `${base.title} (Journal of Vascular and Interventional Radiology (2020) 31 (1745-1752))`, volume: '32', year: 2021, pages: '160', authors: ['Other, A'] })).toMatch(/^maybe:erratum notice that concerns this paper \(the notice cites volume 31, page 1745;/));
    it('an erratum citing another paper (other volume and page) is kept apart', () =>
      expect(pair({}, { title: `${base.title} (vol 28, pg 99, 2017)`, volume: '32', year: 2021, pages: '160', authors: ['Other, A'] })).toMatch(/^refused:erratum notice vs the paper/));
    it('MEDLINE lists an erratum under the paper\'s title at the place the paper\'s annotation names: a notice, not the paper', () => {
      // the paper, annotated; the erratum's MEDLINE listing (the paper's title and first page, the erratum's issue);
      // the erratum's Embase listing (its own page): two listings of one notice, which merge, and a question about the paper
      const paper = rec('p', { ...base, issue: '11', title: `${base.title}.[Erratum appears in J Vasc Interv Radiol. 2021 Jan;32(1):160]` });
      const medline = rec('m', { ...base, volume: '32', issue: '1', year: 2021, pages: '1745' });
      const embase = rec('e', { ...base, volume: '32', issue: '1', year: 2021, pages: '160', title: `Erratum: ${base.title}` });
      const r = dedupe([paper, medline, embase]);
      expect(r.clusters.map((c) => c.ids)).toEqual([['m', 'e']]);
      expect(r.maybe.map((m) => m.reason)).toEqual([expect.stringMatching(/^erratum notice that concerns this paper \(the notice cites volume 31, page 1745;/)]);
      // without the annotation the MEDLINE listing is just a same-titled record in another volume: a question, not a notice
      const r2 = dedupe([rec('p', { ...base, issue: '11' }), medline]);
      expect(r2.maybe.map((m) => m.reason)).toEqual([expect.stringMatching(/volumes 31 and 32/)]);
    });
    it('two notices about one paper in different issues are two notices', () =>
      expect(pair({ title: `Erratum: ${base.title}`, issue: '2', pages: '99' }, { title: `Erratum: ${base.title}`, issue: '5', pages: '410' })).toMatch(/^maybe:pages 99 and 410; issues 2 and 5 of volume 31/));
    it('the same long title, first author and journal under two DOIs: a person is asked (an article printed twice)', () => {
      expect(pair({ doi: '10.1/a', year: 2009, volume: '24' }, { doi: '10.1/b', year: 2010, volume: '25' }, { ...base, title: 'Sponsorship and vendor management of ablation projects' })).toMatch(/^maybe:the same title, first author and journal under two DOIs \(10\.1\/a and 10\.1\/b\): printed twice\?/);
      // a short title, another first author or another journal: two publications, not asked
      expect(pair({ doi: '10.1/a' }, { doi: '10.1/b' })).toBe('refused:different DOIs (10.1/a and 10.1/b)');
      expect(pair({ doi: '10.1/a' }, { doi: '10.1/b', authors: ['Smith, A'] }, { ...base, title: 'Sponsorship and vendor management of ablation projects' })).toMatch(/^refused:different DOIs/);
      expect(pair({ doi: '10.1/a' }, { doi: '10.1/b', journal: 'Spine' }, { ...base, title: 'Sponsorship and vendor management of ablation projects' })).toMatch(/^refused:different DOIs/);
    });
    it('two listings of one erratum merge with each other', () =>
      expect(pair({ title: `Erratum: ${base.title} (Journal of Vascular and Interventional Radiology (2020) 31 (1745-1752))` }, { title: `${base.title} (vol 31, pg 1745, 2020)` }, { ...base, pages: '160' })).toMatch(/^same:/));
    it('a Cochrane update (.pub2 vs .pub3) is a new publication', () =>
      expect(pair({ doi: '10.1002/14651858.cd001234.pub2', year: 2019 }, { doi: '10.1002/14651858.cd001234.pub3', year: 2020 })).toMatch(/^refused:Cochrane review versions/));
    it('an abstract printed in two journals', () =>
      expect(pair({ type: 'ABST', journal: 'British Journal of Haematology', volume: '145', pages: '23' }, { type: 'ABST', journal: 'Haematologica', volume: '94', pages: '239-240' })).toMatch(/^maybe:volumes 145 and 94/));
  });
});

describe('merged records and provenance', () => {
  it('an erratum a person filed with its paper is not kept and lends it nothing (title, DOI, pages stay the paper\'s)', () => {
    const paper = rec('p', { ...base, issue: '11' });
    const erratum = rec('e', { ...base, title: `${base.title} (Journal of Vascular and Interventional Radiology (2020) 31 (1745-1752))`, issue: '12', pages: '2001', doi: '10.1/erratum', pmid: '999', abstract: 'Correction of an author name.' });
    const r = dedupe([erratum, paper], { decisions: { same: [['e', 'p']], different: [] } });
    expect(r.clusters).toHaveLength(1);
    const c = r.clusters[0]!;
    expect([c.keep, c.ids, c.rule]).toEqual(['p', ['e', 'p'], 'person']);
    expect([c.merged.title, c.merged.doi, c.merged.pmid, c.merged.pages, c.merged.abstract]).toEqual([base.title, null, null, base.pages, null]);
  });
  it('the kept record gets the union of identifiers and the fuller fields, with where each came from', () => {
    const a = rec('a', { ...base, doi: '10.1/x', abstract: null });
    const b = rec('b', { ...base, pmid: '123', abstract: 'Long abstract text.', issue: '11' });
    const r = dedupe([a, b]);
    const c = r.clusters[0]!;
    expect(c.merged).toMatchObject({ doi: '10.1/x', pmid: '123', abstract: 'Long abstract text.', issue: '11' });
    expect(c.provenance).toMatchObject({ doi: 'a', pmid: 'b', abstract: 'b', issue: 'b' });
    expect(c.provenance[c.keep === 'a' ? 'doi' : 'pmid']).toBe(c.keep);
    expect(c.matched).toEqual(['first author', 'journal', 'pages', 'volume', 'year']);
  });
  it('mergeRecords keeps a longer title from another record only when much fuller', () => {
    const { merged, provenance } = mergeRecords(rec('k', { title: 'Short' }), [rec('o', { title: 'Short title with its whole subtitle' })]);
    expect([merged.title, provenance.title]).toEqual(['Short title with its whole subtitle', 'o']);
  });
  it('every refused and uncertain pair names the field in conflict', () => {
    const r = dedupe([rec('a', base), rec('b', { ...base, pages: '10-20' })]);
    expect(r.maybe[0]!.conflicts).toEqual(['pages 1745-1752 and 10-20']);
  });
});

describe('matching new records against an existing set (keep_source = "old")', () => {
  const old = [rec('ref:1', { ...base, doi: null }), rec('ref:2', { ...base, title: 'Cryoablation of pelvic metastases', pages: '1-9' })];
  it('a new record that repeats an existing one keeps the existing id', () => {
    const fresh = [rec('new:1', { ...base, doi: '10.1/x', pmid: '5', abstract: 'Fuller' }), rec('new:2', { ...base, title: 'Something else entirely', pages: '50-60' })];
    const m = matchNew(old, fresh);
    expect(m.duplicates).toEqual([{ id: 'new:1', existing: 'ref:1', rule: 'title+year', matched: ['first author', 'journal', 'pages', 'volume', 'year'] }]);
    expect(m.within).toEqual([]);
  });
  it('existing records are not compared with each other', () => {
    const twins = [rec('ref:1', base), rec('ref:2', base)];
    expect(matchNew(twins, []).duplicates).toEqual([]);
    expect(matchNew(twins, [rec('new:1', base)]).duplicates.map((d) => d.existing)).toEqual(['ref:1']);
  });
  it('a conference abstract of an existing article goes to a person, as in npa dedupe', () => {
    const m = matchNew(old, [rec('new:3', { ...base, type: 'CONF' })]);
    expect(m.duplicates).toEqual([]);
    expect(m.maybe.map((x) => [x.ids, x.reason])).toEqual([[['ref:1', 'new:3'], 'conference paper or abstract vs article']]);
  });
});

describe('blocks are never skipped', () => {
  it('a block larger than maxBlock is split and compared, and reported', () => {
    const many = Array.from({ length: 30 }, (_, i) => rec(`r${i}`, { ...base, year: 2000 + (i % 3), pages: `${100 + i}-${110 + i}`, authors: [`Author${i}, A`] }));
    many.push({ ...many[7]!, id: 'dup' });
    const r = dedupe(many, { maxBlock: 5 });
    expect(r.clusters.map((c) => c.ids)).toEqual([['r7', 'dup']]);
    expect(r.oversizedBlocks.length).toBeGreaterThan(0);
    expect(r.oversizedBlocks[0]!.how).toMatch(/^split by year/);
  });
});

describe('scoring (bib-dedupe record-level metric)', () => {
  it('a worked example', () => {
    // truth: {a,b,c} one publication, {d,e} another, f unique. Found: a+b merged (kept a), d+e+f merged (kept d).
    const s = scoreGroups(['a', 'b', 'c', 'd', 'e', 'f'], [['a', 'b', 'c'], ['d', 'e']], [{ keep: 'a', ids: ['a', 'b'] }, { keep: 'd', ids: ['d', 'e', 'f'] }]);
    // {a,b,c}: kept a, c -> TN 1, FN 1, TP 1. {d,e}: kept d -> TN 1, TP 1. f removed outside any cluster -> FP 1.
    expect(s).toEqual({ fp: 1, tp: 2, fn: 1, tn: 2, sensitivity: 2 / 3 });
  });
  it('a cluster with every member removed counts one FP', () => {
    expect(scoreGroups(['a', 'b', 'x'], [['a', 'b']], [{ keep: 'x', ids: ['x', 'a', 'b'] }])).toEqual({ fp: 1, tp: 1, fn: 0, tn: 1, sensitivity: 1 });
  });
  it('counting the review list: a person merges its true pairs and refuses the others', () => {
    // truth {a,b,c}, {d,e}; found a+b; review pairs b-c (true), d-e (true), e-f (false: f is unique)
    const result = {
      records: 6, clusters: [{ keep: 'a', ids: ['a', 'b'] }], refused: [], oversizedBlocks: [], compared: 0,
      maybe: [{ ids: ['b', 'c'] }, { ids: ['d', 'e'] }, { ids: ['e', 'f'] }],
    } as unknown as DedupeResult;
    const s = scoreDedupe(['a', 'b', 'c', 'd', 'e', 'f'], [['a', 'b', 'c'], ['d', 'e']], result);
    // automatic: {a,b,c} kept a and c -> TP 1, FN 1; {d,e} both kept -> FN 1
    expect([s.tp, s.fn, s.fp]).toEqual([1, 2, 0]);
    // with the true review pairs merged: all 3 true pairs found, no false merge
    expect(s.withReview).toEqual({ fp: 0, tp: 3, fn: 0, tn: 3, sensitivity: 1 });
    // merging every pair would also put f (unique) into the group of d and e: one false merge
    expect(s.acceptAllFp).toBe(1);
    expect([s.reviewPairs, s.reviewTrue]).toEqual([3, 2]);
  });
});

describe('the review list', () => {
  it('ranked, with reasons and both records, leaving out decided pairs', async () => {
    const { reviewList } = await import('../../src/biblio/dedupe-review.js');
    const records = [rec('a', base), rec('b', { ...base, pages: '10-20' }), rec('c', { ...base, type: 'CONF', volume: null, pages: null, journal: 'Annual Meeting' })];
    const r = dedupe(records);
    const list = reviewList(records, r);
    expect(list.map((x) => x.rank)).toEqual(list.map((_, i) => i + 1));
    expect(list.every((x, i) => i === 0 || list[i - 1]!.score >= x.score)).toBe(true);
    expect(list.find((x) => x.ids.includes('b') && x.ids.includes('a'))!.conflicts).toEqual(['pages 1745-1752 and 10-20']);
    expect(list[0]!.records.map((s) => s.id).sort()).toEqual([...list[0]!.ids].sort());
    const decided = reviewList(records, r, { same: [], different: [[list[0]!.ids[1], list[0]!.ids[0]]] });
    expect(decided).toHaveLength(list.length - 1);
  });
});
