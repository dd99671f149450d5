// Entry point: run(argv, io) → exit code. The only try/catch: error classes map to exit codes.
import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import { DataError, UserError } from './errors.js';
import { processIo, type Io } from './io.js';
import { formatIssue } from './load/issues.js';

const MAX_ISSUES_SHOWN = 20;

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown flag, missing argument) is usage: 2.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof DataError) {
      io.stderr(`npa: ${error.message}\n`);
      for (const issue of error.issues.slice(0, MAX_ISSUES_SHOWN)) io.stderr(`  ${formatIssue(issue)}\n`);
      if (error.issues.length > MAX_ISSUES_SHOWN) io.stderr(`  … and ${error.issues.length - MAX_ISSUES_SHOWN} more\n`);
      return error.exitCode;
    }
    if (error instanceof UserError) {
      io.stderr(`npa: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`npa: internal error (a bug in npa, not in your data). Please report it with this text:\n${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  return run(argv, processIo());
}

// dist/validator.js is built separately and imports these from dist/npa.js, so that an error thrown
// there is an instance of the same classes the error boundary above checks.
export { DataError, UsageError, UserError } from './errors.js';
