// The readers of each service's answer, on the documented shapes and on malformed ones.
import { describe, expect, it } from 'vitest';
import { MalformedAnswer, OnlineClient } from '../../src/online/http.js';
import { onlineConfig } from '../../src/online/config.js';
import { readMedline, esearch, ecitmatch } from '../../src/online/pubmed.js';
import { readWork } from '../../src/online/crossref.js';
import { citationDate, pubmedNotices } from '../../src/online/retractions.js';
import { titleQuery } from '../../src/online/lookup.js';
import { tempDir } from '../helpers.js';
import { fixture, json, startReplay, text } from './replay.js';

describe('MEDLINE (EFetch rettype=medline)', () => {
  it('reads records with their comment/correction fields', () => {
    const records = readMedline(fixture('pubmed-records.nbib'));
    expect(records.map((r) => r.pmid)).toEqual(['90000001', '90000002', '90000003', '90000004', '90000005']);
    expect(records[0]!.record).toMatchObject({ doi: '10.5555/npa-test.0001', volume: '29', year: 2018, pages: '345-352' });
    expect(records[4]!.fields.filter(([t]) => t === 'RIN')).toEqual([['RIN', 'Eur Radiol. 2019 Nov 12;29(11):6300. doi: 10.5555/npa-test.0050. PMID: 90000050']]);
  });
  it('refuses an error page or XML in place of MEDLINE text', () => {
    expect(() => readMedline('<?xml version="1.0"?><eFetchResult><ERROR>Empty id list</ERROR></eFetchResult>')).toThrow(MalformedAnswer);
    expect(() => readMedline('PMID- 1\nTI  - x\n  stray\nnot a tag\n')).toThrow(/damaged/);
  });
  it('reads notice dates from citations', () => {
    expect(citationDate('Eur Radiol. 2019 Nov 12;29(11):6300. PMID: 1')).toBe('2019-11-12');
    expect(citationDate('Eur Radiol. 2017 Feb;27(2):880.')).toBe('2017-02');
    expect(citationDate('Eur Radiol. 2017;27(2):880.')).toBe('2017');
    expect(citationDate('no date here')).toBeNull();
  });
  it('marks a retracted publication even without a Retraction-in link', () => {
    const [rec] = readMedline('PMID- 123\nTI  - A paper.\nPT  - Journal Article\nPT  - Retracted Publication\n');
    expect(pubmedNotices(7, rec!, '2026-12-01')).toEqual([
      { ref: 7, kind: 'retraction', source: 'pubmed', notice_id: null, date: null, link: 'https://pubmed.ncbi.nlm.nih.gov/123/', detail: 'Publication type: Retracted Publication', checked: '2026-12-01' },
    ]);
  });
});

describe('Crossref works', () => {
  it('reads the fields lookup compares, and update metadata', () => {
    const w = readWork(JSON.parse(fixture('crossref-work-0005.json')).message);
    expect(w).toMatchObject({ doi: '10.5555/npa-test.0005', title: 'Combined ablation and cementoplasty of acetabular metastases', journal: 'European Radiology', year: 2016, volume: '26', page: '501-508', firstAuthor: 'Moe, Oskar' });
    expect(w.updatedBy).toEqual([
      { DOI: '10.5555/npa-test.0050', type: 'retraction', label: 'Retraction', source: 'retraction-watch', date: '2019-11-12', recordId: '99999' },
      { DOI: '10.5555/npa-test.0050', type: 'retraction', label: 'Retraction', source: 'publisher', date: '2019-11-12' },
    ]);
  });
  it('refuses a work without a DOI or a malformed update list', () => {
    expect(() => readWork({ title: ['x'] })).toThrow(MalformedAnswer);
    expect(() => readWork({ DOI: '10.1/x', 'updated-by': { DOI: 'y' } })).toThrow(/not a list/);
  });
});

describe('ESearch and ECitMatch answers', () => {
  const config = (base: string) => onlineConfig({ eutilsUrl: base, email: 't@example.org' }, {});
  it('reports an ESearch error and a count that changes between pages', async () => {
    const replay = await startReplay((u) =>
      u.searchParams.get('term') === 'bad' ? json({ esearchresult: { ERROR: 'Invalid query' } })
        : u.searchParams.get('term') === 'huge' ? json({ esearchresult: { count: '25000', idlist: ['1'], querytranslation: 'q' } })
        : json({ esearchresult: { count: u.searchParams.get('retstart') === '0' ? '4' : '5', idlist: ['1', '2'], querytranslation: 'q' } }),
    );
    try {
      const client = new OnlineClient({ cacheRoot: tempDir(), sleep: async () => {} });
      await expect(esearch(client, config(replay.eutils), 'bad')).rejects.toThrow(/ESearch error: Invalid query/);
      await expect(esearch(client, config(replay.eutils), 'paged', { pageSize: 2 })).rejects.toThrow(/count changed between pages \(4, then 5\)/);
      const before = replay.requests.length;
      await expect(esearch(client, config(replay.eutils), 'huge')).rejects.toThrow(/finds 25000 records; PubMed's ESearch serves only the first 10,000. Narrow the date window/);
      expect(replay.requests.length - before).toBe(1);
    } finally {
      await replay.close();
    }
  });
  it('reads found, AMBIGUOUS and NOT_FOUND, and refuses anything else', async () => {
    const replay = await startReplay((u) => {
      const key = (u.searchParams.get('bdata') ?? '').split('|')[5];
      const answer = { a: '123', b: 'AMBIGUOUS 1,2', c: 'NOT_FOUND', d: 'Server busy' }[key as 'a'];
      return text(`j|2020|1|1|x y|${key}|${answer}\n`);
    });
    try {
      const client = new OnlineClient({ cacheRoot: tempDir(), sleep: async () => {} });
      const c = (key: string) => ecitmatch(client, config(replay.eutils), { journal: 'j', year: '2020', volume: '1', firstPage: '1', author: 'x y', key });
      expect(await c('a')).toEqual({ status: 'found', pmid: '123' });
      expect(await c('b')).toEqual({ status: 'ambiguous', pmids: ['1', '2'] });
      expect(await c('c')).toEqual({ status: 'not_found' });
      await expect(c('d')).rejects.toThrow(/unexpected ECitMatch result "Server busy"/);
    } finally {
      await replay.close();
    }
  });
});

describe('title fallback query', () => {
  it('uses the eight longest distinctive title words in [ti]', () => {
    expect(titleQuery('Radiofrequency ablation of painful spinal metastases: a prospective cohort')).toBe(
      'radiofrequency[ti] AND prospective[ti] AND metastases[ti] AND ablation[ti] AND painful[ti] AND cohort[ti] AND spinal[ti]',
    );
    // Longest first, ties alphabetical, at most eight; stop words and numbers left out.
    expect(titleQuery('alpha1 bbbbb ccccc ddddd eeeee fffff ggggg hhhhh iiiii with 2020 study')!.split(' AND ')).toEqual(
      ['alpha1', 'bbbbb', 'ccccc', 'ddddd', 'eeeee', 'fffff', 'ggggg', 'hhhhh'].map((w) => `${w}[ti]`),
    );
    expect(titleQuery('On X')).toBeNull();
  });
});
