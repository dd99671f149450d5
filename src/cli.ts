// The commander program: commands, flags, help. No logic: each action builds typed options and
// calls one function in src/commands, whose return value is the exit code.
import { Command, Option } from 'commander';
import { defaultDataDir } from './load/paths.js';
import type { Io } from './io.js';
import { COUNTABLE_FIELDS, type FieldName } from './schema/fields.js';
import { DESIGNS, INTERVENTIONS, SITES } from './schema/vocab.js';
import { FORMAT_NAMES } from './format/names.js';
import { UsageError } from './errors.js';
import { oneOf, parseColumns, parseFilter, parseFormat, type RawFilterFlags } from './commands/options.js';

declare const __NPA_VERSION__: string;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function dataOption() {
  return new Option('--data <dir>', 'folder holding review.json and studies.csv (default: the shipped review)');
}

function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--site <site>', `only studies at this site; repeat for all of several (${SITES.join(', ')})`, collect)
    .option('--design <design>', `only these designs; repeat for any of several (${DESIGNS.join(', ')})`, collect)
    .option('--intervention <name>', `only studies with this intervention; repeat for all of several (${INTERVENTIONS.join(', ')})`, collect)
    .option('--year <range>', 'publication year or range: 2018, 2015..2020, 2015.., ..2020')
    .option('--text <word>', 'word in title, authors or journal (case and accents ignored)')
    .option('--annotated', "only studies in the review's annotated bibliography")
    .option('--unique', 'leave out repeat listings of a publication (duplicate_of set)')
    .option('--ref <list>', 'only these refs: 1,5,9 or 10-20');
}

function addOutputOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .option('--format <format>', `output format: ${formats.join('|')}`)
    .option('--json', 'shorthand for --format json')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--no-formula-guard', 'CSV/TSV: keep cells starting with = + - @ as they are (for machine round trips)');
}

type Flags = RawFilterFlags & { data?: string; format?: string; json?: boolean; out?: string; formulaGuard?: boolean; columns?: string; by?: string[] };

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const dataDir = (flags: Flags) => flags.data ?? defaultDataDir();
  const program = new Command('npa')
    .description('Evidence-synthesis tool for MSTS Novel Practice Assessments: the curated study dataset, the review\'s statistics, filtered citation lists.')
    .version(__NPA_VERSION__, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();

  program.addHelpText('after', `
Examples:
  npa summary                       the review's statistics, computed vs published
  npa list --site pelvis --design prospective
  npa count --by design --by sites
  npa validate --data ./my-review`);

  addOutputOptions(
    program
      .command('summary')
      .description("recompute every statistic of the review's Results from the dataset, beside the published value")
      .addOption(dataOption())
      .option('--unique', 'compute over unique publications instead of listed entries'),
    ['table', 'json', 'csv', 'md'],
  )
    .addHelpText('after', `
Examples:
  npa summary
  npa summary --unique
  npa summary --json | jq '.statistics[] | select(.status == "differs")'`)
    .action(async (flags: Flags) => {
      const { runSummary } = await import('./commands/summary.js');
      setExit(await runSummary({ data: dataDir(flags), unique: Boolean(flags.unique), format: parseFormat(flags.format, flags.json, ['table', 'json', 'csv', 'md']), out: flags.out, formulaGuard: flags.formulaGuard !== false }, io));
    });

  addOutputOptions(addFilterOptions(program.command('list').description('list cited studies, filtered; as a table or for scripts').addOption(dataOption())), FORMAT_NAMES)
    .option('--columns <fields>', 'comma-separated fields to show (see `npa dictionary`)')
    .addHelpText('after', `
Examples:
  npa list --site spine --intervention cement --intervention rfa
  npa list --year 2015..2020 --design prospective --design rct
  npa list --annotated --columns ref,first_author,year,pmid,doi
  npa list --unique --format csv --out included.csv
  npa list --text cryoablation --json`)
    .action(async (flags: Flags) => {
      const { runList } = await import('./commands/list.js');
      setExit(await runList({
        data: dataDir(flags),
        filter: parseFilter(flags),
        columns: flags.columns !== undefined ? parseColumns(flags.columns) : undefined,
        format: parseFormat(flags.format, flags.json),
        out: flags.out,
        formulaGuard: flags.formulaGuard !== false,
      }, io));
    });

  addOutputOptions(addFilterOptions(program.command('count').description('count studies by any coded field, or cross-tabulate two').addOption(dataOption())), FORMAT_NAMES)
    .requiredOption('--by <field>', `field to count by; give twice for a cross-tab (${COUNTABLE_FIELDS.join(', ')})`, collect)
    .addHelpText('after', `
Examples:
  npa count --by design
  npa count --by sites --by interventions
  npa count --by year --unique --format csv`)
    .action(async (flags: Flags) => {
      const by = (flags.by ?? []).map((f) => oneOf('--by', f, COUNTABLE_FIELDS)) as FieldName[];
      if (by.length > 2) throw new UsageError('--by: give one field for counts or two for a cross-tab, not more.');
      const { runCount } = await import('./commands/count.js');
      setExit(await runCount({
        data: dataDir(flags),
        by: by as [FieldName] | [FieldName, FieldName],
        filter: parseFilter(flags),
        format: parseFormat(flags.format, flags.json),
        out: flags.out,
        formulaGuard: flags.formulaGuard !== false,
      }, io));
    });

  program
    .command('validate')
    .description('check the dataset and report every problem (file, line, column, value, accepted values)')
    .addOption(dataOption())
    .option('--json', 'machine-readable report')
    .addHelpText('after', `
Exit status: 0 valid (warnings allowed), 2 invalid.
Examples:
  npa validate
  npa validate --data ./my-review --json`)
    .action(async (flags: Flags) => {
      const { runValidate } = await import('./commands/validate.js');
      setExit(runValidate({ data: dataDir(flags), json: Boolean(flags.json) }, io));
    });

  program
    .command('dictionary')
    .description('print the data dictionary (generated from the schema) as Markdown')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  npa dictionary
  npa dictionary --out data/DICTIONARY.md`)
    .action(async (flags: Flags) => {
      const [{ dictionaryMarkdown }, { emit }] = await Promise.all([import('./schema/dictionary.js'), import('./commands/output.js')]);
      emit(io, dictionaryMarkdown(), flags.out);
      setExit(0);
    });

  return program;
}
