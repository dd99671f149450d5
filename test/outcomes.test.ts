import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/load/dataset.js';
import { OUTCOME_FIELDS } from '../src/schema/outcome.js';
import { FIXTURES, ROOT, tempDataset } from './helpers.js';

const studies = readFileSync(join(FIXTURES, 'valid', 'studies.csv'), 'utf8');
const HEADER = OUTCOME_FIELDS.join(',');
const row = (cells: Partial<Record<(typeof OUTCOME_FIELDS)[number], string | number>>) => {
  const base: Record<string, string | number> = { arm: 'all', source: 'review text', quote: 'a sentence' , ...cells };
  return OUTCOME_FIELDS.map((f) => String(base[f] ?? '')).join(',');
};
const issuesOf = (lines: string[]) =>
  loadDataset(tempDataset(studies, undefined, [HEADER, ...lines].join('\n') + '\n')).issues.filter((i) => i.file.endsWith('outcomes.csv'));

describe('outcomes.csv', () => {
  it('valid rows load', () => {
    const dir = tempDataset(studies, undefined, [HEADER, row({ ref: 1, outcome: 'complications', events: 2, denominator: 10, unit: 'patients', severity: 'any' }), row({ ref: 2, outcome: 'pain', scale: 'VAS', n: 5, baseline_mean: 7.5, baseline_sd: 1.2, followup_mean: 3 })].join('\n'));
    const ds = loadDataset(dir);
    expect(ds.issues).toEqual([]);
    expect(ds.outcomes).toMatchObject([{ ref: 1, events: 2, denominator: 10, severity: 'any' }, { ref: 2, outcome: 'pain', baseline_sd: 1.2, followup_sd: null }]);
  });
  it('is optional', () => expect(loadDataset(join(FIXTURES, 'valid')).outcomes).toEqual([]));
  it.each([
    ['more events than the denominator', row({ ref: 1, outcome: 'complications', events: 11, denominator: 10, unit: 'patients', severity: 'any' }), 'events_above_denominator', 'events'],
    ['a negative SD', row({ ref: 1, outcome: 'pain', scale: 'VAS', n: 5, baseline_mean: 7, baseline_sd: -1, followup_mean: 3 }), 'invalid_value', 'baseline_sd'],
    ['an unknown unit', row({ ref: 1, outcome: 'complications', events: 1, denominator: 10, unit: 'people', severity: 'any' }), 'invalid_value', 'unit'],
    ['an unknown outcome', row({ ref: 1, outcome: 'survival' }), 'invalid_value', 'outcome'],
    ['a ref with no study', row({ ref: 99, outcome: 'local_control', events: 1, denominator: 2, unit: 'lesions' }), 'outcome_unknown_ref', 'ref'],
    ['a ref that is a repeat listing', row({ ref: 6, outcome: 'local_control', events: 1, denominator: 2, unit: 'lesions' }), 'outcome_on_repeat_listing', 'ref'],
    ['a complications row without severity', row({ ref: 1, outcome: 'complications', events: 1, denominator: 2, unit: 'lesions' }), 'outcome_missing_value', 'severity'],
    ['a severity on local control', row({ ref: 1, outcome: 'local_control', events: 1, denominator: 2, unit: 'lesions', severity: 'major' }), 'outcome_severity', 'severity'],
  ])('%s is an error naming line and column', (_name, line, code, column) => {
    expect(issuesOf([line])).toEqual([expect.objectContaining({ severity: 'error', code, column, line: 2 })]);
  });
  it('a repeated row is an error', () => {
    const r = row({ ref: 1, outcome: 'local_control', events: 1, denominator: 2, unit: 'lesions' });
    expect(issuesOf([r, r])).toEqual([expect.objectContaining({ code: 'outcome_repeated', line: 3 })]);
  });
  it('the shipped outcomes are valid and every number has a source and a quote', () => {
    const ds = loadDataset(join(ROOT, 'data'));
    expect(ds.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(ds.outcomes.length).toBeGreaterThan(20);
    for (const o of ds.outcomes) expect(o.source.length * o.quote.length).toBeGreaterThan(0);
  });
});
