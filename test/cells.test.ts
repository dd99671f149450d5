import { describe, expect, it } from 'vitest';
import { codecFor, emptyToNull, numCell, toCell } from '../src/schema/cells.js';
import { boolField, intField, listField } from '../src/schema/declare.js';
import { SITES } from '../src/schema/vocab.js';

describe('emptyToNull', () => {
  it.each([[''], ['   '], ['NA'], ['n/a'], ['null']])('maps %j to null', (cell) => expect(emptyToNull(cell)).toBeNull());
  it('maps a column the file leaves out (undefined) to null', () => expect(emptyToNull(undefined)).toBeNull());
  it('trims other text', () => expect(emptyToNull('  spine ')).toBe('spine'));
});

describe('a whole-number field', () => {
  const c = codecFor(intField(0, ''));
  it('an empty cell is null, never 0', () => expect(c.parse('')).toBeNull());
  it('reads " 12 " as 12', () => expect(c.parse(' 12 ')).toBe(12));
  it('rejects "12.5" (a count is whole)', () => expect(c.safeParse('12.5').success).toBe(false));
  it('rejects "1e3" (a count is written as digits)', () => expect(c.safeParse('1e3').success).toBe(false));
  it('rejects text', () => expect(c.safeParse('twelve').success).toBe(false));
  it('rejects values below the minimum', () => expect(c.safeParse('-1').success).toBe(false));
});

describe('numCell', () => {
  const c = numCell();
  it('reads "1e3" as 1000', () => expect(c.parse('1e3')).toBe(1000));
  it('reads "-0.5"', () => expect(c.parse('-0.5')).toBe(-0.5));
  it('an empty cell is null, never 0', () => expect(c.parse('')).toBeNull());
  it('rejects "1,5"', () => expect(c.safeParse('1,5').success).toBe(false));
});

describe('a true/false field', () => {
  const c = codecFor(boolField(''));
  it('"false" is false (z.coerce.boolean would say true)', () => expect(c.parse('false')).toBe(false));
  it.each([['true', true], ['TRUE', true], ['yes', true], ['1', true], ['no', false], ['0', false]])('%j is %j', (cell, value) =>
    expect(c.parse(cell)).toBe(value),
  );
  it('an empty cell is null (unknown), not false', () => expect(c.parse('')).toBeNull());
  it('rejects "maybe"', () => expect(c.safeParse('maybe').success).toBe(false));
  it('a required boolean rejects an empty cell', () => expect(codecFor(boolField('', { required: true })).safeParse('').success).toBe(false));
});

describe('a list field', () => {
  const c = codecFor(listField(SITES, ''));
  it('splits on ";" and trims', () => expect(c.parse(' spine ; pelvis ')).toEqual(['spine', 'pelvis']));
  it('an empty cell is not coded (null); "none" is a coded empty list', () => {
    expect(c.parse('')).toBeNull();
    expect(c.parse('none')).toEqual([]);
    expect(c.parse('None')).toEqual([]);
    expect(toCell(c.parse('none'))).toBe('none');
    expect(toCell(c.parse(''))).toBe('');
  });
  it('rejects an unknown value', () => expect(c.safeParse('spine;skull').success).toBe(false));
  it('rejects a value listed twice', () => expect(c.safeParse('spine;spine').success).toBe(false));
});

describe('toCell', () => {
  it('is the inverse of the codecs', () => {
    expect(toCell(null)).toBe('');
    expect(toCell(['spine', 'pelvis'])).toBe('spine;pelvis');
    expect(toCell(false)).toBe('false');
    expect(codecFor(listField(SITES, '')).parse(toCell(['sacrum', 'other']))).toEqual(['sacrum', 'other']);
  });
});
