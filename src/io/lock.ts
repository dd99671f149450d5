// The workspace lock (issue 10 §1). Every command that writes into a workspace holds DIR/.npa.lock while it
// reads what it will change, computes the change and saves it, so two writers never work from the same
// stale copy. The lock file is created with O_EXCL and says who holds it (owner, pid, host, command, since).
// A lock whose process is gone (same host, pid not running), or that is older than NPA_LOCK_STALE_SECONDS
// (default 30 minutes; a lock from another host can be judged by age only), is stale and is taken over.
// A busy workspace is waited for (NPA_LOCK_WAIT seconds, default 30), then refused with the holder's name.
// Writers take it through ./journal.ts's transaction(), which also finishes a change a killed process left.
import { closeSync, fsyncSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { processAlive } from '../io.js';
import { crashPoint } from './crash.js';

export const LOCK_FILE = '.npa.lock';
/** Held for a moment by whoever removes a stale lock, so that two processes never both take one over. */
const BREAK_FILE = '.npa.lock.break';

export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface LockOptions {
  /** What holds it, as people would say it: "npa screen decide". */
  command: string;
  /** Where to say that npa waits, or that it took over a stale lock (stderr). */
  notice?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

interface Held {
  path: string;
  token: string;
  depth: number;
}
const held = new Map<string, Held>();

const canonical = (dir: string): string => {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
};

/** True when this process holds the lock of `dir` (the journal refuses to write without it). */
export const holdsLock = (dir: string): boolean => held.has(canonical(dir));

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const seconds = (value: string | undefined, fallback: number): number => {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

const owner = (env: NodeJS.ProcessEnv): string => {
  try {
    return env.USER || env.USERNAME || userInfo().username || 'unknown';
  } catch {
    return env.USER || env.USERNAME || 'unknown';
  }
};

/** The lock file as found: its holder (null when it cannot be parsed, e.g. caught between create and write). */
function readLock(path: string): { raw: string; holder: LockHolder | null; mtimeMs: number } | null {
  try {
    const raw = readFileSync(path, 'utf8');
    const mtimeMs = statSync(path).mtimeMs;
    let holder: LockHolder | null = null;
    try {
      const h = JSON.parse(raw) as Partial<LockHolder>;
      if (typeof h.pid === 'number' && typeof h.host === 'string') holder = { owner: String(h.owner ?? '?'), pid: h.pid, host: h.host, command: String(h.command ?? '?'), since: String(h.since ?? '') };
    } catch {
      /* empty or torn: judged by age */
    }
    return { raw, holder, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Why a lock is stale, or null when its holder may still be working. */
function staleness(found: { holder: LockHolder | null; mtimeMs: number }, staleMs: number, now: number): string | null {
  const h = found.holder;
  const age = now - (h && !Number.isNaN(Date.parse(h.since)) ? Date.parse(h.since) : found.mtimeMs);
  if (!h) return now - found.mtimeMs > 5000 ? 'an unreadable lock file more than 5 s old' : null;
  if (h.host === hostname() && !processAlive(h.pid)) return `process ${h.pid} is no longer running`;
  if (age > staleMs) return `it is ${Math.round(age / 1000)} s old (stale after ${Math.round(staleMs / 1000)} s)`;
  return null;
}

export const describeHolder = (h: LockHolder | null, now = Date.now()): string =>
  h ? `${h.command} (pid ${h.pid} on ${h.host}, run by ${h.owner}, since ${h.since}${Number.isNaN(Date.parse(h.since)) ? '' : `, ${Math.max(0, Math.round((now - Date.parse(h.since)) / 1000))} s ago`})` : 'an unknown process (the lock file is unreadable)';

/** Removes a stale lock, unless someone else is doing so or it changed since it was judged. */
function breakStale(dir: string, path: string, raw: string): boolean {
  const breaker = join(dir, BREAK_FILE);
  let fd: number;
  try {
    fd = openSync(breaker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A breaker killed in the middle: its file is removed once it is 10 s old.
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) unlinkSync(breaker);
    } catch {
      /* gone already */
    }
    return false;
  }
  try {
    closeSync(fd);
    const again = readLock(path);
    if (!again || again.raw !== raw) return false;
    unlinkSync(path);
    return true;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      /* removed as stale by another process */
    }
  }
}

function acquire(dir: string, options: LockOptions): Held {
  const env = options.env ?? process.env;
  const notice = options.notice ?? (() => {});
  const path = join(dir, LOCK_FILE);
  const waitMs = seconds(env.NPA_LOCK_WAIT, 30) * 1000;
  const staleMs = seconds(env.NPA_LOCK_STALE_SECONDS, 30 * 60) * 1000;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const holder: LockHolder = { owner: owner(env), pid: process.pid, host: hostname(), command: options.command, since: new Date().toISOString() };
    const token = JSON.stringify(holder) + '\n';
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx', 0o644);
      writeSync(fd, token);
      fsyncSync(fd);
      return { path, token, depth: 1 };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError(`cannot lock ${dir}: the folder does not exist`);
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UserError(`cannot write in ${dir}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'} (npa writes a lock file, ${LOCK_FILE}, beside the data)`);
      if (code !== 'EEXIST') throw new UserError(`cannot lock ${dir}: ${(error as Error).message}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    const found = readLock(path);
    if (!found) continue; // released between our try and our look
    const now = Date.now();
    const why = staleness(found, staleMs, now);
    if (why) {
      if (breakStale(dir, path, found.raw)) notice(`npa: took over a stale lock on ${dir} left by ${describeHolder(found.holder, now)}: ${why}.\n`);
      else sleep(10 + Math.random() * 20);
      continue;
    }
    if (now >= deadline)
      throw new UserError(`${dir} is busy: ${describeHolder(found.holder, now)} is changing it (lock file ${path}). Nothing was written; try again when it has finished${waitMs ? ` (npa waited ${Math.round(waitMs / 1000)} s; NPA_LOCK_WAIT sets how long)` : ''}. If no npa is running there, delete the lock file.`);
    if (!told && now + 1000 < deadline) {
      told = true;
      notice(`npa: waiting for ${describeHolder(found.holder, now)} to finish with ${dir}…\n`);
    }
    sleep(15 + Math.random() * 35);
  }
}

function release(key: string): void {
  const h = held.get(key);
  if (!h) return;
  if (--h.depth > 0) return;
  held.delete(key);
  try {
    // Only our own lock: if it was taken over (judged stale), the new holder's file stays.
    if (readFileSync(h.path, 'utf8') === h.token) unlinkSync(h.path);
  } catch {
    /* already gone */
  }
}

let exitHook = false;

/**
 * Runs `fn` holding the lock of workspace `dir` (re-entrant within one process). `fn` may be async: the lock
 * is released when its promise settles.
 */
export function withLock<T>(dir: string, options: LockOptions, fn: () => T): T {
  const key = canonical(dir);
  const mine = held.get(key);
  if (mine) mine.depth++;
  else {
    const h = acquire(key, options);
    held.set(key, h);
    if (!exitHook) {
      exitHook = true;
      // process.exit() (a closed pipe, an error boundary) must not leave a lock behind.
      process.on('exit', () => {
        for (const k of [...held.keys()]) {
          held.get(k)!.depth = 1;
          release(k);
        }
      });
    }
    crashPoint('locked');
  }
  let result: T;
  try {
    result = fn();
  } catch (error) {
    release(key);
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => release(key)) as T;
  release(key);
  return result;
}
