// Flags and help of the yearly-update commands (issue 11): npa init, npa screen *, npa code *.
// No logic: each action parses flags and calls one function; the bodies load lazily.
import { Command } from 'commander';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { requireWorkspace } from '../screening/workspace.js';
import { ENCODINGS } from '../bytes.js';
import { formatOption, jsonOption, oneOf, outOption, parseFormat } from './options.js';
import { FORMAT_NAMES } from '../format/names.js';

type Flags = Record<string, string | boolean | undefined> & { data?: string };
type SetExit = (code: number) => void;
const STAGES = ['title-abstract', 'full-text'] as const;
const stageOf = (v: unknown) => oneOf('--stage', String(v ?? ''), STAGES);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The data folder, refused (exit 2, "run npa init") when it is the shipped review. */
export const writable = (dir: string, what: string) => requireWorkspace(dir, what);

const percent = (v: string | undefined) => {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(v.trim());
  if (!m || !(Number(m[1]) > 0 && Number(m[1]) <= 100)) throw new UsageError(`--verify-sample: "${v}" is not a percent between 0 and 100 (e.g. 20%).`);
  return Number(m[1]);
};

/** Adds init, screen and code (each only when `want` accepts its name; see buildProgram in src/cli.ts). */
export function registerUpdateCommands(program: Command, io: Io, setExit: SetExit, dataDir: (flags: Flags) => string, want: (name: string) => boolean = () => true): void {
  if (want('init')) registerInit(program, io, setExit);
  if (want('screen')) registerScreen(program, io, setExit, dataDir);
  if (want('code')) registerCode(program, io, setExit, dataDir);
}

const data = () => new Command().createOption('--data <dir>', 'the workspace (made by npa init)');

function registerInit(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('init')
    .description('make a workspace: a copy of the shipped review (or --from DIR) that every writing command then takes with --data')
    .argument('<dir>', 'new (or empty) folder')
    .option('--from <dir>', 'copy this review instead of the shipped one')
    .option('--stages <n>', 'screening stages in the protocol: 2 (title-abstract, then full text) or 1')
    .option('--reviewers <n>', 'independent reviewers per record: 2 (blind) or 1')
    .option('--verify-sample <percent>', 'one reviewer, a second checks this share, e.g. 20%')
    .addHelpText('after', `
The shipped review is read-only: commands that write refuse it (exit 2). Examples:
  npa init my-review
  npa init rfa-2024 --from rfa-2023 --stages 2 --reviewers 2`)
    .action(async (dir: string, flags: Flags) => {
      const { runInit } = await import('./init.js');
      const n = (flag: string, v: unknown) => (v === undefined ? undefined : (Number(oneOf(flag, String(v), ['1', '2'] as const)) as 1 | 2));
      setExit(runInit({ dir, from: str(flags.from), stages: n('--stages', flags.stages), reviewers: n('--reviewers', flags.reviewers), verifySample: percent(str(flags.verifySample)) }, io));
    });
}

function registerScreen(program: Command, io: Io, setExit: SetExit, dataDir: (flags: Flags) => string): void {
  const screen = program
    .command('screen')
    .description('screen a new search in a workspace: add exports (search log), decide per stage and reviewer, resolve, agreement, promote')
    .addHelpText('after', `
Files in the workspace: searches.csv (search log), screening.csv (records; final outcome), screening-decisions.csv
(every decision, by whom and when, never rewritten away). Examples:
  npa screen add pubmed.nbib --data my-review --database PubMed --date 2023-06-01
  npa screen decide --data my-review --stage title-abstract --who FW --file fw-stage1.csv
  npa screen conflicts --data my-review --stage title-abstract
  npa screen resolve --data my-review --stage title-abstract --who FW --file resolved.csv
  npa screen agreement --data my-review --stage title-abstract --json
  npa screen promote --data my-review`);
  screen
    .command('add')
    .description('add search exports: one PRISMA-S search-log entry each; duplicates of the dataset, the log and each other marked')
    .argument('<files...>', 'export files (any format npa import reads)')
    .addOption(data().makeOptionMandatory(false))
    .option('--database <name>', 'the database searched (PubMed, Embase, ...); default: the file name')
    .option('--source <name>', 'same as --database (older spelling)')
    .option('--interface <name>', 'the interface or platform (PubMed, Ovid, Embase.com, ...)')
    .option('--date <YYYY-MM-DD>', 'date the search was run (default today)')
    .option('--strategy <text>', "the strategy as run (default: review.json's saved strategy for the database)")
    .option('--strategy-file <file>', 'the strategy as run, from a file')
    .option('--limits <text>', 'limits applied (years, language, ...)')
    .option('--who <name>', 'who ran the search (default: git user or $USER)')
    .option('--force <reason>', 'add a file (or the same records) again, with the reason logged')
    .option('--skip-bad', 'leave damaged records out (they are listed)')
    .option('--encoding <encoding>', `the files' text encoding (${ENCODINGS.join(', ')}); default utf8, a UTF-16 byte-order mark is recognised`)
    .action(async (files: string[], flags: Flags) => {
      const encoding = flags.encoding === undefined ? undefined : oneOf('--encoding', String(flags.encoding), ENCODINGS);
      const { runScreenAdd } = await import('./screen.js');
      setExit(await runScreenAdd({ data: dataDir(flags), files, database: str(flags.database) ?? str(flags.source), interface: str(flags.interface), date: str(flags.date), strategy: str(flags.strategy), strategyFile: str(flags.strategyFile), limits: str(flags.limits), who: str(flags.who), force: str(flags.force), skipBad: Boolean(flags.skipBad), encoding }, io));
    });
  screen
    .command('list')
    .description('list the records with their per-stage decisions (another reviewer\'s votes hidden until both have decided)')
    .addOption(data())
    .option('--status <outcome>', 'pending, maybe, excluded-title-abstract, full-text-pending, not-retrieved, excluded-full-text, included, duplicate')
    .option('--stage <stage>', 'only records at this stage (title-abstract, full-text)')
    .option('--who <name>', 'show this reviewer\'s own votes')
    .option('--verify-sample <percent>', 'a seeded random sample of records one reviewer decided, for a second to check (e.g. 20%)')
    .option('--seed <n>', 'seed of the sample', '1')
    .addOption(formatOption(FORMAT_NAMES, 'csv with --verify-sample: a decisions sheet id,decision,reason'))
    .addOption(jsonOption())
    .addOption(outOption())
    .action(async (flags: Flags) => {
      const { runScreenList } = await import('./screen.js');
      const seed = Number(flags.seed ?? 1);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed: "${flags.seed}" is not an integer.`);
      setExit(await runScreenList({ data: dataDir(flags), status: str(flags.status), stage: flags.stage === undefined ? undefined : stageOf(flags.stage), who: str(flags.who), verifySample: percent(str(flags.verifySample)), seed, format: parseFormat(str(flags.format), Boolean(flags.json)), out: str(flags.out) }, io));
    });
  for (const name of ['decide', 'resolve'] as const) {
    screen
      .command(name)
      .description(name === 'decide' ? "record one reviewer's decisions at a stage (ids and a flag, or --file id,decision,reason); a new decision replaces that reviewer's earlier one, which stays in the history" : 'record the final decision on conflicts at a stage, with who resolved them (--file id,decision,reason)')
      .argument('[ids...]', 'record ids (see npa screen list)')
      .addOption(data())
      .option('--stage <stage>', 'title-abstract or full-text')
      .option('--who <name>', 'who decides (default: git user or $USER; empty refused)')
      .option('--include', 'include')
      .option('--exclude [reason]', 'exclude; a reason code is required at full-text, optional at title-abstract')
      .option('--maybe', 'maybe (title-abstract)')
      .option('--not-retrieved', 'the report could not be retrieved (full-text)')
      .option('--text <text>', 'free text for reason "other"')
      .option('--note <note>', 'a note')
      .option('--file <decisions.csv>', 'a CSV with columns id,decision,reason (reason may be empty; optional reason_text, notes)')
      .action(async (ids: string[], flags: Flags) => {
        const chosen = (['include', 'exclude', 'maybe', 'not-retrieved'] as const).filter((d) => flags[d === 'not-retrieved' ? 'notRetrieved' : d] !== undefined && flags[d === 'not-retrieved' ? 'notRetrieved' : d] !== false);
        if (chosen.length > 1) throw new UsageError('give one of --include, --exclude, --maybe, --not-retrieved.');
        const { runScreenDecide } = await import('./screen.js');
        setExit(await runScreenDecide({ data: dataDir(flags), stage: stageOf(flags.stage), ids, decision: chosen[0], reason: typeof flags.exclude === 'string' ? flags.exclude : undefined, text: str(flags.text), who: str(flags.who), note: str(flags.note), file: str(flags.file), resolve: name === 'resolve' }, io));
      });
  }
  screen
    .command('clear')
    .description("withdraw a decision (your own, or with --resolution the resolution); the history keeps it")
    .argument('<id>', 'record id')
    .addOption(data())
    .option('--stage <stage>', 'title-abstract or full-text')
    .option('--who <name>', 'whose decision (default: git user or $USER)')
    .option('--resolution', 'withdraw the resolution instead')
    .option('--reason <text>', 'why (kept in the history)')
    .action(async (id: string, flags: Flags) => {
      const { runScreenClear } = await import('./screen.js');
      setExit(await runScreenClear({ data: dataDir(flags), id, stage: stageOf(flags.stage), who: str(flags.who), resolution: Boolean(flags.resolution), reason: str(flags.reason) }, io));
    });
  // Two reports on one stage, with the same flags.
  const stageReports = [
    ['conflicts', 'records on which the reviewers disagree at a stage', 'as JSON'],
    ['agreement', "the two reviewers' agreement at a stage: n, percent agreement, Cohen's kappa with 95% CI, PABAK, the table of decision pairs", '{"stage","n","agreement","kappa","kappa_ci":[lo,hi],"pabak","table"}'],
  ] as const;
  for (const [name, description, json] of stageReports) {
    screen
      .command(name)
      .description(description)
      .addOption(data())
      .option('--stage <stage>', 'title-abstract or full-text')
      .addOption(jsonOption(json))
      .addOption(outOption())
      .action(async (flags: Flags) => {
        const { runScreenConflicts, runScreenAgreement } = await import('./screen.js');
        const run = name === 'conflicts' ? runScreenConflicts : runScreenAgreement;
        setExit(await run({ data: dataDir(flags), stage: stageOf(flags.stage), json: Boolean(flags.json), out: str(flags.out) }, io));
      });
  }
  screen
    .command('fulltext')
    .description('record where the full text of a report is (a path or URL), so the team knows what was read')
    .argument('<id>', 'record id')
    .argument('<location>', 'path or URL')
    .addOption(data())
    .option('--who <name>', 'who retrieved it')
    .action(async (id: string, location: string, flags: Flags) => {
      const { runScreenFulltext } = await import('./screen.js');
      setExit(await runScreenFulltext({ data: dataDir(flags), id, location, who: str(flags.who) }, io));
    });
  screen
    .command('history')
    .description('every event on one record (decisions, withdrawals, resolutions, promote), oldest first')
    .argument('<id>', 'record id')
    .addOption(data())
    .addOption(jsonOption('as JSON'))
    .action(async (id: string, flags: Flags) => {
      const { runScreenHistory } = await import('./screen.js');
      setExit(await runScreenHistory({ data: dataDir(flags), id, json: Boolean(flags.json) }, io));
    });
  screen
    .command('review')
    .description('screen in the terminal, one record per screen; each decision saved at once')
    .addOption(data())
    .option('--stage <stage>', 'title-abstract or full-text', 'title-abstract')
    .option('--who <name>', 'who decides (default: git user or $USER)')
    .addHelpText('after', `
Keys:
  i  include            e  exclude (then the reason's number; 0 = none at title-abstract)
  m  maybe (stage 1)    n  not retrieved (stage 2)
  s  skip for now       u  undo the last decision (withdrawn, kept in the history)
  r  revisit maybes     space  more of a long abstract
  q  quit (decisions are already saved)
Search terms are highlighted in green (+term+ without colour), exclusion terms in red (-term-).
Another reviewer's decision is never shown.`)
    .action(async (flags: Flags) => {
      const { runScreenReview } = await import('./screen.js');
      setExit(await runScreenReview({ data: dataDir(flags), stage: stageOf(flags.stage), who: str(flags.who) }, io));
    });
  screen
    .command('promote')
    .description('add included records to studies.csv in the dataset\'s style (authors "Levy J, Hopkins T", PMID, DOI, volume, issue, pages); ineligible ones need --override')
    .argument('[ids...]', 'only these records (default: every included record not yet promoted)')
    .addOption(data())
    .option('--override <reason>', 'promote records that fail the eligibility checks; the reason is logged')
    .option('--who <name>', 'who promotes (default: git user or $USER)')
    .action(async (ids: string[], flags: Flags) => {
      const { runScreenPromote } = await import('./screen.js');
      setExit(await runScreenPromote({ data: dataDir(flags), ids, override: str(flags.override), who: str(flags.who) }, io));
    });
  screen
    .command('unpromote')
    .description('take a promoted record back out of studies.csv (its decisions stay; change them with decide or clear)')
    .argument('<id>', 'record id')
    .addOption(data())
    .option('--reason <text>', 'why (kept in the history)')
    .option('--who <name>', 'who (default: git user or $USER)')
    .action(async (id: string, flags: Flags) => {
      const { runScreenUnpromote } = await import('./screen.js');
      setExit(await runScreenUnpromote({ data: dataDir(flags), id, reason: str(flags.reason), who: str(flags.who) }, io));
    });
}

function registerCode(program: Command, io: Io, setExit: SetExit, dataDir: (flags: Flags) => string): void {
  const code = program.command('code').description('code new studies: a sheet to fill in, then validate and merge it (with coder and sources); compare two coders');
  code
    .command('sheet')
    .description('write a coding sheet (CSV) for the studies not yet coded, allowed values in its header comments')
    .addOption(data())
    .option('--ref <list>', 'these refs instead (e.g. 58,59)')
    .addOption(outOption())
    .action(async (flags: Flags) => {
      const { runCodeSheet } = await import('./code.js');
      setExit(await runCodeSheet({ data: dataDir(flags), refs: str(flags.ref), out: str(flags.out) }, io));
    });
  code
    .command('apply')
    .description('validate a filled coding sheet (file, line and column on every error) and merge it into studies.csv')
    .argument('<file>', 'the sheet')
    .addOption(data())
    .option('--coder <name>', 'who coded (default: the sheet\'s coder column, else git user or $USER)')
    .option('--dry-run', 'only validate')
    .action(async (file: string, flags: Flags) => {
      const { runCodeApply } = await import('./code.js');
      setExit(await runCodeApply({ data: dataDir(flags), file, coder: str(flags.coder), dryRun: Boolean(flags.dryRun) }, io));
    });
  code
    .command('compare')
    .description("two coders' sheets field by field: agreement per field (and Cohen's kappa for coded categories)")
    .argument('<a>', 'first sheet')
    .argument('<b>', 'second sheet')
    .addOption(data())
    .addOption(jsonOption('as JSON'))
    .action(async (a: string, b: string, flags: Flags) => {
      const { runCodeCompare } = await import('./code.js');
      setExit(await runCodeCompare({ data: dataDir(flags), a, b, json: Boolean(flags.json) }, io));
    });
}
