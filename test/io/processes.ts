// Helpers for the tests that run npa as real processes at once (issue 10 §1, §2): a synthetic export of N
// distinct records, a workspace made by the built CLI, and an asynchronous spawn of bin/npa.js.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** The CLI under test (NPA_TEST_BIN: another build, e.g. an older commit's, to show a test fails there). */
export const BIN = process.env.NPA_TEST_BIN ?? join(ROOT, 'bin', 'npa.js');

export interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/** Starts `npa ARGS` as its own process; `killAfterMs` sends it SIGKILL after that many milliseconds. */
export function npa(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; killAfterMs?: number } = {}): Promise<Done> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, pid: child.pid ?? 0 });
    });
  });
}

/** A small deterministic generator (mulberry32), so every run makes the same export. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'alpha bravo cobalt delta ember falcon garnet harbor indigo juniper kestrel lantern meadow nickel orchid pepper quartz raven saffron timber umber velvet willow xenon yarrow zephyr amber basil cedar dune'.split(' ');

/**
 * A RIS export of `n` records, ids PREFIX1..PREFIXn, every title made of six random words plus its number,
 * so no two are duplicates of each other or of the shipped review. Written to DIR/NAME; returns its ids.
 */
export function syntheticRis(dir: string, name: string, n: number, prefix: string, seed: number): { path: string; ids: string[] } {
  const rnd = prng(seed);
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const words = Array.from({ length: 6 }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
    ids.push(`${prefix}${i}`);
    lines.push('TY  - JOUR', `ID  - ${prefix}${i}`, `TI  - ${words.join(' ')} survey ${prefix} ${i}`, `AU  - ${words[0]}, ${words[1]!.slice(0, 1).toUpperCase()}.`, 'PY  - 2023', `T2  - Journal of ${words[2]} studies`, `VL  - ${1 + (i % 40)}`, `SP  - ${i}`, 'ER  - ', '');
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return { path, ids };
}
