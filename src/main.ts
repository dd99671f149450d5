// Entry point: run(argv, io) → exit code. The only try/catch that ends a command: each error class of
// src/errors.ts carries its exit code; anything else is a bug in npa and is printed with its stack.
import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import { DataError, NpaError } from './errors.js';
import { processIo, resetInputs, type Io } from './io.js';
import { visibleMessage } from './format/visible.js';
import { formatIssue } from './issues.js';
import { sourceMappedStack } from './stack.js';

const MAX_ISSUES_SHOWN = 20;

/** With --json a script reads stdout: an error is also written there, as JSON, beside the message on stderr. */
function jsonError(argv: readonly string[], io: Io, message: string, exitCode: number, issues: readonly unknown[] = []): void {
  const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const formats = flags.flatMap((f, i) => (f === '--format' ? [flags[i + 1]] : f.startsWith('--format=') ? [f.slice(9)] : []));
  const json = flags.includes('--json') || formats.includes('json');
  // Two formats asked for (--json --format csv) is itself the error: no JSON then.
  if (!json || formats.some((f) => f !== 'json')) return;
  io.stdout(JSON.stringify({ error: { message, exit_code: exitCode, ...(issues.length ? { issues } : {}) } }, null, 2) + '\n');
}

export async function run(argv: readonly string[], given: Io): Promise<number> {
  // Every message for people goes through here: no raw control character from data reaches the terminal,
  // and no line is echoed whole when it is huge (issue 10 §5).
  const io: Io = { ...given, stderr: (text) => given.stderr(visibleMessage(text)) };
  resetInputs();
  let code = 0;
  const program = buildProgram(io, (c) => (code = c), argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown flag, missing argument) is usage: 2.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      jsonError(argv, io, error.message.replace(/^error: /, ''), 2);
      return 2;
    }
    if (error instanceof NpaError) {
      io.stderr(`npa: ${error.message}\n`);
      if (error instanceof DataError) {
        for (const issue of error.issues.slice(0, MAX_ISSUES_SHOWN)) io.stderr(`  ${formatIssue(issue)}\n`);
        if (error.issues.length > MAX_ISSUES_SHOWN) io.stderr(`  … and ${error.issues.length - MAX_ISSUES_SHOWN} more\n`);
      }
      jsonError(argv, io, error.message, error.exitCode, error instanceof DataError ? error.issues : []);
      return error.exitCode;
    }
    const stack = error instanceof Error && error.stack ? sourceMappedStack(error.stack) : String(error);
    io.stderr(`npa: internal error (a bug in npa, not in your data). Please report it with this text:\n${stack}\n`);
    return 1;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  return run(argv, processIo());
}
