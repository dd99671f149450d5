import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, row, runCli, tempDataset, tempDir, toCsv } from './helpers.js';

const VALID = join(FIXTURES, 'valid');
const BAD = () => tempDataset(readFileSync(join(FIXTURES, 'invalid', 'unknown design.csv'), 'utf8'));

describe('npa summary', () => {
  it('--json has the documented shape and the fixture answers', async () => {
    const r = await runCli(['summary', '--data', VALID, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const spine = json.statistics.find((s: { id: string }) => s.id === 'spine');
    expect(spine).toEqual(expect.objectContaining({
      id: 'spine', label: expect.any(String), count: 4, denominator: 6, percent: (100 * 4) / 6,
      published: { count: 4, denominator: 6, percent: 67 }, status: 'match',
    }));
    expect(r.stderr).toContain('Computed over all 6 listed entries');
  });
  it('--unique computes over unique publications', async () => {
    const json = JSON.parse((await runCli(['summary', '--data', VALID, '--unique', '--json'])).stdout);
    expect(json.statistics.find((s: { id: string }) => s.id === 'included')).toMatchObject({ count: 5, denominator: 5 });
  });
  it('the shipped dataset has every statistic id the issue names', async () => {
    const json = JSON.parse((await runCli(['summary', '--json'])).stdout);
    const ids = json.statistics.map((s: { id: string }) => s.id);
    for (const id of ['included', 'unique_studies', 'prospective', 'spine', 'cement', 'rfa_vs_rfa_cement', 'non_spinal', 'sacrum', 'cryoablation', 'microwave', 'rt_role'])
      expect(ids).toContain(id);
  });
  it('table output has no colour when not a TTY', async () => {
    const r = await runCli(['summary', '--data', VALID]);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toContain('differs');
  });
  it('colours on a TTY, but not with NO_COLOR', async () => {
    // eslint-disable-next-line no-control-regex
    expect((await runCli(['summary', '--data', VALID], { isTTY: true })).stdout).toMatch(/\u001b\[/);
    // eslint-disable-next-line no-control-regex
    expect((await runCli(['summary', '--data', VALID], { isTTY: true, env: { NO_COLOR: '1', NPA_NO_CACHE: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });
  it('refuses invalid data with exit 2, nothing on stdout, the problem on stderr', async () => {
    const r = await runCli(['summary', '--data', BAD()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/studies\.csv, line 2, column design.*"cohort"/);
  });
  it('a missing data folder is exit 2 with the path named', async () => {
    const r = await runCli(['summary', '--data', '/nonexistent/npa']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/npa/review.json');
  });
});

describe('npa list', () => {
  it('--format csv parses back, neutralises formulas and carries every field', async () => {
    const r = await runCli(['list', '--data', VALID, '--format', 'csv']);
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(records.map((x) => x.ref)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(records[3]!.title).toBe(`'=HYPERLINK("http://x") sacral ablation`);
    expect(records[4]!.notes).toBe(`'-2 lesions were "odd"\nsecond line`);
    expect(records[1]!.sites).toBe('spine;pelvis');
    expect(r.stderr).toBe('6 of 6 entries match.\n');
  });
  it('--no-formula-guard keeps cells as they are', async () => {
    const r = await runCli(['list', '--data', VALID, '--format', 'csv', '--no-formula-guard', '--ref', '4']);
    expect((parse(r.stdout, { columns: true }) as Record<string, string>[])[0]!.title).toBe('=HYPERLINK("http://x") sacral ablation');
  });
  it('--json gives typed records with the documented keys', async () => {
    const r = await runCli(['list', '--data', VALID, '--json', '--site', 'sacrum']);
    const records = JSON.parse(r.stdout);
    expect(records).toHaveLength(2);
    for (const key of ['ref', 'first_author', 'year', 'title', 'journal', 'pmid', 'doi', 'design', 'sites', 'interventions', 'duplicate_of'])
      expect(records[0]).toHaveProperty(key);
    expect(records[1]).toMatchObject({ ref: 6, duplicate_of: 4, sites: ['sacrum', 'spine'], pmid: '12345' });
  });
  it('filters compose on the command line', async () => {
    const r = await runCli(['list', '--data', VALID, '--json', '--intervention', 'rfa', '--intervention', 'cement', '--unique', '--year', '2016..2018']);
    expect(JSON.parse(r.stdout).map((s: { ref: number }) => s.ref)).toEqual([1, 4]);
  });
  it('--columns chooses fields, in order', async () => {
    const r = await runCli(['list', '--data', VALID, '--format', 'tsv', '--columns', 'year,ref', '--ref', '2']);
    expect(r.stdout).toBe('year\tref\n2020\t2\n');
  });
  it('--out writes atomically and leaves no temporary file', async () => {
    const dir = tempDir('npa-out-');
    const r = await runCli(['list', '--data', VALID, '--format', 'md', '--out', 'list.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'list.md'), 'utf8')).toMatch(/^\| ref \|/);
    expect(readdirSync(dir)).toEqual(['list.md']);
  });
  it('--out into a missing folder fails with exit 1 and writes nothing', async () => {
    const dir = tempDir('npa-out-');
    const r = await runCli(['list', '--data', VALID, '--out', 'nope/list.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('folder does not exist');
    expect(readdirSync(dir)).toEqual([]);
  });
  it('invalid data never overwrites an existing --out file', async () => {
    const dir = tempDir('npa-out-');
    writeFileSync(join(dir, 'keep.csv'), 'precious');
    const r = await runCli(['list', '--data', BAD(), '--out', 'keep.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('precious');
  });
  it.each([
    [['list', '--site', 'skull'], '--site: unknown value "skull". Accepted: spine, sacrum, pelvis, extremity, other.'],
    [['list', '--design', 'cohort'], '--design: unknown value "cohort"'],
    [['list', '--year', '2020..2015'], 'runs backwards'],
    [['list', '--year', 'recent'], 'is not a year or range'],
    [['list', '--ref', 'x'], '--ref: "x" is not a ref number'],
    [['list', '--columns', 'ref,colour'], '--columns: unknown value "colour"'],
    [['list', '--format', 'xml'], '--format: unknown value "xml"'],
    [['list', '--json', '--format', 'csv'], 'two different formats'],
    [['list', '--frobnicate'], "unknown option '--frobnicate'"],
    [['count'], "required option '--by <field>' not specified"],
    [['count', '--by', 'title'], '--by: unknown value "title"'],
    [['nosuchcommand'], "unknown command 'nosuchcommand'"],
  ])('bad usage %j exits 2 with a message', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

describe('npa count', () => {
  it('--by design --json', async () => {
    const r = await runCli(['count', '--data', VALID, '--by', 'design', '--json']);
    expect(JSON.parse(r.stdout).counts).toEqual([
      { value: 'prospective', count: 1 },
      { value: 'retrospective', count: 3 },
      { value: 'rct', count: 1 },
      { value: 'unclear', count: 1 },
    ]);
  });
  it('cross-tab as CSV', async () => {
    const r = await runCli(['count', '--data', VALID, '--by', 'rt_role', '--by', 'design', '--format', 'csv']);
    expect(r.stdout).toBe('rt_role \\ design,prospective,retrospective,rct,unclear\ntrue,0,0,1,0\nfalse,1,0,0,0\n(none),0,3,0,1\n');
    expect(r.stderr).toContain('6 entries counted.');
  });
});

describe('npa validate', () => {
  it('valid data: exit 0 and a one-line verdict', async () => {
    const r = await runCli(['validate', '--data', VALID]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('valid: 6 studies read, 0 errors, 0 warnings.\n');
  });
  it('reports every problem with file, line, column, value and accepted values; exit 2', async () => {
    const csv = toCsv([row({ ref: 1, design: 'cohort' }), row({ ref: 2, sites: 'spine;skull', year: 1999 }), row({ ref: 2 })]);
    const r = await runCli(['validate', '--data', tempDataset(csv), '--json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ valid: false, errors: 4 });
    expect(report.issues.map((i: { line: number; column: string; code: string }) => [i.line, i.column, i.code])).toEqual([
      [2, 'design', 'invalid_value'],
      [3, 'sites', 'invalid_value'],
      [3, 'year', 'year_out_of_range'],
      [4, 'ref', 'duplicate_ref'],
    ]);
    expect(report.issues[0].accepted).toContain('retrospective');
  });
  it('a malformed review.json is named', async () => {
    const r = await runCli(['validate', '--data', tempDataset(toCsv([row()]), { title: 'x' })]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/review\.json, column id/);
  });
});

describe('help and version', () => {
  it('--help on every command, with examples, exit 0', async () => {
    for (const cmd of ['summary', 'list', 'count', 'validate', 'import', 'export', 'dedupe', 'screen', 'prisma', 'release', 'diff', 'report', 'meta', 'verify', 'dictionary']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toContain('Examples:');
    }
  });
  it('--version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the built bin/npa.js (spawned)', () => {
  const bin = join(ROOT, 'bin', 'npa.js');
  it('is built', () => expect(existsSync(join(ROOT, 'dist', 'npa.cjs'))).toBe(true));
  it('summary on the shipped data: exit 0, table on stdout, note on stderr', () => {
    const r = spawnSync(process.execPath, [bin, 'summary'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('prospective');
    expect(r.stdout).toContain('34/57');
    expect(r.stderr).toContain('Computed over all 57 listed entries');
  });
  it('exit 2 on a bad flag, message on stderr only', () => {
    const r = spawnSync(process.execPath, [bin, 'list', '--site', 'skull'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--site');
  });
  it('validate runs the separately built validator bundle', () => {
    const r = spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^valid: 57 studies read, 0 errors/m);
  });
  it('invalid data is exit 2 from the built CLI too (errors cross the bundle boundary)', () => {
    const r = spawnSync(process.execPath, [bin, 'summary', '--data', BAD()], { encoding: 'utf8', env: { ...process.env, NPA_NO_CACHE: '1' } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('column design');
  });
  it('list --format csv of the shipped data parses back to 57 records', () => {
    const r = spawnSync(process.execPath, [bin, 'list', '--format', 'csv'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(parse(r.stdout, { columns: true })).toHaveLength(57);
  });
});

describe('startup stays light', () => {
  it('the main bundle holds no validator, parser or statistics library (they load on demand)', () => {
    const main = readFileSync(join(ROOT, 'dist', 'npa.cjs'), 'utf8');
    for (const marker of ['ZodError', 'CsvError', 'citation-js', '@stdlib', 'levenshtein']) expect(main, marker).not.toContain(marker);
  });
});
