// npa summary: load → (unique) → summarize → format.
import { loadValidDataset } from '../load/cache.js';
import { isUnique } from '../query/filter.js';
import { summarize, type Statistic } from '../stats/summary.js';
import { painter, useColor } from '../format/color.js';
import { fmtFraction, fmtPercent, DIGITS } from '../format/numbers.js';
import { render, tabulate, type Field, type FormatName, type Tabular } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit } from './output.js';
import { plural } from '../text.js';
import { resolve } from 'node:path';
import { defaultDataDir } from '../load/paths.js';

export interface SummaryOptions {
  data: string;
  unique: boolean;
  format: FormatName;
  out?: string;
  formulaGuard: boolean;
}

const round = (x: number | null | undefined, d: number) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

/** For spreadsheets and scripts: count, denominator and percent as separate numeric columns. */
const MACHINE: Field<Statistic>[] = [
  { key: 'id', header: 'id', cell: (s) => s.id },
  { key: 'label', header: 'statistic', cell: (s) => s.label },
  { key: 'count', header: 'count', align: 'right', cell: (s) => s.count },
  { key: 'denominator', header: 'denominator', align: 'right', cell: (s) => s.denominator },
  { key: 'percent', header: 'percent', align: 'right', cell: (s) => round(s.percent, DIGITS.percent) },
  { key: 'review_count', header: 'review_count', align: 'right', cell: (s) => s.published?.count ?? null },
  { key: 'review_denominator', header: 'review_denominator', align: 'right', cell: (s) => s.published?.denominator ?? null },
  { key: 'review_percent', header: 'review_percent', align: 'right', cell: (s) => s.published?.percent ?? null },
  { key: 'status', header: 'status', cell: (s) => s.status },
  { key: 'not_coded', header: 'not_coded', align: 'right', cell: (s) => s.unknown },
];

/** For people: a count is a fraction, "8/57", beside its percent. */
const PEOPLE: Field<Statistic>[] = [
  { key: 'id', header: 'id', cell: (s) => s.id },
  { key: 'label', header: 'statistic', cell: (s) => s.label },
  { key: 'computed', header: 'computed', align: 'right', cell: (s) => fmtFraction(s.count, s.denominator) },
  { key: 'computed_percent', header: '%', align: 'right', cell: (s) => fmtPercent(s.percent) },
  { key: 'published', header: 'review', align: 'right', cell: (s) => (s.published ? fmtFraction(s.published.count, s.published.denominator) : '') },
  { key: 'published_percent', header: 'review %', align: 'right', cell: (s) => (s.published ? fmtPercent(s.published.percent, DIGITS.publishedPercent) : '') },
  { key: 'status', header: 'status', cell: (s) => s.status },
  { key: 'unknown', header: 'not coded', align: 'right', cell: (s) => s.unknown || '' },
];

/**
 * The statistics as a table. For people (terminal, Markdown) a count is a fraction, "8/57"; for spreadsheets and
 * scripts (CSV, TSV) count, denominator and percent are separate numeric columns, since Excel reads "8/57" and
 * "10/13" as dates.
 */
export function summaryTable(stats: readonly Statistic[], format: FormatName = 'table'): Tabular {
  return tabulate(format === 'csv' || format === 'tsv' || format === 'json' ? MACHINE : PEOPLE, stats);
}

export async function runSummary(options: SummaryOptions, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const studies = options.unique ? dataset.studies.filter(isUnique) : dataset.studies;
  const stats = summarize(studies, dataset.review);
  const repeats = dataset.studies.length - dataset.studies.filter(isUnique).length;
  const scopeNote = () => io.stderr(
    options.unique
      ? `Computed over ${studies.length} unique publications (${plural(repeats, 'repeat listing')} of the Sources list left out).\n`
      : `Computed over all ${studies.length} listed entries, as the review counts them (${repeats} repeat a publication listed earlier; --unique leaves them out).\n`,
  );
  // The scope note follows the output (a footnote; and a reader that closed the pipe sees no talk).
  if (options.format === 'json') {
    emit(io, JSON.stringify({ scope: options.unique ? 'unique' : 'listed', statistics: stats }, null, 2) + '\n', options.out);
    scopeNote();
    return 0;
  }
  const colour = await painter(options.out === undefined && options.format === 'table' && useColor(io.isTTY, io.env));
  const paint = (key: string, text: string) =>
    key !== 'status' ? text : colour(text === 'match' ? 'green' : text === 'differs' ? 'red' : 'yellow', text);
  emit(io, await render(summaryTable(stats, options.format), options.format, { paint, formulaGuard: options.formulaGuard, maxWidth: 80, width: io.columns }), options.out);
  scopeNote();
  const differing = stats.filter((s) => s.status === 'differs').length;
  // The README's "Known differences" explains the shipped review only; a --data review gets no pointer to it.
  const shipped = resolve(options.data) === resolve(defaultDataDir());
  if (differing > 0) io.stderr(`${plural(differing, 'statistic differs', 'statistics differ')} from the published review${shipped ? '; see README "Known differences"' : ''}.\n`);
  return 0;
}
