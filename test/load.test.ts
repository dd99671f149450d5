import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStudies } from '../src/load/load-studies.js';
import { runRules } from '../src/load/rules.js';
import { ReviewSchema } from '../src/schema/review.js';
import { FIXTURES, fixtureReview, row, toCsv } from './helpers.js';

const review = ReviewSchema.parse(fixtureReview());

function check(text: string, file = 'studies.csv') {
  const loaded = loadStudies(text, file);
  return [...loaded.issues, ...runRules({ file, studies: loaded.all, review })];
}

describe('CSV reading', () => {
  const rows = [row({ ref: 1 }), row({ ref: 2, title: 'Second' })];
  it('reads LF, CRLF and lone-CR files alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { studies, issues } = loadStudies(toCsv(rows, undefined, eol), 'x.csv');
      expect(issues).toEqual([]);
      expect(studies.map((s) => s.study.title)).toEqual(['A study', 'Second']);
    }
  });
  it('strips a UTF-8 BOM so the first column is still "ref"', () => {
    const { studies, issues } = loadStudies('\uFEFF' + toCsv(rows), 'x.csv');
    expect(issues).toEqual([]);
    expect(studies[0]!.study.ref).toBe(1);
  });
  it('keeps non-ASCII text intact', () => {
    const { studies } = loadStudies(toCsv([row({ authors: 'Clarençon F, Jöllenbeck B.' })]), 'x.csv');
    expect(studies[0]!.study.authors).toBe('Clarençon F, Jöllenbeck B.');
  });
  it('gives the starting line of a record that spans lines', () => {
    const text = toCsv([row({ ref: 1, notes: 'one\ntwo\nthree' }), row({ ref: 2, design: 'cohort' })]);
    const issues = check(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 5, column: 'design', ref: 2 });
  });
  it('an empty cell stays null, not 0 or false', () => {
    const { studies } = loadStudies(toCsv([row({ patients: '', rt_role: '' })]), 'x.csv');
    expect(studies[0]!.study.patients).toBeNull();
    expect(studies[0]!.study.rt_role).toBeNull();
  });
});

// Each fixture's name says what is wrong; the table says where the loader must find it.
const CASES: [file: string, expected: Record<string, unknown>][] = [
  ['duplicate ref.csv', { code: 'duplicate_ref', line: 4, column: 'ref', ref: 2 }],
  ['duplicate_of pointing to a later entry.csv', { code: 'duplicate_of_not_earlier', line: 2, column: 'duplicate_of' }],
  ['duplicate_of pointing to a missing ref.csv', { code: 'duplicate_of_missing', line: 3, value: '9' }],
  ['duplicate_of pointing to a duplicate.csv', { code: 'duplicate_of_chain', line: 4, ref: 3 }],
  ['fewer lesions than patients.csv', { code: 'lesions_below_patients', line: 3, column: 'lesions', value: '9' }],
  ['year before the review window.csv', { code: 'year_out_of_range', line: 3, column: 'year', value: '2009' }],
  ['pmid without a source.csv', { code: 'identifier_without_source', line: 2, column: 'pmid_source' }],
  ['same pmid without duplicate_of.csv', { code: 'unmarked_duplicate', line: 3, column: 'pmid' }],
  ['unknown design.csv', { code: 'invalid_value', line: 2, column: 'design', value: 'cohort', accepted: ['prospective', 'retrospective', 'rct', 'rct_protocol', 'unclear'] }],
  ['unknown site in a list.csv', { code: 'invalid_value', line: 2, column: 'sites', value: 'skull' }],
  ['site listed twice.csv', { code: 'invalid_value', line: 2, column: 'sites' }],
  ['decimal patient count.csv', { code: 'invalid_value', line: 2, column: 'patients', value: '12.5' }],
  ['boolean written as maybe.csv', { code: 'invalid_value', line: 2, column: 'annotated', value: 'maybe' }],
  ['empty title cell.csv', { code: 'invalid_value', line: 2, column: 'title' }],
  ['doi with a url prefix.csv', { code: 'invalid_value', line: 2, column: 'doi' }],
  ['missing required column.csv', { code: 'missing_column', line: 1, column: 'design' }],
  ['unknown column.csv', { code: 'unknown_column', line: 1, column: 'desing' }],
  ['row with too many cells.csv', { code: 'malformed_csv', line: 3 }],
  ['unclosed quote.csv', { code: 'malformed_csv' }],
];

describe('validation rules, one bad-data fixture each', () => {
  it.each(CASES)('%s', (file, expected) => {
    const issues = check(readFileSync(join(FIXTURES, 'invalid', file), 'utf8'), file);
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, ...expected });
  });

  it('reports every problem of a file in one run', () => {
    const file = 'two bad rows in one file.csv';
    const errors = check(readFileSync(join(FIXTURES, 'invalid', file), 'utf8'), file).filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['invalid_value', 2],
      ['invalid_value', 3],
      ['duplicate_ref', 4], // ref 2 repeats the ref of a row whose patients cell is bad: still found
    ]);
  });

  it('a row with too many cells does not hide the rows after it', () => {
    const loaded = loadStudies(readFileSync(join(FIXTURES, 'invalid', 'row with too many cells.csv'), 'utf8'), 'f.csv');
    expect(loaded.studies.map((s) => s.study.ref)).toEqual([1, 3]);
  });

  it('a design without a note is a warning, not an error', () => {
    const issues = check(readFileSync(join(FIXTURES, 'design without a note.csv'), 'utf8'));
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'design_without_note', column: 'design_note' })]);
  });
});
