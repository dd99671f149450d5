// Issue 10 §3: outputs never destroy inputs. Every file-writing flag goes through one function
// (commands/output.ts emit → io.ts checkOutput + writeFileAtomic); each case below is one way an
// output could replace an input, the dataset or a device.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanStaleTemps, writeFileAtomic } from '../../src/io.js';
import { ROOT, row, runCli, tempDataset, tempDir, toCsv } from '../helpers.js';

const RIS = 'TY  - JOUR\nTI  - A trial of ablation\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - Another\nPY  - 2021\nER  - \n';
const dataset = () => tempDataset(toCsv([row()]));
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('an output that resolves to an input or to the dataset is refused with exit 2', () => {
  it('export --format csv --out DATA/studies.csv leaves the dataset as it was', async () => {
    const data = dataset();
    const before = snapshot(data);
    const r = await runCli(['export', '--data', data, '--format', 'csv', '--out', join(data, 'studies.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*studies\.csv is a file of the dataset/);
    expect(snapshot(data)).toEqual(before);
  });

  it('import x.ris --out x.ris leaves the export as it was', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ris'), RIS);
    const r = await runCli(['import', 'x.ris', '--out', 'x.ris'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out x.ris is an input of this command (x.ris)');
    expect(readFileSync(join(dir, 'x.ris'), 'utf8')).toBe(RIS);
  });

  it('a symbolic link to the input is followed and refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ris'), RIS);
    symlinkSync(join(dir, 'x.ris'), join(dir, 'link.json'));
    const r = await runCli(['import', 'x.ris', '--out', 'link.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'x.ris'), 'utf8')).toBe(RIS);
  });

  it('a new dataset file reached through a linked folder is refused (outcomes.csv does not exist yet)', async () => {
    const data = dataset();
    const dir = tempDir();
    symlinkSync(data, join(dir, 'alias'));
    const r = await runCli(['list', '--data', data, '--format', 'csv', '--out', 'alias/outcomes.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(existsSync(join(data, 'outcomes.csv'))).toBe(false);
  });

  it('a file under DATA/versions is refused', async () => {
    const data = dataset();
    mkdirSync(join(data, 'versions'));
    const r = await runCli(['summary', '--data', data, '--json', '--out', join(data, 'versions', 'x.json')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(data, 'versions', 'x.json'))).toBe(false);
  });

  it('meta --forest and --out onto the --input file are refused', async () => {
    const dir = tempDir();
    const csv = 'study,xi,ni\nA,2,20\nB,5,35\nC,3,12\n';
    writeFileSync(join(dir, 'p.csv'), csv);
    for (const flag of ['--forest', '--out']) {
      const r = await runCli(['meta', '--input', 'p.csv', flag, 'p.csv'], { cwd: dir });
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(`${flag} p.csv is an input of this command`);
      expect(readFileSync(join(dir, 'p.csv'), 'utf8')).toBe(csv);
    }
  });

  it('meta --funnel, --baujat, --bubble and --cumulative-forest go through the same guard; a refused one stops every write', async () => {
    const dir = tempDir();
    const csv = 'study,xi,ni,year\nA,2,20,2001\nB,5,35,2005\nC,3,12,2010\n';
    writeFileSync(join(dir, 'p.csv'), csv);
    const extras = [['--funnel'], ['--baujat'], ['--bubble', '--mods', 'year'], ['--cumulative-forest', '--cumulative', 'year']];
    for (const [flag, ...rest] of extras) {
      // --forest f.svg comes first and is fine; the refusal of the second target leaves f.svg unwritten
      const r = await runCli(['meta', '--input', 'p.csv', '--forest', 'f.svg', ...rest, flag!, 'p.csv'], { cwd: dir });
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(`${flag} p.csv is an input of this command`);
      expect(readFileSync(join(dir, 'p.csv'), 'utf8')).toBe(csv);
      expect(existsSync(join(dir, 'f.svg')), flag).toBe(false);
    }
    mkdirSync(join(dir, 'sub'));
    const folder = await runCli(['meta', '--input', 'p.csv', '--forest', 'f.svg', '--baujat', 'sub'], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('cannot write sub (--baujat): it is a folder');
    expect(existsSync(join(dir, 'f.svg'))).toBe(false);
  });

  it("a workspace's logs (searches.csv, screening-decisions.csv) are files of the dataset too", async () => {
    const ws = tempDir();
    for (const f of ['review.json', 'studies.csv']) cpSync(join(ROOT, 'data', f), join(ws, f));
    writeFileSync(join(ws, 'x.ris'), RIS);
    expect((await runCli(['screen', 'add', 'x.ris', '--data', ws], { cwd: ws })).code).toBe(0);
    const before = snapshot(ws);
    for (const file of ['searches.csv', 'screening-decisions.csv', 'screening.csv']) {
      const r = await runCli(['screen', 'list', '--data', ws, '--json', '--out', join(ws, file)]);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toContain('is a file of the dataset');
    }
    expect(snapshot(ws)).toEqual(before);
  });

  it('dedupe --out onto its --decisions file is refused before a --mark-same decision is saved', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ris'), 'TY  - JOUR\nID  - A\nTI  - A trial of ablation\nPY  - 2020\nER  - \n\nTY  - JOUR\nID  - B\nTI  - Another\nPY  - 2021\nER  - \n');
    const decisions = '{ "same": [], "different": [] }\n';
    writeFileSync(join(dir, 'd.json'), decisions);
    const r = await runCli(['dedupe', 'x.ris', '--decisions', 'd.json', '--mark-same', 'A,B', '--out', 'd.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out d.json is an input of this command (d.json)');
    expect(readFileSync(join(dir, 'd.json'), 'utf8')).toBe(decisions);
  });

  it('other outputs beside the inputs are still written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ris'), RIS);
    const r = await runCli(['import', 'x.ris', '--out', 'x.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8'))).toHaveLength(2);
  });
});

describe('non-regular targets', () => {
  it('--out a folder is refused with exit 2 and the folder stays', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const r = await runCli(['summary', '--data', dataset(), '--json', '--out', 'sub'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a folder');
    expect(statSync(join(dir, 'sub')).isDirectory()).toBe(true);
  });

  it('--out /dev/null writes to the device in place: it stays a character device', async () => {
    const r = await runCli(['summary', '--data', dataset(), '--json', '--out', '/dev/null']);
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').some((f) => f.includes('npa-tmp'))).toBe(false);
  });
});

describe('- means stdout', () => {
  it('import --out - and meta --forest - write to stdout, and no file named "-" appears', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ris'), RIS);
    const r = await runCli(['import', 'x.ris', '--out', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    writeFileSync(join(dir, 'p.csv'), 'study,xi,ni\nA,2,20\nB,5,35\n');
    const m = await runCli(['meta', '--input', 'p.csv', '--forest', '-', '--json', '--out', join(dir, 'm.json')], { cwd: dir });
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^<svg/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});

describe('atomic replace', () => {
  it('keeps the target file mode (0600 stays 0600)', () => {
    const dir = tempDir();
    const path = join(dir, 'secret.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a write through a symbolic link replaces the file it points to and keeps the link', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'));
    writeFileAtomic(join(dir, 'link.txt'), 'new');
    expect(readFileSync(join(dir, 'real.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it('streams chunks (no single string holds the output)', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'c.txt'), ['a', 'b', 'c']);
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('abc');
  });

  it('stale temporary files of a killed write are removed on the next write; a live writer\'s are kept', () => {
    const dir = tempDir();
    const now = Date.now();
    const dead = `.out.json.npa-tmp-2147483646-${now}`; // no such pid
    const old = `.out.json.npa-tmp-${process.pid}-${now - 2 * 60 * 60 * 1000}`; // a live pid, but two hours old
    const live = `.other.csv.npa-tmp-${process.pid}-${now}`;
    for (const f of [dead, old, live]) writeFileSync(join(dir, f), 'partial');
    writeFileAtomic(join(dir, 'out.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([live, 'out.json'].sort());
    expect(cleanStaleTemps(dir, now + 2 * 60 * 60 * 1000)).toEqual([live]);
  });
});
