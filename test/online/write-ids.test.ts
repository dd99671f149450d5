// --accept writes only confident proposals, only into empty cells, with the record URL and the date.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../src/online/lookup.js';
import { writeIdentifiers } from '../../src/online/write-ids.js';
import { row, tempDataset, toCsv } from '../helpers.js';

const proposal = (ref: number, field: 'pmid' | 'doi', value: string, status: Proposal['status']): Proposal => ({
  ref, field, value, status, via: ['ECitMatch'], score: 1, agree: ['title', 'year'], disagree: [], url: `https://pubmed.ncbi.nlm.nih.gov/${value}/`,
  candidate: { title: 't', journal: 'j', year: 2018 }, note: '',
});

describe('writeIdentifiers', () => {
  it('fills empty cells from confident proposals and leaves curated and unconfident ones alone', () => {
    const dir = tempDataset(toCsv([
      row({ ref: 1 }),
      row({ ref: 2, pmid_source: 'PMID not printed on the publisher page; left empty on purpose' }),
      row({ ref: 3 }),
      row({ ref: 4, doi: '10.1000/curated', doi_source: 'https://example.org' }),
    ]));
    const before = readFileSync(join(dir, 'studies.csv'), 'utf8').split('\n');
    const result = writeIdentifiers(dir, [
      proposal(1, 'pmid', '111', 'confident'),
      proposal(2, 'pmid', '222', 'confident'),
      proposal(3, 'pmid', '333', 'review'),
      proposal(3, 'doi', '10.1000/x', 'conflict'),
      proposal(4, 'doi', '10.1000/other', 'confident'),
    ], '2026-12-01');
    expect(result.written).toEqual([{ ref: 1, field: 'pmid', value: '111', source: 'https://pubmed.ncbi.nlm.nih.gov/111/ (npa lookup 2026-12-01: found by ECitMatch; title, year agree)' }]);
    expect(result.skipped.map((s) => [s.proposal.ref, s.reason])).toEqual([
      [2, 'pmid or pmid_source already holds a value; npa never overwrites it'],
      [4, 'doi or doi_source already holds a value; npa never overwrites it'],
    ]);
    const after = readFileSync(join(dir, 'studies.csv'), 'utf8').split('\n');
    expect(after[1]).toContain(',111,"https://pubmed.ncbi.nlm.nih.gov/111/ (npa lookup 2026-12-01: found by ECitMatch; title, year agree)",');
    expect(after.slice(2)).toEqual(before.slice(2));
  });
});
