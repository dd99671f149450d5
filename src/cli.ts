// The commander program: commands, flags, help. No logic: each action builds typed options and
// calls one function in src/commands, whose return value is the exit code.
import { Command, Option } from 'commander';
import { defaultDataDir } from './load/paths.js';
import type { Io } from './io.js';
import { COUNTABLE_FIELDS, type FieldName } from './schema/fields.js';
import { DESIGNS, INTERVENTIONS, OUTCOMES, SEVERITIES, SITES, TOOL_IDS, UNITS } from './schema/vocab.js';
import { EXPORT_FORMATS, FORMAT_NAMES, IMPORT_FORMATS, PRISMA_FORMATS, REPORT_FORMATS, REPORT_TABLE_FORMATS, ROB_PLOTS } from './format/names.js';
import { UsageError } from './errors.js';
import { ENCODINGS } from './bytes.js';
import { MEASURES, METHOD_CHOICES, METHODS, SUBGROUP_FIELDS, TESTS, ZERO_CELL_RULES } from './synthesis/choices.js';
import { runSummary } from './commands/summary.js';
import { runList } from './commands/list.js';
import { runCount } from './commands/count.js';
import { emit, type FilteredOutputOptions } from './commands/output.js';
import { addOutputOptions as addFormatJsonOut, formatOption, jsonOption, oneOf, outOption, parseColumns, parseFilter, parseFormat, type RawFilterFlags } from './commands/options.js';
import { addOnlineCommands } from './commands/online.js';
import { registerUpdateCommands, writable } from './commands/update-cli.js';
import type { ExtrasFlags } from './synthesis/extras.js';

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
    .option('--year <range>', 'publication year or range: 2018, 2015..2020 (or 2015-2020), 2015.., ..2020')
    .option('--text <word>', 'word in title, authors or journal (case and accents ignored)')
    .option('--annotated', "only studies in the review's annotated bibliography")
    .option('--unique', 'leave out repeat listings of a publication (duplicate_of set)')
    .option('--ref <list>', 'only these refs: 1,5,9 or 10-20');
}

function addOutputOptions(cmd: Command, formats: readonly string[]): Command {
  return addFormatJsonOut(cmd, formats)
    .option('--no-formula-guard', 'CSV/TSV: keep cells starting with = + - @ as they are (for machine round trips)');
}

type Flags = RawFilterFlags & { data?: string; format?: string; json?: boolean; out?: string; formulaGuard?: boolean; columns?: string; by?: string[] };

/**
 * The program with its commands. Given the command line, only the command it names is built (about 40
 * commands with their flags take ~8 ms to build, on every start); with no command name, or one npa does
 * not have, every command is built, so `npa --help` lists them and a typo gets a suggestion.
 */
export function buildProgram(io: Io, setExit: (code: number) => void, argv: readonly string[] = []): Command {
  const program = new Command('npa')
    .description('Evidence-synthesis tool for MSTS Novel Practice Assessments: the curated study dataset, the review\'s statistics, filtered citation lists.')
    .version(__NPA_VERSION__, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's own usage errors ("error: missing required argument") carry npa's prefix like every other error.
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s.replace(/^error: /, 'npa: ')) })
    .exitOverride();

  program.addHelpText('after', `
Examples:
  npa summary                       the review's statistics, computed vs published
  npa list --site pelvis --design prospective
  npa count --by design --by sites
  npa validate --data ./my-review`);

  const asked = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const ctx: Context = { io, setExit, dataDir: (flags) => flags.data ?? defaultDataDir() };
  if (argv.length === 1 && (argv[0] === '-V' || argv[0] === '--version')) return program; // no command needed
  if (asked === undefined || !registerCommands(program, ctx, (name) => name === asked)) registerCommands(program, ctx, () => true);
  return program;
}

interface Context {
  io: Io;
  setExit: (code: number) => void;
  dataDir: (flags: { data?: string }) => string;
}

/** Adds the commands that `wanted` accepts, in the order `npa --help` lists them; true when it added any. */
function registerCommands(program: Command, { io, setExit, dataDir }: Context, wanted: (name: string) => boolean): boolean {
  let added = false;
  /** What list, count and export share: the data, the filter, where to write, the formula guard. */
  const filteredOutput = (flags: Flags): FilteredOutputOptions => ({ data: dataDir(flags), filter: parseFilter(flags), out: flags.out, formulaGuard: flags.formulaGuard !== false });
  const want = (name: string) => {
    const yes = wanted(name);
    added ||= yes;
    return yes;
  };

  if (want('summary'))
    addOutputOptions(
      program
        .command('summary')
        .description("recompute every statistic of the review's Results from the dataset, beside the published value")
        .addOption(dataOption())
        .option('--unique', 'compute over unique publications instead of listed entries'),
      FORMAT_NAMES,
    )
      .addHelpText('after', `
Examples:
  npa summary
  npa summary --unique
  npa summary --json | jq '.statistics[] | select(.status == "differs")'`)
      .action(async (flags: Flags) => {
        setExit(await runSummary({ data: dataDir(flags), unique: Boolean(flags.unique), format: parseFormat(flags.format, flags.json, FORMAT_NAMES, flags.out), out: flags.out, formulaGuard: flags.formulaGuard !== false }, io));
      });

  if (want('list'))
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
        setExit(await runList({
          ...filteredOutput(flags),
          columns: flags.columns !== undefined ? parseColumns(flags.columns) : undefined,
          format: parseFormat(flags.format, flags.json, FORMAT_NAMES, flags.out),
        }, io));
      });

  if (want('count'))
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
        setExit(await runCount({
          ...filteredOutput(flags),
          by: by as [FieldName] | [FieldName, FieldName],
          format: parseFormat(flags.format, flags.json, FORMAT_NAMES, flags.out),
        }, io));
      });

  if (want('validate'))
    program
      .command('validate')
      .description('check the dataset and report every problem (file, line, column, value, accepted values)')
      .addOption(dataOption())
      .addOption(jsonOption('machine-readable report'))
      .addHelpText('after', `
Exit status: 0 valid (warnings allowed), 2 invalid.
Examples:
  npa validate
  npa validate --data ./my-review --json`)
      .action(async (flags: Flags) => {
        const { runValidate } = await import('./commands/validate.js');
        setExit(runValidate({ data: dataDir(flags), json: Boolean(flags.json) }, io));
      });

  const IMPORT_CHOICES = IMPORT_FORMATS;
  const EXPORT_CHOICES = EXPORT_FORMATS;
  const pair = (flag: string, value: string | undefined): [string, string] | undefined => {
    if (value === undefined) return undefined;
    const parts = value.split(',').map((v) => v.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`${flag}: give two record ids separated by a comma, e.g. ${flag} 12,57.`);
    return [parts[0], parts[1]];
  };

  if (want('import'))
    program
      .command('import')
      .description('read search exports (RIS, PubMed MEDLINE, Ovid, Web of Science, BibTeX, CSL-JSON, CSV) and report what was read')
      .argument('<files...>', 'export files; the format is detected from the content')
      .option('--from <format>', `read every file as this format (${IMPORT_CHOICES.join(', ')})`)
      .option('--dry-run', 'only read and report; write nothing')
      .addOption(jsonOption('the report as JSON on stdout'))
      .option('--skip-bad', 'leave damaged records out (they are listed) instead of refusing the file')
      .option('--encoding <encoding>', `the files' text encoding (${ENCODINGS.join(', ')}); default utf8, a UTF-16 byte-order mark is recognised`)
      .addOption(outOption('write the records here (atomically; - for stdout)'))
      .option('--to <format>', `format for --out (${EXPORT_CHOICES.join(', ')}); default from the extension, else json`)
      .option('--no-formula-guard', 'CSV: keep cells starting with = + - @ as they are')
      .addHelpText('after', `
Every file is reported: records read, damaged records skipped, records with no title, year or DOI/PMID,
and input fields npa could not map (by tag). A damaged file imports nothing unless --skip-bad is given.
Examples:
  npa import pubmed.nbib embase.ris --dry-run
  npa import search-2023/*.ris --dry-run --json
  npa import scopus.csv wos.txt --out candidates.json
  npa import zotero.bib --out candidates.ris`)
      .action(async (files: string[], flags: Flags & { from?: string; dryRun?: boolean; skipBad?: boolean; to?: string; encoding?: string }) => {
        const { runImport } = await import('./commands/import.js');
        setExit(await runImport({
          files,
          encoding: flags.encoding === undefined ? undefined : oneOf('--encoding', flags.encoding, ENCODINGS),
          from: flags.from === undefined ? undefined : oneOf('--from', flags.from, IMPORT_CHOICES),
          skipBad: Boolean(flags.skipBad),
          dryRun: Boolean(flags.dryRun),
          json: Boolean(flags.json),
          out: flags.out,
          to: flags.to === undefined ? undefined : oneOf('--to', flags.to, EXPORT_CHOICES),
          formulaGuard: flags.formulaGuard !== false,
        }, io));
      });

  if (want('export'))
    addFilterOptions(program.command('export').description("export the dataset's studies, filtered, for reference managers").addOption(dataOption()))
      .addOption(formatOption(EXPORT_CHOICES).makeOptionMandatory())
      .addOption(outOption())
      .option('--no-formula-guard', 'CSV: keep cells starting with = + - @ as they are')
      .addHelpText('after', `
RIS writes AU "Last, First", PY for every record and standard TY codes; BibTeX escapes LaTeX specials.
Examples:
  npa export --format ris --unique --out included.ris
  npa export --format bibtex --annotated
  npa export --format csljson --site pelvis`)
      .action(async (flags: Flags) => {
        const { runExport } = await import('./commands/export.js');
        setExit(await runExport({ ...filteredOutput(flags), format: oneOf('--format', flags.format ?? '', EXPORT_CHOICES) }, io));
      });

  if (want('dedupe'))
    program
      .command('dedupe')
      .description('find records that are the same publication (the dataset, or import files)')
      .argument('[files...]', 'export files to de-duplicate (default: the dataset)')
      .addOption(dataOption())
      .option('--from <format>', `read every file as this format (${IMPORT_CHOICES.join(', ')})`)
      .option('--skip-bad', 'leave damaged records out of the input (they are listed)')
      .option('--encoding <encoding>', `the files' text encoding (${ENCODINGS.join(', ')}); default utf8`)
      .addOption(jsonOption('clusters and uncertain pairs as JSON'))
      .addOption(outOption('write the de-duplicated records here (atomically)'))
      .option('--to <format>', `format for --out (${EXPORT_CHOICES.join(', ')}); default from the extension, else json`)
      .option('--decisions <file>', 'where decisions by a person are kept (default: DATA/dedupe-decisions.json)')
      .option('--mark-same <a,b>', 'record that two ids are the same publication, then run')
      .option('--mark-different <a,b>', 'record that two ids are different publications, then run')
      .option('--review', 'decide the uncertain pairs in the terminal, one per screen (keys below); saved in the decisions file')
      .option('--no-formula-guard', 'CSV: keep cells starting with = + - @ as they are')
      .addHelpText('after', `
Same DOI or PMID: same publication. Otherwise the normalised title must match, with year, first author,
volume, pages and journal agreeing and nothing in conflict. Errata, comments, conference abstracts and
preprints are never merged with an article automatically: uncertain pairs are listed for a person.
Examples:
  npa dedupe
  npa dedupe pubmed.nbib embase.ris scopus.csv --json
  npa dedupe search.ris --out unique.ris
  npa dedupe search.ris --mark-different 1234,5678
  npa dedupe search.ris --review --decisions my-review/dedupe-decisions.json
--review keys (ranked pairs, most likely the same publication first, each with the reason):
  s  the same publication   d  different publications   n  next (decide later)
  u  undo the last decision (taken out of the file)      q  quit (decisions are already saved)
Decisions from --review, --mark-* or a --decisions file are re-applied on every later run.`)
      .action(async (files: string[], flags: Flags & { from?: string; skipBad?: boolean; to?: string; decisions?: string; markSame?: string; markDifferent?: string; review?: boolean; encoding?: string }) => {
        const { runDedupe } = await import('./commands/dedupe.js');
        setExit(await runDedupe({
          files,
          encoding: flags.encoding === undefined ? undefined : oneOf('--encoding', flags.encoding, ENCODINGS),
          data: (flags.markSame || flags.markDifferent || flags.review) && flags.decisions === undefined ? writable(dataDir(flags), flags.review ? 'npa dedupe --review' : 'npa dedupe --mark-*') : dataDir(flags),
          from: flags.from === undefined ? undefined : oneOf('--from', flags.from, IMPORT_CHOICES),
          skipBad: Boolean(flags.skipBad),
          json: Boolean(flags.json),
          out: flags.out,
          to: flags.to === undefined ? undefined : oneOf('--to', flags.to, EXPORT_CHOICES),
          decisions: flags.decisions,
          markSame: pair('--mark-same', flags.markSame),
          markDifferent: pair('--mark-different', flags.markDifferent),
          review: Boolean(flags.review),
          formulaGuard: flags.formulaGuard !== false,
        }, io));
      });

  // The yearly update (issue 11): init, screen *, code *; command bodies in src/commands/{init,screen,code}.ts.
  registerUpdateCommands(program, io, setExit, dataDir, want);

  if (want('prisma'))
    program
      .command('prisma')
      .description('the PRISMA 2020 flow from the data (an update when a screening log exists), with its arithmetic checked')
      .addOption(dataOption())
      .addOption(formatOption(PRISMA_FORMATS))
      .addOption(jsonOption())
      .option('--reported', "the flow as the review printed it, even when a screening log exists")
      .addOption(outOption())
      .addHelpText('after', `
prisma2020-csv is the template of the PRISMA2020 R package and Shiny app (data,node,box,description,boxtext,
tooltips,url,n), with exclusion reasons as "Reason, n; Reason, n". svg is the diagram for updated reviews.
Examples:
  npa prisma
  npa prisma --format svg --out flow.svg
  npa prisma --format prisma2020-csv --out PRISMA.csv`)
      .action(async (flags: Flags & { reported?: boolean }) => {
        const { runPrisma } = await import('./commands/prisma.js');
        const format = flags.json ? 'json' : oneOf('--format', flags.format ?? 'table', PRISMA_FORMATS);
        setExit(await runPrisma({ data: dataDir(flags), format, out: flags.out, reported: Boolean(flags.reported) }, io));
      });

  if (want('release'))
    program
      .command('release')
      .description('freeze the dataset, outcomes, claims, screening log and statistics as a version (DATA/versions/NAME) with a change-log entry')
      .argument('<name>', 'version name, e.g. 2023')
      .addOption(dataOption())
      .option('--message <text>', 'what this version is, for DATA/versions/CHANGELOG.md')
      .addHelpText('after', `
A version is plain files (they diff well in git) written whole or not at all; it is never overwritten.
Examples:
  npa release 2023 --message "annual update: PubMed and Embase searched 2023-06-01"`)
      .action(async (name: string, flags: Flags & { message?: string }) => {
        const { runRelease } = await import('./commands/release.js');
        setExit(await runRelease({ data: writable(dataDir(flags), 'npa release'), name, message: flags.message }, io));
      });

  if (want('diff'))
    program
      .command('diff')
      .description('studies added, removed and recoded (field by field), and statistics changed, between two versions')
      .argument('<from>', 'a version name')
      .argument('[to]', 'a version name, or "current" (default)')
      .addOption(dataOption())
      .addOption(jsonOption('as JSON'))
      .addOption(outOption())
      .addHelpText('after', `
Examples:
  npa diff 2022
  npa diff 2022 2023 --json`)
      .action(async (from: string, to: string | undefined, flags: Flags) => {
        const { runDiff } = await import('./commands/release.js');
        setExit(await runDiff({ data: dataDir(flags), from, to, json: Boolean(flags.json), out: flags.out }, io));
      });

  if (want('report'))
    program
      .command('report')
      .description("regenerate the review's Results from data: flow, statistics, claims, pooled outcomes, evidence table, charts, changes")
      .addOption(dataOption())
      .addOption(formatOption(REPORT_FORMATS, 'html: one self-contained file; pdf: printed by a Chromium (CHROMIUM_PATH or a system chromium)', 'md'))
      .addOption(outOption())
      .option('--date <YYYY-MM-DD>', 'the date printed as generated (default today), for reproducible files')
      .option('--since <version>', 'compare with this release (default: the last release, or what the last release changed)')
      .addHelpText('after', `
Examples:
  npa report --format html --out report.html
  npa report --format md --out RESULTS.md --since 2023
  npa report --format pdf --out report.pdf`)
      .action(async (flags: Flags & { date?: string; since?: string }) => {
        const { runReport } = await import('./commands/report.js');
        setExit(await runReport({ data: dataDir(flags), format: oneOf('--format', flags.format ?? 'md', REPORT_FORMATS), out: flags.out, date: flags.date, since: flags.since }, io));
      });

  if (want('meta'))
    addFilterOptions(
      program
        .command('meta')
        .description("pool the dataset's outcomes (or any CSV) with metafor's methods: random effects, tau^2, I^2, prediction interval")
        .addOption(dataOption())
        .option('--outcome <outcome>', `pool this outcome of data/outcomes.csv (${OUTCOMES.join(', ')})`)
        .option('--input <file>', 'pool a CSV instead: columns xi,ni | ai,bi,ci,di | m1i,sd1i,n1i,m2i,sd2i,n2i | m1i,m2i,sd1i,sd2i,ni,ri | yi,vi (+ study)')
        .option('--unit <unit>', `only rows counted in this unit (${UNITS.join(', ')})`)
        .option('--severity <severity>', `complications of this severity (${SEVERITIES.join(', ')}; default any)`)
        .option('--measure <measure>', `effect measure, metafor's names (${MEASURES.join(', ')}); default PLO for proportions`)
        .option('--method <method>', `tau^2 estimator (${METHODS.join(', ')}); default REML. Or another pooling: GLMM: binomial-normal model for proportions (rma.glmm); MH, PETO: Mantel-Haenszel, Peto for 2x2 tables (rma.mh, rma.peto); each shown beside the inverse-variance model`, 'REML')
        .option('--test <test>', `${TESTS.join(', ')}: z; t (t distribution); knha (Knapp-Hartung); adhoc (Knapp-Hartung, factor at least 1)`, 'z')
        .option('--level <percent>', 'confidence level in percent', '95')
        .option('--nagq <n>', 'GLMM quadrature points per study (metafor default 7; 1 = Laplace)')
        .option('--add <x>', "amount added to zero cells (metafor's add; default 1/2, 0 for PAS/PFT)")
        .option('--to <rule>', `which studies get --add: ${ZERO_CELL_RULES.join(', ')} (metafor default only0)`)
        .option('--drop00', '2x2 tables: leave out studies with no events (or only events) in both groups')
        .option('--tau2 <x>', 'use this tau^2 instead of estimating it')
        .option('--subgroup <field>', `separate models per value of this field (${SUBGROUP_FIELDS.join(', ')}; or an --input column), with a test for differences`)
        .option('--leave-one-out', 'refit without each study in turn')
        .addOption(jsonOption('every number, unrounded, as JSON'))
        .option('--no-plot', 'leave out the text forest plot')
        .option('--forest <file.svg>', 'write a forest plot as SVG (A4 width)')
        .option('--title <text>', 'forest plot title')
        .option('--favours <A,B>', 'forest plot labels under the axis: left and right of the line of no effect')
        .option('--sort <key>', 'forest plot study order: year, estimate or weight (default: as given)')
        .option('--rob', "forest plot: a column per risk-of-bias domain from the review's appraisal.csv")
        .addOption(outOption()),
    )
      // small-study tests, meta-regression, cumulative, influence, assumed correlation (src/synthesis/extras.ts)
      .option('--regtest', "Egger-type regression test for funnel-plot asymmetry (metafor's regtest)")
      .option('--ranktest', "Begg and Mazumdar's rank correlation test (metafor's ranktest)")
      .option('--trimfill', "trim and fill: estimated missing studies and the filled-in estimate (metafor's trimfill, L0)")
      .option('--funnel <file.svg>', 'write a funnel plot as SVG (with the trim-and-fill studies when --trimfill)')
      .option('--mods <columns>', 'meta-regression on these columns (comma-separated; numeric, or categorical with the first level as reference)')
      .option('--bubble <file.svg>', 'write a bubble plot of the meta-regression on one numeric moderator as SVG')
      .option('--cumulative <column>', 'cumulative meta-analysis, adding studies in the order of this column (e.g. year)')
      .option('--cumulative-forest <file.svg>', 'write the cumulative forest plot as SVG')
      .option('--influence', "influence diagnostics per study (metafor's influence: rstudent, dffits, cook.d, cov.r, ...)")
      .option('--baujat <file.svg>', 'write a Baujat plot (heterogeneity contribution vs influence) as SVG')
      .option('--ri <r[,r...]>', 'mean change (MC): assumed baseline-follow-up correlation for studies that report none; a sensitivity table covers several values')
      .addHelpText('after', `
Zero cells: 1/2 is added to every cell of a study with a zero (metafor's default) for PR, PLO, RR, OR, RD.
Every study left out is named on stderr with the reason.
Examples:
  npa meta --outcome complications --unique
  npa meta --outcome local_control --measure PFT --method DL --forest control.svg
  npa meta --outcome complications --severity major --test knha --leave-one-out
  npa meta --input trials.csv --measure RR --subgroup design --json
  npa meta --input trials.csv --measure RR --regtest --ranktest --trimfill --funnel funnel.svg
  npa meta --input trials.csv --measure RR --mods year,design --cumulative year --influence
  npa meta --outcome pain --ri 0.5   (assumed baseline-follow-up correlation, with a sensitivity table)
  npa meta --input trials.csv --measure RR --forest trials.svg --favours "vaccine,control" --sort year`)
      .action(async (flags: Flags & { outcome?: string; input?: string; unit?: string; severity?: string; measure?: string; method?: string; test?: string; level?: string; subgroup?: string; leaveOneOut?: boolean; plot?: boolean; forest?: string; nagq?: string; add?: string; to?: string; drop00?: boolean; tau2?: string; title?: string; favours?: string; sort?: string; rob?: boolean }) => {
        const favours = flags.favours === undefined ? undefined : flags.favours.split(',').map((x) => x.trim());
        if (favours && (favours.length !== 2 || favours.some((x) => !x))) throw new UsageError(`--favours: "${flags.favours}" is not two labels. Use --favours "treatment,control".`);
        const level = Number(flags.level);
        if (!(level > 0 && level < 100)) throw new UsageError(`--level: "${flags.level}" is not a percent between 0 and 100.`);
        const numberFlag = (name: string, v: string | undefined, ok: (x: number) => boolean, what: string) => {
          if (v === undefined) return undefined;
          const x = Number(v);
          if (v.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new UsageError(`${name}: "${v}" is not ${what}.`);
          return x;
        };
        const chosen = oneOf('--method', (flags.method ?? 'REML').toUpperCase(), METHOD_CHOICES);
        const pooling = chosen === 'GLMM' || chosen === 'MH' || chosen === 'PETO' ? chosen : 'IV';
        const { runMetaCommand } = await import('./commands/meta.js');
        const { parseExtrasFlags } = await import('./synthesis/extras.js');
        setExit(await runMetaCommand({
          data: dataDir(flags),
          input: flags.input,
          outcome: flags.outcome === undefined ? undefined : oneOf('--outcome', flags.outcome, OUTCOMES),
          filter: parseFilter(flags),
          unit: flags.unit === undefined ? undefined : oneOf('--unit', flags.unit, UNITS),
          severity: flags.severity === undefined ? undefined : oneOf('--severity', flags.severity, SEVERITIES),
          measure: flags.measure === undefined ? undefined : oneOf('--measure', flags.measure.toUpperCase(), MEASURES),
          method: pooling === 'IV' ? (chosen as Exclude<typeof chosen, 'GLMM' | 'MH' | 'PETO'>) : pooling === 'GLMM' ? 'REML' : 'FE',
          pooling,
          nAGQ: numberFlag('--nagq', flags.nagq, (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'a whole number from 1 to 100'),
          add: numberFlag('--add', flags.add, (x) => x >= 0, 'a number of at least 0'),
          to: flags.to === undefined ? undefined : oneOf('--to', flags.to, ZERO_CELL_RULES),
          drop00: flags.drop00 ? true : undefined,
          tau2: numberFlag('--tau2', flags.tau2, (x) => x >= 0, 'a number of at least 0'),
          test: oneOf('--test', (flags.test ?? 'z').toLowerCase(), TESTS),
          level,
          subgroup: flags.subgroup,
          leaveOneOut: Boolean(flags.leaveOneOut),
          json: Boolean(flags.json),
          plot: flags.plot !== false,
          forest: flags.forest,
          out: flags.out,
          title: flags.title,
          favours: favours as [string, string] | undefined,
          sort: flags.sort === undefined ? undefined : oneOf('--sort', flags.sort, ['year', 'estimate', 'weight'] as const),
          rob: Boolean(flags.rob),
          extras: parseExtrasFlags(flags as ExtrasFlags),
        }, io));
      });

  if (want('verify'))
    program
      .command('verify')
      .description("recompute each numeric claim of the review (data/claims.csv): holds, differs or arithmetic error")
      .addOption(dataOption())
      .option('--strict', 'exit 1 when any claim does not hold (for a yearly script or CI)')
      .addOption(formatOption(REPORT_TABLE_FORMATS))
      .addOption(jsonOption())
      .addOption(outOption())
      .addHelpText('after', `
Exit status: 0, or 1 with --strict when a claim differs, has an arithmetic error or cannot be checked.
Examples:
  npa verify
  npa verify --strict --json`)
      .action(async (flags: Flags & { strict?: boolean }) => {
        const { runVerify } = await import('./commands/verify.js');
        setExit(await runVerify({ data: dataDir(flags), strict: Boolean(flags.strict), format: parseFormat(flags.format, flags.json, REPORT_TABLE_FORMATS, flags.out), out: flags.out }, io));
      });

  if (want('dictionary'))
    program
      .command('dictionary')
      .description('print the data dictionary (generated from the schema) as Markdown')
      .addOption(outOption())
      .addHelpText('after', `
Examples:
  npa dictionary
  npa dictionary --out data/DICTIONARY.md`)
      .action(async (flags: Flags) => {
        const { dictionaryMarkdown } = await import('./format/dictionary.js');
        emit(io, dictionaryMarkdown(), flags.out);
        setExit(0);
      });


  // ---- Appraisal and certainty (issue 13): rob, overlap, grade, impact ----
  {
    const formats = REPORT_TABLE_FORMATS;
    const policyOf = (f: { onePerCohort?: boolean; excludeOverlap?: boolean }) => {
      if (f.onePerCohort && f.excludeOverlap) throw new UsageError('give --one-per-cohort or --exclude-overlap, not both.');
      return f.onePerCohort ? 'one-per-cohort' as const : f.excludeOverlap ? 'exclude-overlap' as const : 'all' as const;
    };
    if (want('rob'))
        program.command('rob').description('risk of bias (appraisal.csv): table, two raters compared, or robvis-style SVG plots').addOption(dataOption())
        .addOption(formatOption([...formats, 'svg'])).addOption(jsonOption()).addOption(outOption())
        .option('--plot <kind>', `with --format svg: ${ROB_PLOTS.join(' or ')} (traffic: study x domain; summary: bar plot)`).option('--tool <tool>', `which tool to plot (${TOOL_IDS.join(', ')})`)
        .option('--weighted', 'summary plot: weight studies by patients').option('--agreement', "compare two raters domain by domain (Cohen's kappa, consensus)")
        .addHelpText('after', '\nExamples:\n  npa rob\n  npa rob --format svg --plot traffic --out rob.svg\n  npa rob --format svg --plot summary --weighted --out rob-summary.svg\n  npa rob --agreement --data ./my-review')
        .action(async (f: Flags & { plot?: string; tool?: string; weighted?: boolean; agreement?: boolean }) => {
          const { runRob } = await import('./commands/rob.js');
          const format = (f.format === 'svg' || (f.format === undefined && /\.svg$/i.test(f.out ?? ''))) && !f.json ? 'svg' as const : parseFormat(f.format, f.json, formats, f.out);
          setExit(await runRob({ data: dataDir(f), format, plot: f.plot === undefined ? undefined : oneOf('--plot', f.plot, ROB_PLOTS), tool: f.tool === undefined ? undefined : oneOf('--tool', f.tool, TOOL_IDS), weighted: Boolean(f.weighted), agreement: Boolean(f.agreement), out: f.out }, io));
        });
    if (want('overlap'))
        program.command('overlap').description('pairs of studies that may share patients (institution, enrolment years, authors, site, intervention, sample sizes)').addOption(dataOption())
        .addOption(formatOption(formats)).addOption(jsonOption()).option('--all', 'every scored pair, not only likely overlaps').addOption(outOption())
        .addHelpText('after', '\nExamples:\n  npa overlap\n  npa overlap --json | jq \'.[] | select(.score >= 5)\'')
        .action(async (f: Flags & { all?: boolean }) => {
          const { runOverlap } = await import('./commands/overlap.js');
          setExit(await runOverlap({ data: dataDir(f), format: parseFormat(f.format, f.json, formats, f.out), all: Boolean(f.all), out: f.out }, io));
        });
    if (want('grade'))
        program.command('grade').description('GRADE certainty per outcome and the Summary of Findings table').addOption(dataOption())
        .addOption(formatOption(formats)).addOption(jsonOption()).addOption(outOption())
        .option('--one-per-cohort', 'pool one study per overlapping set (the largest)').option('--exclude-overlap', 'leave out every study in an overlapping set')
        .option('--set <domain=judgement>', "store a person's decision in DIR/grade.csv (with --outcome, --reason, --by)").option('--outcome <id>', 'with --set: complications or local_control')
        .option('--reason <text>', 'with --set: why (shown as the footnote)').option('--by <name>', 'with --set: who decided')
        .addHelpText('after', '\nExamples:\n  npa grade\n  npa grade --format md --one-per-cohort\n  npa grade --json\n  npa grade --data ./my-review --set imprecision=serious --outcome complications --reason "CI crosses 10%" --by "J Doe"')
        .action(async (f: Flags & { onePerCohort?: boolean; excludeOverlap?: boolean; set?: string; outcome?: string; reason?: string; by?: string }) => {
          const { runGrade } = await import('./commands/grade.js');
          let set;
          if (f.set !== undefined) {
            const m = /^([a-z_]+)=(.+)$/.exec(f.set);
            if (!m || !f.outcome || !f.reason || !f.by || !f.data) throw new UsageError('--set DOMAIN=JUDGEMENT needs --outcome, --reason, --by and --data DIR (the shipped review is never written).');
            set = { domain: m[1]!, judgement: m[2]!, outcome: f.outcome, reason: f.reason, by: f.by, date: new Date().toISOString().slice(0, 10), shipped: defaultDataDir() };
          }
          setExit(await runGrade({ data: dataDir(f), format: parseFormat(f.format, f.json, formats, f.out), policy: policyOf(f), out: f.out, set }, io));
        });
    if (want('impact'))
        program.command('impact').description('everything that depends on one study, recomputed without it').argument('<ref>', 'the study').addOption(dataOption())
        .addOption(formatOption(formats)).addOption(jsonOption()).addOption(outOption())
        .addHelpText('after', '\nExamples:\n  npa impact 23\n  npa impact 7 --json')
        .action(async (ref: string, f: Flags) => {
          if (!/^\d+$/.test(ref)) throw new UsageError(`impact: "${ref}" is not a ref (a whole number).`);
          const { runImpact } = await import('./commands/impact.js');
          setExit(await runImpact({ data: dataDir(f), ref: Number(ref), format: parseFormat(f.format, f.json, formats, f.out), out: f.out }, io));
        });
  }

  // Online (issue 14): lookup, check-retractions, search pubmed. Registered in src/commands/online.ts.
  addOnlineCommands(program, io, setExit, dataDir, want);

  return added;
}
