// Issue 8 §5: only the command named on the command line is built at startup. These tests check that the
// shortcut changes nothing a user sees: help, suggestions, subcommands and every command's flags.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { fakeIo, runCli } from './helpers.js';

const names = (argv: string[]) => buildProgram(fakeIo(), () => undefined, argv).commands.map((c) => c.name());
const ALL = names([]);
// Every top-level command, in the order `npa --help` lists them (written out here, not read from the program).
const DOCUMENTED = ['summary', 'list', 'count', 'validate', 'import', 'export', 'dedupe', 'init', 'screen', 'code', 'prisma', 'release', 'diff', 'report', 'meta', 'verify', 'dictionary', 'rob', 'overlap', 'grade', 'impact', 'lookup', 'check-retractions', 'search'];

describe('building only the command that was asked for', () => {
  it('with no arguments, --help or help every command is built, in the documented order', () => {
    expect(ALL).toEqual(DOCUMENTED);
    expect(names(['--help'])).toEqual(ALL);
    expect(names(['help', 'summary'])).toEqual(ALL);
  });

  it('a command name builds that command alone; a group builds with all its subcommands', () => {
    expect(names(['summary', '--json'])).toEqual(['summary']);
    expect(names(['check-retractions'])).toEqual(['check-retractions']);
    const screen = buildProgram(fakeIo(), () => undefined, ['screen', 'add']).commands;
    expect(screen.map((c) => c.name())).toEqual(['screen']);
    expect(screen[0]!.commands.map((c) => c.name())).toEqual(expect.arrayContaining(['add', 'decide', 'resolve', 'conflicts', 'agreement', 'promote']));
  });

  it('a name npa does not have builds everything, so the typo gets a suggestion', async () => {
    expect(names(['sumary'])).toEqual(ALL);
    const r = await runCli(['sumary']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean summary?');
  });

  it('each command alone has the same flags and help as in the full program', () => {
    const full = buildProgram(fakeIo(), () => undefined, []);
    for (const name of ALL) {
      const alone = buildProgram(fakeIo(), () => undefined, [name]).commands;
      expect(alone.map((c) => c.name()), name).toEqual([name]);
      const whole = full.commands.find((c) => c.name() === name)!;
      expect(alone[0]!.helpInformation(), name).toBe(whole.helpInformation());
    }
  });

  it('--version needs no command and prints the version', async () => {
    expect(names(['--version'])).toEqual([]);
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9][^\s]*\n$/); // the version line alone
  });
});
