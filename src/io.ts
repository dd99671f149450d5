// Everything a command touches outside itself. The default binds the process; tests pass fakes.
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

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

export const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r\u001b[2K${text}`) : undefined,
});

/** Writes a file atomically: a temporary file beside the target, fsync'd, renamed, the folder fsync'd. Keeps the target's mode. */
export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.npa-tmp-${process.pid}-${Date.now()}`);
  let fd: number | undefined;
  try {
    let mode: number | undefined;
    try {
      mode = statSync(path).mode & 0o7777;
    } catch {
      /* a new file */
    }
    fd = openSync(tmp, 'wx');
    if (mode !== undefined) fchmodSync(fd, mode);
    const bytes = Buffer.from(content, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    fsyncDir(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write ${path}: ${code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`, 1);
  }
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems cannot fsync a folder; the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
