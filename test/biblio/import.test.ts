import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/biblio/import.js';
import { readLines, splitLines } from '../../src/biblio/lines.js';
import { FIXTURES, tempDir } from '../helpers.js';

const OWN = join(FIXTURES, 'import');
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

describe('readLines', () => {
  it('splits LF, CRLF and lone CR, also when a CRLF straddles two chunks', () => {
    const dir = tempDir();
    const path = join(dir, 'x.txt');
    writeFileSync(path, '\uFEFFa\r\nb\rc\nd\r\n\r\ne');
    for (const size of [1, 2, 3, 5, 64]) {
      expect([...readLines(path, { chunkSize: size })].map((l) => l.text), `chunk ${size}`).toEqual(['a', 'b', 'c', 'd', '', 'e']);
    }
    expect([...splitLines('a\r\nb\rc\n')].map((l) => [l.number, l.text])).toEqual([[1, 'a'], [2, 'b'], [3, 'c']]);
  });
  it('does not split a multi-byte character across chunks', () => {
    const dir = tempDir();
    const path = join(dir, 'u.txt');
    writeFileSync(path, 'Jöllenbeck\n李小龙\n');
    expect([...readLines(path, { chunkSize: 1 })].map((l) => l.text)).toEqual(['Jöllenbeck', '李小龙']);
  });
  it('gives the same lines as splitting the whole text, for every chunk size (CR, LF, CRLF, BOM, multi-byte, long lines)', () => {
    // texts built from pieces whose line ends are known; splitLines on the whole string is the reference
    const pieces = ['a', 'Zoë', '李', '\r', '\n', '\r\n', 'xxxxxxxxxxxx', '', ' '];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const dir = tempDir();
    for (let t = 0; t < 40; t++) {
      let text = t % 5 === 0 ? '\uFEFF' : '';
      for (let k = 0; k < 30; k++) text += pieces[Math.floor(next() * pieces.length)];
      const path = join(dir, `t${t}.txt`);
      writeFileSync(path, text);
      const want = [...splitLines(text)].map((l) => l.text);
      for (const size of [1, 2, 3, 4, 7, 16, 4096]) expect([...readLines(path, { chunkSize: size })].map((l) => l.text), `text ${JSON.stringify(text)}, chunk ${size}`).toEqual(want);
    }
  });
  it('a lone CR ending a chunk, then chunks with no line end: the CR ends its line', () => {
    const path = join(tempDir(), 'cr.txt');
    writeFileSync(path, 'ab\rcdefgh\nij');
    expect([...readLines(path, { chunkSize: 3 })].map((l) => [l.number, l.text])).toEqual([[1, 'ab'], [2, 'cdefgh'], [3, 'ij']]);
  });
  it('an invalid byte in a later chunk is named by its line and byte offset', () => {
    const path = join(tempDir(), 'bad.ris');
    writeFileSync(path, Buffer.concat([Buffer.from('TY  - JOUR\nTI  - Zoë\nAU  - M'), Buffer.from([0xf8]), Buffer.from('ller\n')]));
    // "TY  - JOUR\n" is 11 bytes, "TI  - Zoë\n" 11 (ë is 2 bytes), "AU  - M" 7: the bad byte is at offset 29, on line 3
    for (const size of [1, 4, 16, 4096]) expect(() => [...readLines(path, { chunkSize: size, file: 'bad.ris' })], `chunk ${size}`).toThrow(/^bad\.ris, line 3 \(byte offset 29\): not valid UTF-8 \(bytes 0xF8/);
  });
});

describe('edge cases, one fixture each (test/fixtures/import)', () => {
  const load = (name: string, skipBad = false) => importFile(join(OWN, name), { skipBad });

  it('a last record without ER, when the record before it has one, is flagged as cut off (issue 10 §6)', async () => {
    const r = await load('last record without ER.ris');
    expect(r.failed).toBe(true);
    expect(r.report.problems).toEqual([expect.objectContaining({ severity: 'error', line: 6, message: expect.stringContaining('cut off') })]);
    const skipped = await load('last record without ER.ris', true);
    expect(skipped.records.map((l) => l.record.title)).toEqual(['First']);
    expect(skipped.report.skipped).toEqual([expect.objectContaining({ line: 6 })]);
  });
  it('"ER" at the start of a continuation line does not end the record', async () => {
    const r = await load('ER at the start of a continuation line.ris');
    expect(r.report.records).toBe(1);
    expect(r.records[0]!.record.abstract).toBe('first line, ER then the second line and the last line');
    expect(r.records[0]!.record.year).toBe(2019);
  });
  it('lone CR line ends', async () => {
    const r = await load('lone CR line ends.ris');
    expect(r.records.map((l) => [l.line, l.record.title])).toEqual([[1, 'Old Mac export'], [6, 'Second']]);
  });
  it('CRLF and a BOM; a DOI given as a URL is normalised', async () => {
    const r = await load('CRLF and BOM.ris');
    expect(r.report.records).toBe(2);
    expect(r.records[0]!.record.doi).toBe('10.1000/ABC.1'); // a DOI keeps its case;
  });
  it('untagged junk between records is passed over and counted', async () => {
    const r = await load('untagged junk between records.ris');
    expect(r.records.map((l) => l.record.title)).toEqual(['One', 'Two']);
    expect(r.report.junkLines).toBe(6);
  });
  it('repeated tags, empty tags, non-ASCII names, unknown tags counted by tag', async () => {
    const r = await load('repeated and empty tags.ris');
    const rec = r.records[0]!.record;
    expect(rec.authors).toEqual(['Müller, Jörg', 'Østergaard, Ånne', '李, 小龙']);
    expect(rec.keywords).toEqual(['one', 'two']);
    expect([rec.pages, rec.volume, rec.year]).toEqual([null, null, 2018]);
    expect(r.report.unmapped).toEqual({ ZZ: 2 });
    expect(r.report.missing).toEqual({ title: 0, year: 0, identifier: 1 });
  });
  it('a TY inside an open record: the file is refused, naming the line', async () => {
    const r = await load('TY inside an open record.ris');
    expect(r.failed).toBe(true);
    expect(r.records).toEqual([]);
    expect(r.report.problems).toEqual([expect.objectContaining({ severity: 'error', line: 5, message: expect.stringContaining('line 8') })]);
  });
  it('... and with --skip-bad the damaged record is skipped and listed, its neighbours kept', async () => {
    const r = await load('TY inside an open record.ris', true);
    expect(r.failed).toBe(false);
    expect(r.records.map((l) => l.record.title)).toEqual(['Good', 'Third']);
    expect(r.report.skipped).toEqual([{ line: 5, reason: expect.stringContaining('no ER') }]);
  });
  it('a tag outside any record is an error with its line', async () => {
    const r = await load('tag outside a record.ris');
    expect(r.failed).toBe(true);
    expect(r.report.problems[0]).toMatchObject({ line: 4, message: expect.stringContaining('AU outside a record') });
  });
  it('MEDLINE: multi-line title and abstract, full author names, DOI from LID, shortened pages kept', async () => {
    const r = await load('multi-line abstract and non-ASCII names.nbib');
    const [a, b] = r.records.map((l) => l.record);
    expect(a).toMatchObject({
      id: '11111111', pmid: '11111111', year: 2013, volume: '42', issue: '1', pages: '25-36', doi: '10.1007/s00256-011-1294-0',
      title: 'Percutaneous ablation of sacral metastases: a study of pain relief in twenty patients.',
      abstract: 'BACKGROUND: line one of the abstract continues here. RESULTS: and here.',
      authors: ['Clarençon, Frédéric', 'Jöllenbeck, Börje'], journal: 'Skeletal radiology', journalAbbrev: 'Skeletal Radiol',
    });
    expect(b).toMatchObject({ id: '22222222', authors: ['Doe J'], year: 2014 });
  });
  it('MEDLINE: a continuation line before any tag is an error', async () => {
    const r = await load('continuation before any tag.nbib');
    expect(r.failed).toBe(true);
  });
  it('MEDLINE: a line that is neither tag nor continuation names its line', async () => {
    const r = await load('line that is neither tag nor continuation.nbib');
    expect(r.failed).toBe(true);
    expect(r.report.problems[0]).toMatchObject({ line: 3 });
    const skipping = await load('line that is neither tag nor continuation.nbib', true);
    expect(skipping.records.map((l) => l.record.id)).toEqual(['2']);
  });
  it('BibTeX: LaTeX accents, @string macros, a collective author, unmapped fields by name', async () => {
    const r = await load('entries with LaTeX accents.bib');
    expect(r.report.format).toBe('bibtex');
    const [a, b] = r.records.map((l) => l.record);
    expect(a).toMatchObject({
      id: 'levy2020', authors: ['Levy, Jason', 'Müller, Jörg', 'World Health Organization'], journal: 'Journal of Vascular and Interventional Radiology',
      year: 2020, volume: '31', issue: '11', pages: '1745-1752', doi: '10.1016/j.jvir.2020.07.014',
    });
    expect(b).toMatchObject({ id: 'conf1', type: 'CONF', year: 2019 });
    expect(r.report.unmapped).toEqual({ file: 1 });
  });
  it('BibTeX: one broken entry refuses the file; --skip-bad keeps the two good ones', async () => {
    const strict = await load('one broken entry among good ones.bib');
    expect(strict.failed).toBe(true);
    expect(strict.report.problems[0]).toMatchObject({ line: 6 });
    const lenient = await load('one broken entry among good ones.bib', true);
    expect(lenient.records.map((l) => l.record.id)).toEqual(['good1', 'good2']);
    expect(lenient.report.skipped).toHaveLength(1);
  });
  it('CSL-JSON: names, dates, numeric ids, unmapped variables', async () => {
    const r = await load('items.json');
    expect(r.report.format).toBe('csljson');
    expect(r.records.map((l) => [l.line, l.record.id, l.record.type])).toEqual([[2, 'item-1', 'JOUR'], [4, '2', 'CONF']]);
    expect(r.records[0]!.record).toMatchObject({ authors: ['Cazzato, Roberto Luigi', 'Study Group'], year: 2018, pages: '493-499' });
    expect(r.report.unmapped).toEqual({ note: 1 });
  });
  it('truncated JSON is refused even with --skip-bad, naming the line', async () => {
    const r = await load('truncated json.json', true);
    expect(r.failed).toBe(true);
    expect(r.report.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });
  it('CSV with Scopus column names, a BOM, a quoted multi-line cell and start/end pages', async () => {
    const r = await load('scopus-style export.csv');
    const [a, b] = r.records.map((l) => l.record);
    expect(a).toMatchObject({ authors: ['Wilson L.N.', 'Gardner J.D.'], year: 2024, journal: 'Nature Communications', pages: '2864', pmid: '38580657', id: '2-s2.0-85189760133', abstract: 'Line one\nline two' });
    expect(b).toMatchObject({ title: 'Second, with comma', pages: '10-12' });
    expect(r.records.map((l) => l.line)).toEqual([2, 4]);
  });
  it('CSV separated by semicolons', async () => {
    const r = await load('semicolon separated.csv');
    expect(r.records.map((l) => [l.record.id, l.record.title, l.record.authors])).toEqual([
      ['r1', 'A title; with semicolon', ['Doe, J', 'Roe, R']],
      ['r2', 'Second', ['Poe, E']],
    ]);
  });
  it('a very long record (10,000 keywords, a 1 MB abstract) is one record', async () => {
    const dir = tempDir();
    const path = join(dir, 'long.ris');
    const abstract = 'x'.repeat(1 << 20);
    writeFileSync(path, `TY  - JOUR\nTI  - Long\nAB  - ${abstract}\n${Array.from({ length: 10000 }, (_, i) => `KW  - k${i}`).join('\n')}\nER  - \n`);
    const r = await importFile(path);
    expect(r.report.records).toBe(1);
    expect(r.records[0]!.record.keywords).toHaveLength(10000);
    expect(r.records[0]!.record.abstract).toHaveLength(1 << 20);
  });
  it('repeated ids in one file get a suffix so results can be joined back', async () => {
    const r = await load('repeated ids.ris');
    expect(r.records.map((l) => l.record.id)).toEqual(['12345', '12345#2', '12345#3']);
    expect(r.report.renamedIds).toBe(2);
  });
  it('one-space tags ("AU - ", as Zotero and EndNote write them) read like the standard two', async () => {
    const r = await load('one-space tags.ris');
    expect(r.report.format).toBe('ris');
    expect(r.report.problems).toEqual([]);
    expect(r.records.map((l) => [l.record.title, l.record.authors, l.record.year])).toEqual([
      ['One space before the hyphen', ['Doe, Jane', 'Roe, Richard'], 2017],
      ['Two spaces, the standard', [], 2018],
    ]);
  });
  it('a byte-order mark before the first tag (LF line ends)', async () => {
    const r = await load('byte-order mark.ris');
    expect(r.report.format).toBe('ris');
    expect(r.report.junkLines).toBe(0);
    expect(r.records.map((l) => [l.line, l.record.title, l.record.doi])).toEqual([[1, 'After a BOM', '10.1000/bom.1']]);
  });
  it('extraneous text before the first record (blank lines, a banner, a record number) is passed over and counted', async () => {
    const r = await load('extraneous text before the first record.ris');
    expect(r.failed).toBe(false);
    expect(r.records.map((l) => [l.line, l.record.title, l.record.year])).toEqual([[7, 'First after a banner', 2014], [12, 'Second', 2006]]);
    // Record #1 of 2, Provider:, Content:, "1.": four non-blank lines outside a record.
    expect(r.report.junkLines).toBe(4);
  });
  it('empty tags are no value, and "ER  -" without its trailing space closes the record', async () => {
    const r = await load('empty tags and ER without a trailing space.ris');
    expect(r.report.problems).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.record).toMatchObject({ title: 'Empty tags', pages: null, volume: null, issue: null, doi: null, year: 2020 });
    expect(r.report.missing).toEqual({ title: 0, year: 0, identifier: 1 });
  });
  it('repeated list tags keep every value in order', async () => {
    const rec = (await load('repeated list tags.ris')).records[0]!.record;
    expect(rec.authors).toEqual(['Marx, Karl', 'Lindgren, Astrid', 'Glattauer, Daniel']);
    expect(rec.keywords).toEqual(['Pippi', 'Nordwind', 'Piraten']);
    expect(rec.issn).toEqual(['1932-6208', '1932-6209']);
    expect(rec.urls).toEqual(['http://example.com/a', 'http://example.com/b']);
  });
  it('UTF-8 names and titles are kept as written', async () => {
    const rec = (await load('UTF-8 names.ris')).records[0]!.record;
    expect(rec.title).toBe('Ablación por radiofrecuencia: Ergebnisse für Jörg');
    expect(rec.authors).toEqual(['Müller, Jörg', 'Østergaard, Ånne', '李, 小龙', 'Clarençon, Frédéric']);
  });
});

describe('Ovid tagged export (hand-made in the layout of Ovid MEDLINE/Embase exports)', () => {
  it('reads both records; the SO citation line gives volume, issue, pages and year', async () => {
    const r = await importFile(join(OWN, 'hand-made Ovid tagged export.txt'));
    expect(r.report.format).toBe('ovid');
    expect(r.records.map((l) => l.record)).toEqual([
      expect.objectContaining({
        id: 'TEST-0001', authors: ['Bagla, Sandeep', 'Sayed, Dawood'], journal: 'Cardiovascular & Interventional Radiology', volume: '39', issue: '9', pages: '1289-97', year: 2016, type: 'JOUR',
        title: 'Multicenter Prospective Clinical Series Evaluating Radiofrequency Ablation in the Treatment of Painful Spine Metastases.',
      }),
      expect.objectContaining({ id: 'TEST-0002', journal: 'Cardiovascular and Interventional Radiology', volume: '41', issue: '7', pages: '1043-1048', type: 'CONF' }),
    ]);
  });
});

describe('Web of Science plain text (hand-made in the layout of a WoS export)', () => {
  it('header skipped; AF full names, one per continuation line; a continued title; pages, ids and keywords', async () => {
    const r = await importFile(join(OWN, 'Web of Science plain text.txt'));
    expect(r.report.format).toBe('wos');
    expect(r.report.problems).toEqual([]);
    const [a, b] = r.records.map((l) => l.record);
    expect(a).toMatchObject({
      id: 'WOS:000000000000001', type: 'JOUR', authors: ['Doe, Jane', 'Roe, Richard', 'Poe, Edgar'],
      title: 'Radiofrequency ablation of painful bone metastases: a made-up record', journal: 'JOURNAL OF TESTING', journalAbbrev: 'J TEST',
      year: 2016, volume: '12', issue: '3', pages: '101-109', doi: '10.1000/wos.1', pmid: '11111111', keywords: ['ablation', 'bone'],
    });
    // No AF: the AU short names are used; an article number stands in for pages.
    expect(b).toMatchObject({ id: 'WOS:000000000000002', authors: ['Solo, A'], title: 'A second record', year: 2017, pages: 'e42' });
    expect(r.records.map((l) => l.line)).toEqual([3, 25]);
  });
});
