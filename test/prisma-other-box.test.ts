// PRISMA 2020's other-methods column: each record goes into exactly one of its three boxes.
import { describe, expect, it } from 'vitest';
import { otherMethodBox } from '../src/screening/prisma.js';

describe('which other-methods box a search-log source counts in', () => {
  it('one box per source, even when the name matches two ("Organisation websites")', () => {
    expect(otherMethodBox('Citation searching')).toBe('citations');
    expect(otherMethodBox('hand search of J Vasc Interv Radiol')).toBe('citations');
    expect(otherMethodBox('WHO organisation register')).toBe('organisations');
    expect(otherMethodBox('Organization websites')).toBe('organisations');
    expect(otherMethodBox('Medtronic website')).toBe('websites');
    expect(otherMethodBox('other')).toBe('citations');
  });
});
