// npa meta: pooled estimates from the dataset's outcomes (or any CSV) with metafor's methods.
import { resolve } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { readTextFile, type Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import type { Measure, ZeroCellRule } from '../meta/escalc.js';
import { MetaAnalysisError, type Method, type Test } from '../meta/rma.js';
import { applyFilter, type StudyFilter } from '../query/filter.js';
import type { OutcomeKind, Severity, Unit } from '../schema/vocab.js';
import { forestSvg } from '../render/forest-svg.js';
import { MEASURE_NAMES, type ForestOptions, type RobColumns, type SortKey } from '../synthesis/forest.js';
import { robColumns } from '../synthesis/forest-rob.js';
import { loadAppraisal } from '../appraisal/load.js';
import { requireNoErrors } from '../grade/decisions.js';
import { fromCsv, fromOutcomes, type MetaInput } from '../synthesis/input.js';
import { printLeaveOneOut, printModel, printPooling, printSubgroups, textForest } from '../render/meta-print.js';
import { runMeta } from '../synthesis/run.js';
import { applyAssumedCorrelation, runExtras, type ExtrasOptions } from '../synthesis/extras.js';
import { measureFor, NothingToPoolError, subgroupField } from '../synthesis/rules.js';
import { checkOutputTarget, emit } from './output.js';

export interface MetaCommandOptions {
  data: string;
  input?: string;
  outcome?: OutcomeKind;
  filter: StudyFilter;
  unit?: Unit;
  severity?: Severity;
  measure?: Measure;
  method: Method;
  test: Test;
  level: number;
  subgroup?: string;
  leaveOneOut: boolean;
  /** GLMM (proportions), MH or PETO (2x2 tables) beside the inverse-variance model. */
  pooling?: 'IV' | 'GLMM' | 'MH' | 'PETO';
  nAGQ?: number;
  add?: number;
  to?: ZeroCellRule;
  drop00?: boolean;
  tau2?: number;
  json: boolean;
  plot: boolean;
  forest?: string;
  out?: string;
  /** Forest plot options (SVG and text). */
  title?: string;
  favours?: [string, string];
  sort?: SortKey;
  rob?: boolean;
  /** Small-study tests, meta-regression, cumulative, influence, assumed correlation (src/synthesis/extras.ts). */
  extras?: ExtrasOptions;
}

const AXIS_LABELS: Partial<Record<OutcomeKind, string>> = { complications: 'Proportion with a complication', local_control: 'Proportion with local tumour control' };

export async function runMetaCommand(options: MetaCommandOptions, io: Io): Promise<number> {
  let data: MetaInput;
  let title: string | undefined;
  let axisLabel: string | undefined;
  if (options.input !== undefined) {
    if (options.outcome) throw new UsageError('give --input FILE or --outcome, not both.');
    const text = readTextFile(io.cwd, options.input);
    data = fromCsv(text, options.input, options.measure, options.subgroup);
  } else {
    if (!options.outcome) throw new UsageError('say what to pool: --outcome complications|local_control|pain, or --input FILE.');
    const dataset = await loadValidDataset(options.data, io.env);
    const studies = applyFilter(dataset.studies, options.filter);
    const subgroup = subgroupField(options.subgroup);
    const measure = measureFor(options.outcome, options.measure);
    data = fromOutcomes(studies, dataset.outcomes, { outcome: options.outcome, measure, unit: options.unit, severity: options.severity, subgroup });
    const severity = options.outcome === 'complications' && options.severity && options.severity !== 'any' ? `${options.severity} ` : '';
    title = options.outcome === 'complications' ? `${severity ? `${severity[0]!.toUpperCase()}${severity.slice(1)}complications` : 'Any complication'} after RFA` : options.outcome === 'local_control' ? 'Local tumour control after RFA' : 'Pain: mean change';
    axisLabel = options.outcome === 'complications' ? `Proportion with a ${severity}complication` : AXIS_LABELS[options.outcome];
    if (options.unit) axisLabel = `${axisLabel ?? 'Proportion'} (per ${options.unit.replace(/s$/, '')})`;
  }
  data = applyAssumedCorrelation(data, options.extras?.ri);
  let result;
  try {
    result = runMeta(data, {
      method: options.method, test: options.test, level: options.level, leaveOneOut: options.leaveOneOut,
      pooling: options.pooling, nAGQ: options.nAGQ, add: options.add, to: options.to, drop00: options.drop00, tau2: options.tau2,
    });
  } catch (error) {
    // Only "there is nothing to fit" is the user's outcome; any other exception is a bug and goes to main.ts.
    if (!(error instanceof NothingToPoolError || error instanceof MetaAnalysisError)) throw error;
    const reasons = data.excluded.slice(0, 5).map((e) => `${e.label}: ${e.reason}`).join('; ');
    throw new UserError(`nothing to pool: ${(error as Error).message}${reasons ? ` (${reasons}${data.excluded.length > 5 ? '; …' : ''})` : ''}.`);
  }
  const considered = result.k + result.omitted.length;
  io.stderr(`${result.k} of ${considered} studies pooled${result.omitted.length ? `; ${result.omitted.length} left out:` : '.'}\n`);
  // Grouped by reason, so forty studies without data read as one line, not forty.
  const byReason = new Map<string, string[]>();
  for (const o of result.omitted) byReason.set(o.reason, [...(byReason.get(o.reason) ?? []), o.label]);
  for (const [reason, labels] of byReason) io.stderr(`  ${reason} (${labels.length}): ${labels.join('; ')}\n`);
  for (const n of result.notes) io.stderr(`note: ${n}\n`);
  if (result.correction.adjusted.length) io.stderr(`note: ${result.correction.add} added to every cell of ${result.correction.adjusted.length} study(ies) with a zero cell (metafor's default, to = "${result.correction.to}"): ${result.correction.adjusted.join(', ')}.\n`);
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (options.sort === 'year' && result.studies.some((st) => st.year === null)) throw new UsageError(`--sort year: ${options.input ?? 'the data'} has no year for ${result.studies.filter((st) => st.year === null).length} stud(ies); give a "year" column.`);
  let rob: RobColumns | null = null;
  if (options.rob) {
    if (result.studies.every((st) => st.ref === null)) throw new UsageError(`--rob: ${options.input} has no "ref" column to match its rows to the appraisal of ${options.data}.`);
    const ds = await loadValidDataset(options.data, io.env);
    const appraisal = loadAppraisal(ds.dir, ds.studies);
    requireNoErrors(appraisal.issues);
    if (appraisal.file === null) throw new UserError(`--rob: ${options.data} has no appraisal.csv.`);
    rob = robColumns(appraisal.rows, result.studies.map((st) => st.ref));
  }
  const forestOptions: ForestOptions = { title: options.title ?? title, favours: options.favours, sort: options.sort, rob, axisLabel };
  // --regtest, --ranktest, --trimfill, --funnel, --mods, --bubble, --cumulative, --influence, --baujat, --ri
  const extras = options.extras ? runExtras(data, result, options.extras, forestOptions.title ?? MEASURE_NAMES[result.measure]) : null;
  for (const w of extras?.warnings ?? []) io.stderr(`warning: ${w}\n`);
  // Every file target is checked before any is written: a refused one (an input, a dataset file, a
  // folder) leaves no plot of the set written and the others not.
  const files = [...(options.forest !== undefined ? [{ path: options.forest, flag: '--forest', what: 'forest plot', content: () => forestSvg(result, forestOptions) }] : []), ...(extras?.files ?? []).map((f) => ({ ...f, content: () => f.content }))];
  for (const t of [...files, ...(options.out !== undefined ? [{ path: options.out, flag: '--out' }] : [])]) checkOutputTarget(io, t.path, t.flag);
  for (const file of files) emit(io, file.content(), file.path, file.flag, file.what);
  if (options.json) {
    emit(io, JSON.stringify({ ...result, ...extras?.json }, null, 2) + '\n', options.out);
  } else {
    const text = [extras?.preface ?? '', printPooling(result) + printModel(result), printSubgroups(result), printLeaveOneOut(result), extras?.text ?? '', options.plot ? textForest(result, forestOptions) : ''].filter(Boolean).join('\n');
    emit(io, text, options.out);
  }
  return 0;
}
