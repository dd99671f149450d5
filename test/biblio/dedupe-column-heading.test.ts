// Export quirk: a recurring column's heading printed before the article's title by one database
// ("How I did it ... <title>") and left out by another, which also puts the year in the volume field and
// the month in the issue field, and gives no pages. Invented records; the answer is known by construction:
// the same first author, year and journal, the same title under a heading, nothing in conflict.
import { describe, expect, it } from 'vitest';
import { columnHeading, dedupe } from '../../src/biblio/dedupe.js';
import { emptyRecord, type BibRecord } from '../../src/biblio/record.js';

const TITLE = 'A hospital director on how a shy radiologist learned to run a department';
const withHeading: Partial<BibRecord> = { title: `How I did it ... ${TITLE}`, authors: ['Okonjo, Adaeze'], year: 2019, journal: 'Harvard Business Review', volume: '97', issue: '5', pages: '35+' };
const without: Partial<BibRecord> = { title: TITLE, authors: ['Okonjo, A.'], year: 2019, journal: 'Harvard Business Review', volume: '2019', issue: 'May', pages: null };

function verdict(a: Partial<BibRecord>, b: Partial<BibRecord>): string {
  const r = dedupe([{ ...emptyRecord('a'), ...a }, { ...emptyRecord('b'), ...b }]);
  return r.clusters.length ? `same:${r.clusters[0]!.rule}` : r.maybe.length ? `maybe:${r.maybe[0]!.reason}` : r.refused.length ? `refused:${r.refused[0]!.reason}` : 'different';
}

describe('a column heading before the title', () => {
  it('the same article: first author, year and journal agree, a year as volume and a month as issue are not conflicts', () =>
    expect(verdict(withHeading, without)).toBe('same:heading+title+author+journal'));
  it('in either order, and with a colon after the heading', () =>
    expect(verdict(without, { ...withHeading, title: `Leadership lessons: ${TITLE}` })).toBe('same:heading+title+author+journal'));
  it('not when the first authors differ', () => expect(verdict(withHeading, { ...without, authors: ['Lindqvist, Anna'] })).not.toMatch(/^same/));
  it('not in another journal (a digest of the article elsewhere)', () =>
    expect(verdict(withHeading, { ...without, journal: 'Journal of Radiology Management' })).not.toMatch(/^same/));
  it('not a year apart', () => expect(verdict(withHeading, { ...without, year: 2020, volume: '2020' })).not.toMatch(/^same/));
  it('not when the issues of one volume differ (a recurring column in two issues)', () =>
    expect(verdict(withHeading, { ...without, volume: '97', issue: '7' })).not.toMatch(/^same/));
  it('not when the title without the heading is short (under eight words)', () =>
    expect(verdict({ ...withHeading, title: 'How I did it ... Running a radiology department' }, { ...without, title: 'Running a radiology department' })).not.toMatch(/^same/));
  it.each([
    ['a part of a series', `Part 2: ${TITLE}`],
    ['a protocol', `Study protocol: ${TITLE}`],
    ['a withdrawal', `WITHDRAWN: ${TITLE}`],
    ['a digest', `Digest: ${TITLE}`],
    ['a heading longer than five words', `What we learned from the year that changed our hospital: ${TITLE}`],
  ])('not when the heading is %s', (_, title) => expect(verdict({ ...withHeading, title }, without)).not.toMatch(/^same/));
  it('a subtitle added after the title is not a heading: without volume or pages it stays for a person', () =>
    expect(verdict({ ...without, title: `${TITLE}: ten-year results` }, without)).toMatch(/^maybe:one title contains the other/));
  it('columnHeading names the heading words', () => {
    expect(columnHeading('how i did it a hospital director on how a shy radiologist learned to run a department', 'a hospital director on how a shy radiologist learned to run a department')).toBe('how i did it');
    expect(columnHeading('part 2 a hospital director on how a shy radiologist learned to run a department', 'a hospital director on how a shy radiologist learned to run a department')).toBeNull();
  });
});
