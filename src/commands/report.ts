// npa report --format md|html|pdf: the Results section regenerated from data.
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { diffVersions, listVersions, VERSIONS_DIR } from '../release/versions.js';
import { buildReport, reportChanges, type ReportChanges } from '../report/build.js';
import { reportHtml, reportMarkdown } from '../render/report.js';
import { printPdf } from '../report/pdf.js';
import { vancouverReferences } from '../report/references.js';
import { emit } from './output.js';

export interface ReportOptions {
  data: string;
  format: 'md' | 'html' | 'pdf';
  out?: string;
  date?: string;
  /** The version to compare the current data with (default: see `chooseComparison`). */
  since?: string;
}

const nothingChanged = (c: ReportChanges) => {
  const d = c.diff;
  return !d.added.length && !d.removed.length && !d.recoded.length && !d.statistics.length && !c.review.length;
};

/**
 * "Changes since the last version": --since VERSION compares that version with the current data. By default the
 * last release is compared with the current data; when nothing has changed since it (right after `npa release`),
 * the release before it is compared with the last one, which is what that release changed.
 */
async function chooseComparison(options: ReportOptions, io: Io, current: Awaited<ReturnType<typeof loadValidDataset>>): Promise<ReportChanges | null> {
  const root = join(options.data, VERSIONS_DIR);
  const versions = listVersions(root);
  const load = (name: string) => loadValidDataset(join(root, name), io.env);
  const compare = async (from: string, to: string, a: typeof current, b: typeof current) => reportChanges(diffVersions(from, to, a, b), a, b);
  if (options.since !== undefined) {
    if (!versions.includes(options.since)) throw new UsageError(`--since: no version "${options.since}" in ${root}. ${versions.length ? `Versions: ${versions.join(', ')}.` : 'No version is recorded (npa release NAME records one).'}`);
    return compare(options.since, 'current', await load(options.since), current);
  }
  const last = versions.at(-1);
  if (last === undefined) return null;
  const lastData = await load(last);
  const changes = await compare(last, 'current', lastData, current);
  const before = versions.at(-2);
  if (!nothingChanged(changes) || before === undefined) return changes;
  return compare(before, last, await load(before), lastData);
}

export async function runReport(options: ReportOptions, io: Io): Promise<number> {
  if (options.format === 'pdf' && options.out === undefined) throw new UsageError('--format pdf needs --out FILE.pdf.');
  const dataset = await loadValidDataset(options.data, io.env);
  const changes = await chooseComparison(options, io, dataset);
  const references = await vancouverReferences(dataset.studies);
  const model = buildReport(dataset, changes, options.date ?? new Date().toISOString().slice(0, 10), references);
  if (options.format === 'pdf') {
    const used = await printPdf(reportHtml(model), resolve(io.cwd, options.out!), io.env);
    io.stderr(`wrote ${options.out} (printed by ${used})\n`);
    return 0;
  }
  emit(io, options.format === 'html' ? reportHtml(model) : reportMarkdown(model), options.out);
  return 0;
}
