import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/main.js';
import type { Io } from '../src/io.js';
import { FIELD_NAMES } from '../src/schema/study.js';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export function fakeIo(overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    isTTY: false,
    env: { NPA_NO_CACHE: '1' },
    cwd: process.cwd(),
    ...overrides,
  };
}

/** Runs the CLI in-process with a fake terminal. */
export async function runCli(argv: string[], overrides: Partial<Io> = {}): Promise<Captured> {
  const io = fakeIo(overrides);
  const code = await run(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

/** A complete, valid row; tests override the cells they are about. */
export function row(cells: Record<string, string | number | boolean> = {}): Record<string, string> {
  const base: Record<string, string> = Object.fromEntries(FIELD_NAMES.map((f) => [f, '']));
  Object.assign(base, {
    ref: '1', authors: 'Doe J, Roe R.', first_author: 'Doe J', year: '2018', title: 'A study', journal: 'J Test',
    design: 'retrospective', design_note: 'stated in abstract', annotated: 'false', coding_source: 'review text',
  });
  for (const [k, v] of Object.entries(cells)) base[k] = String(v);
  return base;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(rows: Record<string, string>[], columns: readonly string[] = FIELD_NAMES, eol = '\n'): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))].join(eol) + eol;
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty temporary folder, removed after the test file has run. */
export function tempDir(prefix = 'npa-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export const fixtureReview = () => JSON.parse(readFileSync(join(FIXTURES, 'review.json'), 'utf8'));

/** Writes review.json (the test fixture's unless given) and studies.csv to a new temporary folder. */
export function tempDataset(studiesCsv: string, review: unknown = fixtureReview(), outcomesCsv?: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'review.json'), JSON.stringify(review, null, 2));
  writeFileSync(join(dir, 'studies.csv'), studiesCsv);
  if (outcomesCsv !== undefined) writeFileSync(join(dir, 'outcomes.csv'), outcomesCsv);
  return dir;
}
