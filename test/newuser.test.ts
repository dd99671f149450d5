// Issue 8 §6: what a new user tripped over. Each expectation is known by construction (hand-built
// fixtures and tables) or from the shipped data file itself (data/studies.csv), never from npa's output.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, row, runCli, tempDataset, toCsv } from './helpers.js';
import { displayWidth, table, wrapText } from '../src/format/table.js';
import { terminalWidth } from '../src/io.js';
import { plural } from '../src/text.js';
import { writeBibtex } from '../src/biblio/formats/bibtex-write.js';
import { emptyRecord, type BibRecord } from '../src/biblio/record.js';
import { dedupe } from '../src/biblio/dedupe.js';
import { parseYearRange, oneOf } from '../src/commands/options.js';
import { SITES } from '../src/schema/vocab.js';

const VALID = join(FIXTURES, 'valid');
const widest = (text: string) => Math.max(...text.trimEnd().split('\n').map(displayWidth));

describe('width: tables fit the terminal', () => {
  const long = 'Radiofrequency ablation for the palliative treatment of bone metastases in one hundred patients';
  const data = {
    columns: [{ key: 'ref', header: 'ref', align: 'right' as const }, { key: 'title', header: 'title' }, { key: 'n', header: 'patients', align: 'right' as const }],
    rows: [{ ref: 1, title: long, n: 123456 }, { ref: 22, title: 'Short', n: 7 }],
  };
  it('wraps a long text cell at spaces so the table fits the width; numbers stay whole', () => {
    const text = table(data, { width: 40, maxWidth: 200 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    // The title's words, read back from the wrapped lines, are the whole title in order.
    const titleParts = text.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│')[2]!.trim()).filter(Boolean);
    expect(titleParts.slice(1, -1).join(' ')).toBe(long);
    expect(text).toContain('123456');
  });
  it('a table narrower than the width is not changed by it', () => {
    expect(table(data, { width: 200, maxWidth: 200 })).toBe(table(data, { width: 1000, maxWidth: 200 }));
    // Borders: one column, then each column's width plus two spaces and a border: 1 + (3+3) + (title+3) + (8+3).
    expect(widest(table(data, { width: 200, maxWidth: 200 }))).toBe(1 + 6 + displayWidth(long) + 3 + 11);
  });
  it('wrapText breaks at spaces, and inside a word only when the word is longer than the line', () => {
    expect(wrapText('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrapText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });
  it('the width is COLUMNS, else the terminal, else 100', () => {
    expect(terminalWidth({ COLUMNS: '72' }, 200)).toBe(72);
    expect(terminalWidth({}, 132)).toBe(132);
    expect(terminalWidth({}, undefined)).toBe(100);
    expect(terminalWidth({ COLUMNS: 'wide' }, undefined)).toBe(100);
  });
  it('npa summary and the default npa list fit 100 columns; the list shows the title', async () => {
    const summary = await runCli(['summary']);
    expect(widest(summary.stdout)).toBeLessThanOrEqual(100);
    const list = await runCli(['list']);
    expect(widest(list.stdout)).toBeLessThanOrEqual(100);
    expect(list.stdout.split('\n')[1]).toMatch(/│ title +│/);
    expect(widest((await runCli(['list'], { columns: 80 })).stdout)).toBeLessThanOrEqual(80);
  });
});

describe('exports', () => {
  it('DOIs keep their case in RIS and BibTeX (ref 2 is coded 10.2106/JBJS.20.00546 in data/studies.csv)', async () => {
    expect(readFileSync(join(ROOT, 'data/studies.csv'), 'utf8')).toContain('10.2106/JBJS.20.00546');
    expect((await runCli(['export', '--format', 'ris', '--ref', '2'])).stdout).toMatch(/^DO {2}- 10\.2106\/JBJS\.20\.00546$/m);
    expect((await runCli(['export', '--format', 'bibtex', '--ref', '2'])).stdout).toContain('doi = {10.2106/JBJS.20.00546}');
  });
  const rec = (id: string, fields: Partial<BibRecord>): BibRecord => ({ ...emptyRecord(id), ...fields });
  it('DOIs that differ only in case are the same publication to dedupe', () => {
    const a = rec('a', { title: 'One title', doi: '10.2106/JBJS.20.00546', year: 2021 });
    const b = rec('b', { title: 'Another title entirely', doi: '10.2106/jbjs.20.00546', year: 2021 });
    expect(dedupe([a, b]).clusters.map((c) => c.ids)).toEqual([['a', 'b']]);
  });
  it('validation treats DOIs that differ only in case as one publication', async () => {
    const dir = tempDataset(toCsv([row({ ref: 1, doi: '10.1000/ABC' }), row({ ref: 2, doi: '10.1000/abc' })]));
    const r = await runCli(['validate', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/same doi as ref 1/);
  });
  it('BibTeX keys are author-year-word, unique with a, b suffixes', () => {
    const text = writeBibtex([
      rec('1', { authors: ['Lévy, J'], year: 2020, title: 'Radiofrequency ablation for bone metastases' }),
      rec('2', { authors: ['Levy, Jason'], year: 2020, title: 'Radio-frequency: a second paper' }),
      rec('3', { authors: ['Levy, J'], year: 2020, title: 'Radiofrequency again' }),
      rec('4', { authors: [], year: null, title: 'The effect of cement' }),
    ]);
    expect(text.match(/^@\w+\{[^,]*,/gm)).toEqual(['@article{levy2020radiofrequency,', '@article{levy2020radio,', '@article{levy2020radiofrequencya,', '@article{anoneffect,']);
  });
});

describe('flags', () => {
  it('choice flags accept any case and give the list spelling', () => {
    expect(oneOf('--site', 'Spine', SITES)).toBe('spine');
    expect(() => oneOf('--site', 'skull', SITES)).toThrow(/--site: unknown value "skull"/);
  });
  it('--site Spine --design RCT select what --site spine --design rct select', async () => {
    const upper = await runCli(['list', '--data', VALID, '--site', 'Spine', '--design', 'RCT', '--json']);
    expect(upper.code).toBe(0);
    // studies.csv of the fixture: ref 2 alone is an RCT at the spine.
    expect(JSON.parse(upper.stdout).map((s: { ref: number }) => s.ref)).toEqual([2]);
  });
  it('--year takes 2020-2022 as well as 2020..2022', () => {
    expect(parseYearRange('2020-2022')).toEqual({ yearFrom: 2020, yearTo: 2022 });
    expect(parseYearRange('2020..2022')).toEqual({ yearFrom: 2020, yearTo: 2022 });
    expect(parseYearRange('2015-')).toEqual({ yearFrom: 2015, yearTo: undefined });
    expect(() => parseYearRange('2022-2020')).toThrow(/runs backwards/);
  });
  it('a commander usage error carries the npa: prefix', async () => {
    const r = await runCli(['diff']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^npa: missing required argument/);
    expect((await runCli(['list', '--bogus'])).stderr).toMatch(/^npa: unknown option '--bogus'/);
  });
  it('with --json an error is JSON on stdout too', async () => {
    const r = await runCli(['validate', '--json', '--data', join(FIXTURES, 'no-such-folder')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toContain('no-such-folder');
    expect(r.stderr).toMatch(/^npa: /);
    expect(JSON.parse((await runCli(['list', '--json', '--site', 'skull'])).stdout).error.exit_code).toBe(2);
  });
});

describe('words', () => {
  it('plural', () => {
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(0, 'error')).toBe('0 errors');
    expect(plural(22, 'holds', 'hold')).toBe('22 hold');
  });
  it('--unique counts against the unique publications (fixture: 6 entries, ref 6 repeats ref 4)', async () => {
    expect((await runCli(['list', '--data', VALID, '--unique'])).stderr).toBe('5 of 5 unique publications match.\n');
    expect((await runCli(['list', '--data', VALID, '--unique', '--ref', '1'])).stderr).toBe('1 of 5 unique publications matches.\n');
    expect((await runCli(['list', '--data', VALID])).stderr).toBe('6 of 6 entries match.\n');
  });
  it('"Known differences" is pointed to for the shipped review only', async () => {
    expect((await runCli(['summary'])).stderr).toContain('see README "Known differences"');
    const own = await runCli(['summary', '--data', VALID]);
    expect(own.stderr).toMatch(/statistics? differs? from the published review\.\n/);
    expect(own.stderr).not.toContain('Known differences');
  });
});

describe('lists in JSON', () => {
  it('null when not coded (empty cell), [] when coded none', async () => {
    const dir = tempDataset(toCsv([row({ ref: 1, sites: '', interventions: 'none' }), row({ ref: 2, sites: 'spine', interventions: 'rfa' })]));
    const [one, two] = JSON.parse((await runCli(['list', '--data', dir, '--json', '--columns', 'ref,sites,interventions'])).stdout);
    expect(one).toEqual({ ref: 1, sites: null, interventions: [] });
    expect(two).toEqual({ ref: 2, sites: ['spine'], interventions: ['rfa'] });
  });
});
