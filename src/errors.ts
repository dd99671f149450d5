// The one error taxonomy. Each class carries its exit code; src/main.ts is the only place that catches
// them (and maps anything else to an internal error: a bug, printed with its stack).
//
//   NpaError            (abstract) a problem the user can act on; the message is written for people
//   ├─ UserError        exit 1  the operation failed (nothing to pool, no claims, cannot write a file)
//   ├─ UsageError       exit 2  bad flags or arguments
//   └─ InputError       exit 2  an input file cannot be used (missing, a folder, not a format npa reads)
//      └─ DataError     exit 2  invalid data in an input file; carries every problem found (file, line, column)
import type { Issue } from './issues.js';

export abstract class NpaError extends Error {
  abstract readonly exitCode: 1 | 2;
}

/** The operation failed for a reason the user can fix. Exit 1. */
export class UserError extends NpaError {
  override name = 'UserError';
  readonly exitCode = 1;
}

/** Bad flags or arguments. Exit 2. */
export class UsageError extends NpaError {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/** An input file that cannot be used: missing, a folder, unreadable, empty, not a known format. Exit 2. */
export class InputError extends NpaError {
  override name = 'InputError';
  readonly exitCode = 2;
}

/** Invalid input data (the dataset, an input file). Carries every problem found. Exit 2. */
export class DataError extends InputError {
  override name = 'DataError';
  constructor(message: string, readonly issues: Issue[]) {
    super(message);
  }
}

/** Why a file cannot be read, in words, from the errno code of a failed fs call. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/** True for the errors of a file system call (they have an errno code), as opposed to a bug. */
export const isFsError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
