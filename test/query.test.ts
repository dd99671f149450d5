import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/load/dataset.js';
import { applyFilter } from '../src/query/filter.js';
import { countBy, crossTab, MISSING } from '../src/stats/count.js';
import { FIXTURES } from './helpers.js';

// test/fixtures/valid holds six hand-built studies; every expected answer below is read off that file by eye.
const { studies, issues } = loadDataset(join(FIXTURES, 'valid'));
const refs = (filter: Parameters<typeof applyFilter>[1]) => applyFilter(studies, filter).map((s) => s.ref);

describe('the valid fixture', () => {
  it('loads without errors', () => expect(issues.filter((i) => i.severity === 'error')).toEqual([]));
});

describe('filters', () => {
  it('no filter keeps everything', () => expect(refs({})).toEqual([1, 2, 3, 4, 5, 6]));
  it('--site', () => expect(refs({ sites: ['pelvis'] })).toEqual([2, 3]));
  it('repeated --site: all must hold', () => expect(refs({ sites: ['spine', 'pelvis'] })).toEqual([2]));
  it('--design: any of several', () => expect(refs({ designs: ['prospective', 'rct'] })).toEqual([1, 2]));
  it('repeated --intervention: all must hold', () => expect(refs({ interventions: ['rfa', 'cement'] })).toEqual([1, 4, 6]));
  it('--year range is inclusive', () => expect(refs({ yearFrom: 2015, yearTo: 2016 })).toEqual([3, 4, 6]));
  it('--year open end', () => expect(refs({ yearFrom: 2019 })).toEqual([2]));
  it('--text ignores case and accents', () => expect(refs({ text: 'muller' })).toEqual([3]));
  it('--text searches the journal', () => expect(refs({ text: 'radiology' })).toEqual([2]));
  it('--annotated', () => expect(refs({ annotated: true })).toEqual([2, 6]));
  it('--unique drops repeat listings', () => expect(refs({ unique: true })).toEqual([1, 2, 3, 4, 5]));
  it('--ref', () => expect(refs({ refs: [5, 1, 9] })).toEqual([1, 5]));
  it('filters compose', () => expect(refs({ sites: ['spine'], unique: true, interventions: ['cement'] })).toEqual([1, 4]));
});

describe('countBy', () => {
  it('counts a single-valued field in vocabulary order', () => {
    expect(countBy(studies, 'design')).toEqual([
      { value: 'prospective', count: 1 },
      { value: 'retrospective', count: 3 },
      { value: 'rct', count: 1 },
      { value: 'unclear', count: 1 },
    ]);
  });
  it('counts a multi-valued field once per value, with unknowns apart', () => {
    expect(countBy(studies, 'sites')).toEqual([
      { value: 'spine', count: 4 },
      { value: 'sacrum', count: 2 },
      { value: 'pelvis', count: 2 },
      { value: MISSING, count: 1 },
    ]);
  });
  it('counts a nullable boolean with unknowns apart', () => {
    expect(countBy(studies, 'rt_role')).toEqual([
      { value: 'true', count: 1 },
      { value: 'false', count: 1 },
      { value: MISSING, count: 4 },
    ]);
  });
  it('counts years in numeric order', () => {
    expect(countBy(studies, 'year').map((r) => r.value)).toEqual(['2012', '2015', '2016', '2018', '2020']);
  });
});

describe('crossTab', () => {
  it('cross-tabulates design by sites', () => {
    const t = crossTab(studies, 'design', 'sites');
    expect(t.rows).toEqual(['prospective', 'retrospective', 'rct', 'unclear']);
    expect(t.columns).toEqual(['spine', 'sacrum', 'pelvis', MISSING]);
    expect(t.cells).toEqual([
      [1, 0, 0, 0],
      [2, 2, 1, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });
});
