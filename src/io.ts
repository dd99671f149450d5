// Everything a command touches outside itself. The default binds the process; tests pass fakes.
import { closeSync, fchmodSync, fstatSync, fsyncSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileProblem, InputError, isFsError, UsageError, UserError } from './errors.js';
import { decodeText, type TextEncoding } from './bytes.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is an interactive terminal. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Terminal columns tables fit: COLUMNS if set, else the terminal's width, else 100 (see terminalWidth). */
  columns?: number;
  /** Redraws a one-line progress message; present only when stderr is an interactive terminal. */
  progress?: (text: string) => void;
}

/**
 * Writes all of `text` to a file descriptor, synchronously, so that a failed write is known at once.
 * A reader that went away (`npa list | head -1`, a pager closed early) makes a write to stdout fail
 * with EPIPE: that is the reader's choice, not a failure, so npa stops there, quietly, with exit 0.
 * This is the one place that handles it; every command writes through Io. Text for a closed stderr
 * is dropped (the exit code still tells).
 */
function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
      if (code === 'EPIPE') {
        if (fd === 1) process.exit(0);
        return;
      }
      throw error;
    }
  }
}

/** Columns for tables: a COLUMNS environment variable overrides, then the terminal's width, else 100. */
export function terminalWidth(env: NodeJS.ProcessEnv, ttyColumns: number | undefined): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return ttyColumns && ttyColumns > 0 ? ttyColumns : 100;
}

// Node built-ins that only some runs need are loaded on first use, not at every start: node:crypto, and
// node:tty, which brings net and the streams with it (several milliseconds together).
const nodeRequire = createRequire(import.meta.url);
export const lazyCrypto = () => nodeRequire('node:crypto') as typeof import('node:crypto');
const lazyTty = () => nodeRequire('node:tty') as typeof import('node:tty');

/** Whether a descriptor is a terminal. Only a character device can be one: a pipe or a file (what scripts give) is answered without node:tty. */
function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // a closed descriptor
  }
  return lazyTty().isatty(fd);
}

export const processIo = (): Io => {
  const tty = isTerminal(1);
  let progress: Io['progress'] | null = null;
  return {
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    isTTY: tty,
    columns: terminalWidth(process.env, tty ? process.stdout.columns : undefined),
    env: process.env,
    cwd: process.cwd(),
    // Asked only by the few commands that show progress, so stderr is examined then, not at every start.
    get progress() {
      if (progress === null) progress = isTerminal(2) ? (text: string) => writeAll(2, `\r\u001b[2K${text}`) : undefined;
      return progress;
    },
  };
};

/** The temporary files of writeFileAtomic: `.NAME.npa-tmp-PID-MILLISECONDS` beside the target. */
const TEMP = /^\..*\.npa-tmp-(\d+)-(\d+)$/;
/** A temporary file older than this is stale even if its pid is alive again (pids are reused). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** True while process `pid` runs on this machine (EPERM: it runs, under another user). */
export const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes what killed processes left in `dir`: every entry whose name `left(name)` judges a leftover, by
 * `remove(path)` (true when it removed it). Returns the names removed; a folder that cannot be read has none.
 * The one sweep for the temporary files of atomic writes, half-built folders and half-written journals.
 */
export function sweepLeftovers(dir: string, left: (name: string) => boolean, remove: (path: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => left(name) && remove(join(dir, name)));
}

/**
 * Removes the temporary files a killed write left in `dir`: those whose writer is no longer running,
 * or that are older than an hour. Called before every atomic write into the folder.
 */
export function cleanStaleTemps(dir: string, now = Date.now()): string[] {
  return sweepLeftovers(
    dir,
    (name) => {
      const m = TEMP.exec(name);
      return m !== null && !(processAlive(Number(m[1])) && now - Number(m[2]) < STALE_AFTER_MS);
    },
    (path) => {
      try {
        unlinkSync(path);
        return true;
      } catch {
        return false; // gone already, or not ours to remove
      }
    },
  );
}

/** Text (written as UTF-8), bytes, or a sequence of chunks (large outputs are streamed so no single string holds them). */
export type Content = string | Uint8Array | Iterable<string | Uint8Array>;

function writeChunks(fd: number, content: Content): void {
  const chunks = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  }
}

/**
 * Writes a file atomically: a temporary file beside the target, fsync'd, renamed over the target, and
 * the folder fsync'd. Never leaves a partial file. A symbolic link is followed (the file it points to is
 * replaced, the link stays); an existing file keeps its permission bits. A character device or FIFO
 * (`/dev/null`, `/dev/stdout`, a named pipe) is written in place, never replaced by a regular file; a
 * folder or any other kind of file is refused. Stale temporary files of killed writes are removed first.
 */
export function writeFileAtomic(target: string, content: Content): void {
  let path = target;
  let mode: number | undefined;
  try {
    path = realpathSync(target);
    const stat = statSync(path);
    if (stat.isCharacterDevice() || stat.isFIFO()) {
      writeInPlace(path, target, content);
      return;
    }
    if (!stat.isFile()) throw new UsageError(`cannot write ${target}: ${stat.isDirectory() ? 'it is a folder' : 'it is not a regular file'}`);
    mode = stat.mode & 0o7777;
  } catch (error) {
    if (!isFsError(error) || error.code !== 'ENOENT') {
      if (isFsError(error)) throw new UserError(`cannot write ${target}: ${fileProblem(error)}`);
      throw error;
    }
  }
  const dir = dirname(path);
  cleanStaleTemps(dir);
  const tmp = join(dir, `.${basename(path)}.npa-tmp-${process.pid}-${Date.now()}`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    if (mode !== undefined) fchmodSync(fd, mode);
    writeChunks(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    fsyncPath(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created, or was renamed */
    }
    if (!isFsError(error)) throw error;
    throw new UserError(`cannot write ${target}: ${error.code === 'ENOENT' ? 'the folder does not exist' : fileProblem(error)}`);
  }
}

function writeInPlace(path: string, shown: string, content: Content): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeChunks(fd, content);
  } catch (error) {
    if (!isFsError(error)) throw error;
    if (error.code === 'EPIPE') return;
    throw new UserError(`cannot write ${shown}: ${fileProblem(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// The files the running command reads: an output path may never resolve to one of them (issue 10 §3).
// Readers register what they read (noteInput, noteDataset); the one output writer checks (checkOutput).
const inputs = new Map<string, string>();
const datasets = new Set<string>();

const real = (path: string): string | null => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** A file the command reads, under the name the user gave it. */
export function noteInput(path: string, shown = path): void {
  const r = real(path);
  if (r) inputs.set(r, shown);
}

/** A dataset folder the command reads: none of its files may be an output. */
export function noteDataset(dir: string): void {
  const r = real(dir);
  if (r) datasets.add(r);
}

/** Forgets the inputs of the previous command (run() calls it before each command). */
export function resetInputs(): void {
  inputs.clear();
  datasets.clear();
}

/**
 * Files of a dataset folder that outputs may never replace: its tables, metadata and decisions, the
 * workspace's screening and search logs, the online commands' results, and anything under versions/,
 * searches/ (saved search results) or .npa-cache/.
 */
const DATASET_FILE = /^(review\.json|studies\.csv|outcomes\.csv|claims\.csv|screening\.csv|screening-decisions\.csv|searches\.csv|appraisal\.csv|cohorts\.csv|grade\.csv|dedupe-decisions\.json|notices\.csv|lookup-pending\.csv)$/;
const DATASET_FOLDER = /^(versions|searches|\.npa-cache)\//;

/**
 * Refuses (UsageError, exit 2) an output path that resolves, symbolic links included, to one of the
 * command's inputs or to a file of a dataset it read: for an existing file its real path, for a new one
 * the real path of its folder plus its name.
 */
export function checkOutput(flag: string, out: string, path: string): void {
  let r = real(path);
  if (r !== null && statSync(r).isDirectory()) throw new UsageError(`cannot write ${out} (${flag}): it is a folder`);
  if (r === null) {
    const parent = real(dirname(path));
    if (parent === null) return; // writeFileAtomic says the folder does not exist
    r = join(parent, basename(path));
  }
  // a file of a dataset first (the more telling message), then any other input
  for (const dir of datasets) {
    const rel = r.startsWith(dir + '/') ? r.slice(dir.length + 1) : null;
    if (rel !== null && (DATASET_FILE.test(rel) || DATASET_FOLDER.test(rel)))
      throw new UsageError(`${flag} ${out} is a file of the dataset in ${dir}; npa never writes an output over the dataset. Choose another file.`);
  }
  const input = inputs.get(r);
  if (input !== undefined) throw new UsageError(`${flag} ${out} is an input of this command (${input}); npa never writes over its inputs. Choose another file.`);
}

/** fsync of a file or a folder (after a rename in it; some file systems cannot fsync a folder, and the rename is still atomic). */
export function fsyncPath(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* see above */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads a text file the user named (a path relative to `cwd`). A missing file, a folder or an unreadable
 * file is an InputError (exit 2) that says which and names the file as the user wrote it.
 */
export function readTextFile(cwd: string, file: string, encoding: TextEncoding = 'utf8'): string {
  const path = resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if (!isFsError(error)) throw error;
    throw new InputError(`cannot read ${file}: ${fileProblem(error)}`);
  }
  noteInput(path, file);
  return decodeText(bytes, file, encoding, false);
}
