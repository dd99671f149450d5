// npa summary: load → (unique) → summarize → format.
import { loadValidDataset } from '../load/cache.js';
import { isUnique } from '../query/filter.js';
import { summarize, type Statistic } from '../stats/summary.js';
import { painter, useColor } from '../format/color.js';
import { fmtFraction, fmtPercent, DIGITS } from '../format/numbers.js';
import { render, type FormatName, type Tabular } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit } from './output.js';

export interface SummaryOptions {
  data: string;
  unique: boolean;
  format: FormatName;
  out?: string;
  formulaGuard: boolean;
}

export function summaryTable(stats: readonly Statistic[]): Tabular {
  return {
    columns: [
      { key: 'id', header: 'id' },
      { key: 'label', header: 'statistic' },
      { key: 'computed', header: 'computed', align: 'right' },
      { key: 'computed_percent', header: '%', align: 'right' },
      { key: 'published', header: 'review', align: 'right' },
      { key: 'published_percent', header: 'review %', align: 'right' },
      { key: 'status', header: 'status' },
      { key: 'unknown', header: 'not coded', align: 'right' },
    ],
    rows: stats.map((s) => ({
      id: s.id,
      label: s.label,
      computed: fmtFraction(s.count, s.denominator),
      computed_percent: fmtPercent(s.percent),
      published: s.published ? fmtFraction(s.published.count, s.published.denominator) : '',
      published_percent: s.published ? fmtPercent(s.published.percent, DIGITS.publishedPercent) : '',
      status: s.status,
      unknown: s.unknown || '',
    })),
  };
}

export async function runSummary(options: SummaryOptions, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const studies = options.unique ? dataset.studies.filter(isUnique) : dataset.studies;
  const stats = summarize(studies, dataset.review);
  const repeats = dataset.studies.length - dataset.studies.filter(isUnique).length;
  const scopeNote = () => io.stderr(
    options.unique
      ? `Computed over ${studies.length} unique publications (${repeats} repeat listing${repeats === 1 ? '' : 's'} of the Sources list left out).\n`
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
  emit(io, await render(summaryTable(stats), options.format, { paint, formulaGuard: options.formulaGuard, maxWidth: 80 }), options.out);
  scopeNote();
  const differing = stats.filter((s) => s.status === 'differs').length;
  if (differing > 0) io.stderr(`${differing} statistic${differing === 1 ? '' : 's'} differ from the published review; see README "Known differences".\n`);
  return 0;
}
