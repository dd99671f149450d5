// Typed errors; src/main.ts is the only place that catches them and maps them to exit codes.
import type { Issue } from './load/issues.js';

/** Something the user can fix; the message is already written for people. Exit 1. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
  }
}

/** Bad flags or arguments. Exit 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** Invalid input data (the dataset, an input file). Carries every problem found. Exit 2. */
export class DataError extends UserError {
  override name = 'DataError';
  constructor(message: string, readonly issues: Issue[]) {
    super(message, 2);
  }
}
