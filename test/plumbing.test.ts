// Issue 8 §2: a closed pipe ends quietly (exit 0, no trace) for every command; internal errors point
// into the TypeScript sources. These spawn the built CLI (npm test builds it first).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const bin = join(ROOT, 'bin', 'npa.js');
const VALID = join(FIXTURES, 'valid');

/** Runs the CLI with stdout a pipe whose reading end is closed before npa writes to it. */
function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NPA_CACHE_DIR: tempDir('npa-cache-') } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Every command that writes data to stdout (on the shipped review, or the small valid fixture).
const COMMANDS: string[][] = [
  ['summary'],
  ['summary', '--json'],
  ['list'],
  ['list', '--format', 'csv'],
  ['count', '--by', 'design'],
  ['export', '--format', 'ris'],
  ['export', '--format', 'bibtex'],
  ['validate'],
  ['dictionary'],
  ['prisma'],
  ['prisma', '--format', 'svg'],
  ['verify'],
  ['report'],
  ['meta', '--outcome', 'complications'],
  ['dedupe', '--data', VALID],
  ['--help'],
  ['list', '--help'],
];

describe('a closed pipe ends quietly (issue 8)', () => {
  it.each(COMMANDS.map((args) => [args.join(' '), args]))('npa %s: exit 0, no error on stderr', async (_name, args) => {
    const r = await closedStdout(args as string[]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|internal error|Error:|\n\s+at /);
  });
  it('npa summary and npa list say nothing at all on stderr when the reader has gone', async () => {
    expect((await closedStdout(['summary'])).stderr).toBe('');
    expect((await closedStdout(['list', '--format', 'csv'])).stderr).toBe('');
  });
});

describe('internal errors point into the TypeScript sources (issue 8)', () => {
  it('a bug in the built CLI is reported with src/*.ts positions, not minified dist/ lines', async () => {
    // The built run() with an Io whose stdout fails: not an error class of npa, so a bug.
    const { run } = createRequire(import.meta.url)(join(ROOT, 'dist', 'npa.cjs'));
    let err = '';
    const code = await run(['count', '--by', 'design', '--data', VALID], {
      stdout: () => {
        throw new TypeError('stdout broke');
      },
      stderr: (t: string) => void (err += t),
      isTTY: false,
      env: { NPA_NO_CACHE: '1' },
      cwd: ROOT,
    });
    expect(code).toBe(1);
    expect(err).toContain('a bug in npa');
    expect(err).toMatch(/src\/commands\/count\.ts:\d+:\d+/);
    expect(err).toMatch(/src\/commands\/output\.ts:\d+:\d+/);
    expect(err).not.toMatch(/dist\/npa\.c?js:\d+/);
  });
});
