// Spreadsheet-safe tables (issue 12 §4): no "8/57" in CSV/TSV (Excel reads it as a date), labels keep their
// indentation, and --out takes the format from its extension, decided in one place (parseFormat).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseFormat } from '../src/commands/options.js';
import { runCli, tempDir } from './helpers.js';

const FRACTION = /^\d+\/\d+$/;

describe('summary as CSV/TSV: count, denominator and percent as separate numbers', () => {
  it('no cell is a fraction; the review printed 8/57 prospective', async () => {
    const r = await runCli(['summary', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(FRACTION);
    const prospective = rows.find((x) => x.id === 'prospective')!;
    // The review's Results: "8/57 (14%)" prospective.
    expect([prospective.review_count, prospective.review_denominator, prospective.review_percent]).toEqual(['8', '57', '14']);
    for (const row of rows) {
      expect(Number.isInteger(Number(row.count)), row.id).toBe(true);
      expect(Number.isInteger(Number(row.denominator)), row.id).toBe(true);
      if (row.percent !== '') expect(Math.abs(Number(row.percent) - (100 * Number(row.count)) / Number(row.denominator))).toBeLessThanOrEqual(0.05);
    }
  });
  it('TSV has the same numeric columns', async () => {
    const r = await runCli(['summary', '--format', 'tsv']);
    expect(r.code).toBe(0);
    const [head, ...lines] = r.stdout.trimEnd().split('\n');
    expect(head!.split('\t').slice(0, 5)).toEqual(['id', 'statistic', 'count', 'denominator', 'percent']);
    for (const l of lines) for (const cell of l.split('\t')) expect(cell).not.toMatch(FRACTION);
  });
  it('the terminal table keeps the fraction', async () => {
    const r = await runCli(['summary']);
    expect(r.stdout).toMatch(/│\s+8\/57 │/);
  });
});

describe('labels keep their leading spaces', () => {
  it('in CSV and Markdown', async () => {
    const csv = parse((await runCli(['summary', '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.find((x) => x.id === 'rt_role_spinal')!.statistic).toBe('  of those: spinal');
    // The terminal table (main's wrapping table since house-src) is not checked here: its word wrap drops the indentation.
    // Markdown trims cells, so the indentation is written as no-break spaces.
    expect((await runCli(['summary', '--format', 'md'])).stdout).toContain('| \u00a0\u00a0of those: spinal |');
  });
});

describe('--out takes the format from its extension', () => {
  it.each([
    ['list', 'x.csv'],
    ['summary', 'x.csv'],
  ])('%s --out %s writes CSV, not a box table', async (command, name) => {
    const dir = tempDir();
    const r = await runCli([command, '--out', name], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, name), 'utf8');
    expect(text).not.toMatch(/[│┌└]/);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(10);
  });
  it('x.tsv, x.json and x.md too; --format wins over the extension', async () => {
    const dir = tempDir();
    expect((await runCli(['list', '--out', 'x.tsv'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'x.tsv'), 'utf8').split('\n')[0]).toContain('\t');
    expect((await runCli(['summary', '--out', 'x.json'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8')).statistics.length).toBeGreaterThan(10);
    expect((await runCli(['summary', '--out', 'x.md'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toMatch(/^\| id \| statistic \|/);
    expect((await runCli(['list', '--format', 'json', '--out', 'y.csv'], { cwd: dir })).code).toBe(0);
    expect(() => JSON.parse(readFileSync(join(dir, 'y.csv'), 'utf8'))).not.toThrow();
  });
  it('parseFormat: flag, then --json, then the extension, then the table', () => {
    expect(parseFormat(undefined, undefined, undefined, 'a.CSV')).toBe('csv');
    expect(parseFormat(undefined, undefined, undefined, 'a.tsv')).toBe('tsv');
    expect(parseFormat(undefined, undefined, undefined, 'a.txt')).toBe('table');
    expect(parseFormat(undefined, undefined, undefined, 'a.out')).toBe('table');
    expect(parseFormat('md', undefined, undefined, 'a.csv')).toBe('md');
    expect(parseFormat(undefined, true, undefined, 'a.csv')).toBe('json');
    expect(() => parseFormat(undefined, undefined, ['table', 'json'], 'a.csv')).toThrow(/does not write csv/);
  });
});
