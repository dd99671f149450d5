// Issue 10 §4: bytes that are not valid UTF-8 are never turned into U+FFFD. The dataset loader and every
// import format report the file, line and byte offset of the first bad sequence (exit 2); imports can
// name the encoding (--encoding latin1|cp1252|utf-16) and a UTF-16 byte-order mark is recognised.
// Expected offsets are counted by construction: the bad byte follows a known prefix.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/bytes.js';
import { ROOT, row, runCli, tempDataset, tempDir, toCsv } from '../helpers.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const write = (name: string, bytes: Buffer | string) => {
  const dir = tempDir();
  writeFileSync(join(dir, name), bytes);
  return dir;
};
const importJson = async (dir: string, args: string[]) => {
  const r = await runCli(['import', ...args, '--out', '-'], { cwd: dir });
  return { ...r, records: r.code === 0 ? (JSON.parse(r.stdout) as { title: string; authors: string[] }[]) : [] };
};

describe('invalid UTF-8 is reported with file, line and byte offset (exit 2), in every import format', () => {
  // Line 1 "TY  - JOUR\n" is 11 bytes, line 2 starts with "AU  - J" (7 bytes): the é is byte 18, line 2.
  const ris = latin1('TY  - JOUR\nAU  - Jéllenbeck, A\nTI  - Title\nER  - \n');
  it('a Latin-1 RIS (the issue gave 111 U+FFFD) is refused, naming line 2, byte offset 18', async () => {
    const r = await importJson(write('latin1.ris', ris), ['latin1.ris']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('latin1.ris, line 2 (byte offset 18): not valid UTF-8 (bytes 0xE9');
    expect(r.stderr).toContain('--encoding latin1');
    expect(r.stdout).not.toContain('\uFFFD');
  });
  const cases: [string, Buffer, number][] = [
    ['x.nbib', Buffer.concat([Buffer.from('PMID- 1\nTI  - A title\nFAU - M'), Buffer.from([0xfc]), Buffer.from('ller, A\n\n')]), 3],
    ['x.csv', Buffer.concat([Buffer.from('title,year\nA title,2020\nM'), Buffer.from([0xfc]), Buffer.from('ller,2021\n')]), 3],
    ['x.bib', Buffer.concat([Buffer.from('@article{a,\n  title = {A title},\n  author = {M'), Buffer.from([0xfc]), Buffer.from('ller, A}\n}\n')]), 3],
    ['x.json', Buffer.concat([Buffer.from('[\n{"id":"1","type":"article-journal",\n"title":"M'), Buffer.from([0xfc]), Buffer.from('ller"}]\n')]), 3],
    ['wos.txt', Buffer.concat([Buffer.from('FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU M'), Buffer.from([0xfc]), Buffer.from('ller, A\nTI A title\nER\nEF\n')]), 4],
  ];
  for (const [name, bytes, line] of cases) {
    it(`${name}: line ${line}, byte offset of the 0xFC`, async () => {
      const offset = bytes.indexOf(0xfc);
      const r = await importJson(write(name, bytes), [name]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${name}, line ${line} (byte offset ${offset}): not valid UTF-8 (bytes 0xFC`);
    });
  }
  it('a multi-byte character cut at the end of the file is invalid too', async () => {
    const bytes = Buffer.concat([Buffer.from('TY  - JOUR\nTI  - x'), Buffer.from([0xe2, 0x80])]);
    const r = await importJson(write('cut.ris', bytes), ['cut.ris']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cut.ris, line 2 (byte offset 18)');
  });
  it('the validator agrees with the WHATWG decoder on overlong forms and surrogates', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      expect(firstInvalidUtf8(Uint8Array.from([0x41, ...bad])), bad.join(',')).toBe(1);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bad))).toThrow();
    }
    expect(firstInvalidUtf8(Buffer.from('Jöllenbeck 李小龙 😀'))).toBe(-1);
  });
});

describe('--encoding for imports', () => {
  it('--encoding latin1 reads the Latin-1 RIS exactly', async () => {
    const r = await importJson(write('l.ris', latin1('TY  - JOUR\nAU  - Jéllenbeck, A\nTI  - Ærø\nER  - \n')), ['l.ris', '--encoding', 'latin1']);
    expect(r.code).toBe(0);
    expect(r.records[0]!.title).toBe('Ærø');
    expect(r.records[0]!.authors[0]).toContain('Jéllenbeck');
  });
  it('--encoding cp1252 maps 0x93/0x94 to curly quotes and 0x96 to an en dash (Latin-1 would give controls)', async () => {
    const bytes = Buffer.concat([Buffer.from('TY  - JOUR\nTI  - '), Buffer.from([0x93]), Buffer.from('RFA'), Buffer.from([0x94, 0x20, 0x96, 0x20]), Buffer.from('a trial\nER  - \n')]);
    const r = await importJson(write('w.ris', bytes), ['w.ris', '--encoding', 'cp1252']);
    expect(r.code).toBe(0);
    expect(r.records[0]!.title).toBe('\u201cRFA\u201d \u2013 a trial');
  });
  it('a UTF-16 file with a byte-order mark (LE and BE) is read without --encoding', async () => {
    const text = 'TY  - JOUR\nTI  - Jöllenbeck 李\nER  - \n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, bytes] of [['le.ris', le], ['be.ris', be]] as const) {
      const r = await importJson(write(name, bytes), [name]);
      expect(r.code, name).toBe(0);
      expect(r.records[0]!.title).toBe('Jöllenbeck 李');
    }
  });
  it('--encoding utf-16 reads UTF-16LE without a mark; an unknown encoding is a usage error', async () => {
    const dir = write('n.ris', Buffer.from('TY  - JOUR\nTI  - Ok\nER  - \n', 'utf16le'));
    expect((await importJson(dir, ['n.ris', '--encoding', 'utf-16'])).records[0]!.title).toBe('Ok');
    expect((await importJson(dir, ['n.ris', '--encoding', 'ebcdic'])).code).toBe(2);
  });
});

describe('--encoding for npa screen add (the same decoding as import)', () => {
  const workspace = () => {
    const dir = tempDir();
    for (const f of ['review.json', 'studies.csv']) cpSync(join(ROOT, 'data', f), join(dir, f));
    writeFileSync(join(dir, 'l.ris'), latin1('TY  - JOUR\nID  - L1\nAU  - Jéllenbeck, A\nTI  - Ærø ablation of bone metastases\nPY  - 2021\nER  - \n'));
    return dir;
  };
  it('a Latin-1 export without --encoding is refused (line 3: 11 + 9 bytes of lines 1-2, then "AU  - J", so byte offset 27) and nothing is written', async () => {
    const dir = workspace();
    const r = await runCli(['screen', 'add', 'l.ris', '--data', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('l.ris, line 3 (byte offset 27): not valid UTF-8 (bytes 0xE9');
    expect(existsSync(join(dir, 'screening.csv'))).toBe(false);
  });
  it('--encoding latin1 puts the exact title into the screening log; an unknown encoding is exit 2', async () => {
    const dir = workspace();
    const r = await runCli(['screen', 'add', 'l.ris', '--data', dir, '--encoding', 'latin1'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const log = readFileSync(join(dir, 'screening.csv'), 'utf8');
    expect(log).toContain('Ærø ablation of bone metastases');
    expect(log).toContain('Jéllenbeck');
    expect(log).not.toContain('\uFFFD');
    expect((await runCli(['screen', 'add', 'l.ris', '--data', workspace(), '--encoding', 'ebcdic'], { cwd: dir })).code).toBe(2);
  });
});

describe('the dataset: bytes, control characters, large integers', () => {
  it('a Latin-1 byte in studies.csv is refused with file, line and byte offset', async () => {
    const csv = toCsv([row({ title: 'Xtitle' })]);
    const at = Buffer.byteLength(csv.slice(0, csv.indexOf('Xtitle')));
    const bytes = Buffer.from(csv);
    bytes[at] = 0xe9;
    const data = tempDataset('');
    writeFileSync(join(data, 'studies.csv'), bytes);
    const r = await runCli(['validate', '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`studies.csv, line 2 (byte offset ${at}): not valid UTF-8 (bytes 0xE9`);
    expect(r.stderr).toContain('Save the file as UTF-8');
  });
  it('a NUL and an escape character in cells are refused, naming line and column', async () => {
    const data = tempDataset(toCsv([row({ title: 'A\u0000study' }), row({ ref: 2, journal: 'J\u001b[2J' })]));
    const r = await runCli(['validate', '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toMatch(/line 2, column title.*control character \\x00 \(at character 2\)/);
    expect(r.stdout).toMatch(/line 3, column journal.*control character \\x1b/);
  });
  it('a whole number beyond 2^53 is a data error, not a silent rounding', async () => {
    const data = tempDataset(toCsv([row({ patients: '9007199254740993' })]));
    const r = await runCli(['validate', '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/line 2, column patients.*too large to hold exactly/);
    const ok = await runCli(['validate', '--data', tempDataset(toCsv([row({ patients: '9007199254740991' })]))]);
    expect(ok.stdout).not.toContain('too large');
  });
});
