// Issue 10 §6: crashes and hangs on crafted input; each is now a clear message with exit 2.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../src/biblio/lines.js';
import { jsonChunks } from '../../src/biblio/write.js';
import { emptyRecord } from '../../src/biblio/record.js';
import { ROOT, row, runCli, tempDataset, tempDir, toCsv } from '../helpers.js';

const file = (name: string, content: string | Buffer) => {
  const dir = tempDir();
  writeFileSync(join(dir, name), content);
  return dir;
};
const noCrash = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/internal error|\n\s+at /);

describe('unreadable and crafted files', () => {
  it('an unreadable import file (EACCES) is exit 2, "permission denied", no stack trace', () => {
    const dir = file('locked.ris', 'TY  - JOUR\nTI  - A\nER  - \n');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'locked.ris'), 0o000);
    // root reads any file, so as root the CLI runs as user "nobody" (uid 65534), for whom the file is closed. The
    // clone itself may sit where nobody cannot reach it (a mode-700 temporary folder), so nobody runs a copy of the
    // built CLI (bin/, dist/, package.json) in a folder anyone may read.
    const asRoot = process.getuid?.() === 0;
    let cli = ROOT;
    if (asRoot) {
      cli = tempDir();
      chmodSync(cli, 0o755);
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(cli, part), { recursive: true });
    }
    const r = spawnSync(process.execPath, [join(cli, 'bin', 'npa.js'), 'import', 'locked.ris', '--dry-run'], { cwd: dir, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read locked.ris: permission denied');
    noCrash(r);
  });
  it('a CSV export with a __proto__ column is exit 2, naming the column', async () => {
    const dir = file('p.csv', 'title,__proto__,year\nA study,x,2020\n');
    const r = await runCli(['import', 'p.csv', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('column name "__proto__" is not allowed');
    noCrash(r);
  });
  it('a dataset table with a __proto__ column is exit 2', async () => {
    const data = tempDataset(toCsv([row()]).replace(/^ref,/, '__proto__,ref,').replace(/\n(?=.)/g, '\n,'));
    const r = await runCli(['validate', '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('__proto__');
    noCrash(r);
  });
  it('deeply nested npa JSON and CSL-JSON (100,000 levels) are exit 2', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const npa = `[{"id":"a","type":"JOUR","authors":${deep}}]`;
    for (const [name, text, from] of [['n.json', npa, 'json'], ['c.json', deep, 'csljson']] as const) {
      const r = await runCli(['import', name, '--from', from, '--dry-run'], { cwd: file(name, text) });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain('nested deeper than 64 levels');
      noCrash(r);
    }
  });
  it('npa JSON items that are not objects are refused, not read as empty records', async () => {
    const r = await runCli(['import', 'x.json', '--from', 'json', '--dry-run'], { cwd: file('x.json', '[[1],2,null]') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('item 1 is not a record');
  });
  it('a decisions file holding null is exit 2, naming the file', async () => {
    const dir = file('d.json', 'null\n');
    writeFileSync(join(dir, 'x.ris'), 'TY  - JOUR\nTI  - A\nER  - \n');
    const r = await runCli(['dedupe', 'x.ris', '--decisions', 'd.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/d\.json: expected an object .* found null/);
    noCrash(r);
  });
});

describe('large outputs are streamed', () => {
  it('npa JSON for 1,000,000 records is written in chunks of at most 2 MB; as one string it would exceed V8\'s limit', () => {
    const record = { ...emptyRecord('pubmed:123456789'), title: 'A'.repeat(300), authors: ['Doe, J', 'Roe, R'], year: 2020 };
    const records = new Array(1_000_000).fill(record);
    let total = 0;
    let largest = 0;
    let chunks = 0;
    for (const chunk of jsonChunks(records)) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
      chunks++;
    }
    expect(chunks).toBe(1002);
    expect(largest).toBeLessThan(2_000_000);
    // V8's longest string is 2^29 - 24 characters: as one string (the old writer) this output cannot exist.
    expect(total).toBeGreaterThan(2 ** 29);
  }, 120_000);
  it('the chunks are byte for byte JSON.stringify(records, null, 2)', () => {
    const records = [0, 1, 2, 3, 4].map((i) => ({ ...emptyRecord(`r${i}`), title: `T "${i}"\n`, authors: ['A, B'] }));
    for (const batch of [1, 2, 5, 10]) expect([...jsonChunks(records, batch)].join(''), `batch ${batch}`).toBe(JSON.stringify(records, null, 2) + '\n');
    expect([...jsonChunks([])].join('')).toBe('[]\n');
  });
});

describe('the line reader is linear, with a maximum line length', () => {
  it('an 8 MB line read in 4 KiB chunks takes well under 3 s (the quadratic reader copied ~8 GB)', () => {
    const dir = file('long.txt', `${'a'.repeat(8 * 1024 * 1024)}\nb\n`);
    const start = performance.now();
    const lines = [...readLines(join(dir, 'long.txt'), { chunkSize: 4096 })];
    expect(performance.now() - start).toBeLessThan(3000);
    expect(lines.map((l) => l.text.length)).toEqual([8 * 1024 * 1024, 1]);
  });
  it('a line longer than the maximum is an error naming file and line', () => {
    const dir = file('x.ris', `TY  - JOUR\n${'a'.repeat(5000)}\n`);
    expect(() => [...readLines(join(dir, 'x.ris'), { maxLine: 4096, file: 'x.ris' })]).toThrow(/^x\.ris, line 2: line longer than 4,096 characters/);
  });
  it('17 MB without a line end (over the 16 MiB maximum) is exit 2 from npa import, naming line 1', async () => {
    const dir = file('one.ris', `TY  - JOUR\rTI  - ${'x'.repeat(17 * 1024 * 1024)}`.replace('\r', ''));
    const r = await runCli(['import', 'one.ris', '--from', 'ris', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('one.ris, line 1: line longer than 16,777,216 characters');
  });
  it('/dev/zero --from ris ends at once with exit 2 (it never ended)', async () => {
    const r = await runCli(['import', '/dev/zero', '--from', 'ris', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('binary file');
  });
});

describe('--from FORMAT on a binary, empty or record-less file is exit 2, never "0 records"', () => {
  for (const [name, content, message] of [
    ['empty.ris', '', 'the file is empty'],
    ['image.ris', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'binary file'],
    ['notes.ris', 'just some notes\nno tags here\n', 'no ris records found'],
  ] as const) {
    it(`${name}: exit 2 (${message}), and no output file`, async () => {
      const dir = file(name, content);
      const r = await runCli(['import', name, '--from', 'ris', '--out', 'out.json'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(() => readFileSync(join(dir, 'out.json'))).toThrow();
    });
  }
});

describe('a truncated export is flagged by its own pattern', () => {
  it('RIS: every record but the cut last one ends with ER → exit 2, the last record named', async () => {
    const ris = 'TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\nER  - \n\nTY  - JOUR\nTI  - Thr';
    const dir = file('cut.ris', ris);
    const r = await runCli(['import', 'cut.ris', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.ris, line 9: the file looks cut off: every earlier record \(2\) ends with ER/);
    const skip = await runCli(['import', 'cut.ris', '--skip-bad', '--out', '-'], { cwd: dir });
    expect(JSON.parse(skip.stdout).map((x: { title: string }) => x.title)).toEqual(['One', 'Two']);
  });
  it('MEDLINE: a blank line follows every record but the last → a warning naming it (there was none at all)', async () => {
    const nbib = '\nPMID- 1\nTI  - One\n\nPMID- 2\nTI  - Two\n\nPMID- 3\nTI  - Thr\n';
    const r = await runCli(['import', 'cut.nbib', '--dry-run'], { cwd: file('cut.nbib', nbib) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: cut\.nbib, line 8: the file looks cut off: every earlier record \(2\) is followed by a blank line/);
  });
  it('PubMed MEDLINE: every record but the cut last one ends with its SO line → exit 2, the last record named and skipped with --skip-bad', async () => {
    const so = (n: number) => `SO  - J Vasc Interv Radiol. 2020;31(${n}):1-2.\n`;
    const nbib = `\nPMID- 1\nTI  - One\n${so(1)}\nPMID- 2\nTI  - Two\n${so(2)}\nPMID- 3\nTI  - Three\nAB  - Cut in the mid`;
    const dir = file('cut.nbib', nbib);
    const r = await runCli(['import', 'cut.nbib', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.nbib, line 10: the file looks cut off: every earlier record \(2\) ends with its SO field, but the last one, from line 10 to the end \(line 12\), does not/);
    const skip = await runCli(['import', 'cut.nbib', '--skip-bad', '--out', '-'], { cwd: dir });
    expect(JSON.parse(skip.stdout).map((x: { title: string }) => x.title)).toEqual(['One', 'Two']);
    // the same file whole, even without its closing blank line, imports without a word
    const whole = await runCli(['import', 'whole.nbib', '--dry-run'], { cwd: file('whole.nbib', `${nbib}dle.\n${so(3)}`) });
    expect(whole.code).toBe(0);
    expect(whole.stderr).not.toMatch(/cut off|warning/);
  });
  it('a complete MEDLINE file (closing blank line) and a one-record RIS without ER still import', async () => {
    const ok = await runCli(['import', 'ok.nbib', '--dry-run'], { cwd: file('ok.nbib', '\nPMID- 1\nTI  - One\n\nPMID- 2\nTI  - Two\n\n') });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('cut off');
    const one = await runCli(['import', 'one.ris', '--dry-run'], { cwd: file('one.ris', 'TY  - JOUR\nTI  - Only\n') });
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('last record has no ER');
  });
});

describe('a 0-byte screening.csv is damage, not "no log"', () => {
  it('the dataset loader (validate, and every command that loads the dataset) says it is empty and damaged, exit 2', async () => {
    const data = tempDataset(toCsv([row()]));
    writeFileSync(join(data, 'screening.csv'), '');
    expect((await runCli(['summary', '--data', data])).code).toBe(2);
    const v = await runCli(['validate', '--data', data]);
    expect(v.code).toBe(2);
    expect(v.stdout + v.stderr).toContain('the screening log is empty (0 bytes, not even a header): it is damaged');
  });
  it.each([
    ['appraisal.csv', ['rob']],
    ['cohorts.csv', ['overlap']],
    ['grade.csv', ['grade']],
  ])('an empty %s is damage too (one loader for every optional table): validate and its command say so, exit 2', async (name, command) => {
    const data = tempDataset(toCsv([row()]));
    writeFileSync(join(data, name), '\n');
    for (const args of [['validate'], command]) {
      const r = await runCli([...args, '--data', data]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout + r.stderr, args.join(' ')).toContain(`${name} is empty (1 byte, not even a header): it is damaged`);
    }
  });
});

describe('the screening decision log is read strictly', () => {
  it('a byte that is not UTF-8 in screening-decisions.csv stops every screen command with its line, and nothing is written (no U+FFFD saved back)', async () => {
    const ws = join(tempDir(), 'ws');
    expect((await runCli(['init', ws])).code).toBe(0);
    expect((await runCli(['screen', 'add', join(ROOT, 'test', 'fixtures', 'update', 'pubmed-2023.nbib'), '--data', ws, '--database', 'PubMed', '--date', '2023-09-01', '--who', 'FW'])).code).toBe(0);
    const log = join(ws, 'screening-decisions.csv');
    const id = readFileSync(join(ws, 'screening.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    // a decision whose reviewer name has a Latin-1 "ü" (0xFC) where UTF-8 needs two bytes, as a hand edit in a
    // Latin-1 editor leaves it
    const damaged = Buffer.concat([
      Buffer.from(`when,who,id,stage,action,decision,reason,reason_text,note\n2023-09-02T10:00:00.000Z,M`), Buffer.from([0xfc]), Buffer.from(`ller,${id},title-abstract,decide,include,,,\n`),
    ]);
    writeFileSync(log, damaged);
    for (const args of [['screen', 'list', '--data', ws], ['screen', 'decide', id, '--stage', 'title-abstract', '--exclude', '--data', ws, '--who', 'AB']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/screening-decisions\.csv, line 2 \(byte offset \d+\): not valid UTF-8 \(bytes 0xFC/);
      noCrash(r);
    }
    expect(readFileSync(log).equals(damaged)).toBe(true);
  });
});
