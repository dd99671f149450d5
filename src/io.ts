// Everything a command touches outside itself. The default binds the process; tests pass fakes.
import { readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { basename, dirname, join, resolve } from 'node:path';
import { fileProblem, InputError, isFsError, UserError } from './errors.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is an interactive terminal. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
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

export const processIo = (): Io => ({
  stdout: (text) => writeAll(1, text),
  stderr: (text) => writeAll(2, text),
  isTTY: isatty(1),
  env: process.env,
  cwd: process.cwd(),
  progress: isatty(2) ? (text) => writeAll(2, `\r\u001b[2K${text}`) : undefined,
});

/** Writes a file atomically: a temporary file beside the target, then rename. Never leaves a partial file. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.npa-tmp-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, content, { encoding: 'utf8', flag: 'wx' });
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    if (!isFsError(error)) throw error;
    throw new UserError(`cannot write ${path}: ${error.code === 'ENOENT' ? 'the folder does not exist' : fileProblem(error)}`);
  }
}

/**
 * Reads a text file the user named (a path relative to `cwd`). A missing file, a folder or an unreadable
 * file is an InputError (exit 2) that says which and names the file as the user wrote it.
 */
export function readTextFile(cwd: string, file: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    if (!isFsError(error)) throw error;
    throw new InputError(`cannot read ${file}: ${fileProblem(error)}`);
  }
}
