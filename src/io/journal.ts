// All-or-nothing changes to several files of a workspace (issue 10 §2). One mechanism for every writer:
//   1. the intent (every file's full new content, with SHA-256 sums) is written to a temporary file, fsync'd,
//      and renamed to DIR/.npa-journal.json (the folder fsync'd): from here on the change has happened;
//   2. each file is replaced atomically (temporary file, fsync, rename, folder fsync); a folder (a release
//      version) is built whole beside its place and renamed in;
//   3. the journal is removed.
// A process killed before step 1 leaves the old state; after it, the next npa command on the workspace (any
// command: taking the lock or loading the data replays it) applies the journal again, which is idempotent:
// it writes the same contents, and a folder already renamed in is whole. So a re-run converges and never
// applies a change twice. Callers hold the workspace lock (./lock.ts); commit() refuses otherwise.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { UserError } from '../errors.js';
import { fsyncPath, lazyCrypto, writeFileAtomic } from '../io.js';
import { crashPoint } from './crash.js';
import { holdsLock, withLock, type LockOptions } from './lock.js';

export const JOURNAL_FILE = '.npa-journal.json';

/** One file's new content, or a new folder of files (created whole, never replacing an existing one). */
export type Change = { file: string; content: string } | { folder: string; files: { file: string; content: string }[] };

interface Journal {
  npa_journal: 1;
  command: string;
  when: string;
  changes: Change[];
  sha256: string;
}

const sha = (text: string) => lazyCrypto().createHash('sha256').update(text).digest('hex');

function writeSynced(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    const bytes = Buffer.from(content, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A path inside the workspace (a journal is data: it may not send a write elsewhere). */
function inside(root: string, rel: string): string {
  const n = normalize(rel);
  if (!rel || isAbsolute(rel) || n === '..' || n.startsWith(`..${sep}`) || n.split(sep).includes('..')) throw new UserError(`${join(root, JOURNAL_FILE)} names a path outside the workspace (${rel}); it was not applied. Move it away and check the files.`);
  return join(root, n);
}

const pidOf = /\.npa-tmp(?:dir)?-(\d+)-\d+$/;
const running = (pid: number) => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Folders half-built by a killed process (`.NAME.npa-tmpdir-PID-MS`): removed when their process is gone. */
function cleanHalfBuilt(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\..*\.npa-tmpdir-(\d+)-\d+$/.exec(name);
    if (m && !running(Number(m[1]))) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function applyFolder(root: string, change: Extract<Change, { folder: string }>): void {
  const target = inside(root, change.folder);
  // Renamed in whole, so if it is there it is complete (this journal's own earlier, interrupted, run).
  if (existsSync(target)) return;
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  cleanHalfBuilt(parent);
  const tmp = join(parent, `.${target.slice(parent.length + 1)}.npa-tmpdir-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(tmp);
    for (const f of change.files) writeSynced(inside(tmp, f.file), f.content);
    fsyncPath(tmp);
    renameSync(tmp, target);
    fsyncPath(parent);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(`cannot write ${target}: ${(error as Error).message}`);
  }
}

function apply(root: string, changes: readonly Change[]): void {
  changes.forEach((change, i) => {
    if ('folder' in change) applyFolder(root, change);
    else {
      const path = inside(root, change.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, change.content);
    }
    crashPoint(`apply-${i + 1}`);
  });
}

function clear(root: string): void {
  try {
    unlinkSync(join(root, JOURNAL_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot remove ${join(root, JOURNAL_FILE)}: ${(error as Error).message}`);
  }
  fsyncPath(root);
}

function journalTemps(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${JOURNAL_FILE}.`) && !name.startsWith(`.${JOURNAL_FILE}.`)) continue;
    const m = pidOf.exec(name);
    if (m && !running(Number(m[1]))) rmSync(join(root, name), { force: true });
  }
}

/**
 * Saves a set of changes to the workspace `root` all or nothing (see the top of this file). The caller holds
 * the workspace lock. One plain file is simply replaced atomically: a journal adds nothing to one rename.
 */
export function commit(root: string, changes: readonly Change[], command = 'npa'): void {
  if (!holdsLock(root)) throw new Error(`internal: a write to ${root} without its lock`);
  if (!changes.length) return;
  if (changes.length === 1 && 'file' in changes[0]!) {
    apply(root, changes);
    crashPoint('applied');
    return;
  }
  const body: Journal = { npa_journal: 1, command, when: new Date().toISOString(), changes: [...changes], sha256: sha(JSON.stringify(changes)) };
  const path = join(root, JOURNAL_FILE);
  const tmp = join(root, `.${JOURNAL_FILE}.npa-tmp-${process.pid}-${Date.now()}`);
  try {
    writeSynced(tmp, JSON.stringify(body));
    crashPoint('journal-temp');
    renameSync(tmp, path);
    fsyncPath(root);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new UserError(`cannot write in ${root}: ${(error as Error).message} (nothing was changed)`);
  }
  crashPoint('journal');
  apply(root, changes);
  crashPoint('applied');
  clear(root);
  crashPoint('cleared');
}

/** Finishes a change a killed process left in the journal. Called with the lock held. */
export function replay(root: string, notice: (text: string) => void = () => {}): boolean {
  const path = join(root, JOURNAL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let body: Journal;
  try {
    body = JSON.parse(text) as Journal;
  } catch {
    body = null as unknown as Journal;
  }
  if (!body || body.npa_journal !== 1 || !Array.isArray(body.changes) || sha(JSON.stringify(body.changes)) !== body.sha256)
    throw new UserError(`${path} is damaged (it does not match its own checksum), so an interrupted change cannot be finished. Nothing was changed; move the file away and check the workspace's files (npa validate).`);
  apply(root, body.changes);
  clear(root);
  const files = body.changes.map((c) => ('folder' in c ? `${c.folder}/` : c.file));
  notice(`npa: finished an interrupted change to ${root} (${body.command}, ${body.when}): ${files.join(', ')}.\n`);
  return true;
}

/**
 * The one way to change a workspace: runs `fn` holding the workspace's lock, after finishing any change a
 * killed process left in the journal. `fn` reads what it changes (afresh, under the lock) and saves with
 * commit(). It may be async; the lock is held until it settles.
 */
export function transaction<T>(root: string, options: LockOptions, fn: () => T): T {
  return withLock(root, options, () => {
    journalTemps(root); // a journal half-written by a killed process (never renamed in: the change never happened)
    if (existsSync(join(root, JOURNAL_FILE))) replay(root, options.notice);
    return fn();
  });
}

/** For readers: if a change was interrupted, finish it (under the lock) before the data are read. */
export function settle(root: string, notice: (text: string) => void = (t) => void process.stderr.write(t)): void {
  if (existsSync(join(root, JOURNAL_FILE))) transaction(root, { command: 'npa (finishing an interrupted change)', notice }, () => undefined);
}
