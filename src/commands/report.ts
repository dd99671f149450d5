// npa report --format md|html: the Results section regenerated from data.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { summarize } from '../stats/summary.js';
import { diffVersions, VERSIONS_DIR } from '../screening/versions.js';
import { buildReport } from '../report/build.js';
import { reportHtml, reportMarkdown } from '../report/render.js';
import { emit } from './output.js';

export async function runReport(options: { data: string; format: 'md' | 'html'; out?: string; date?: string }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const root = join(options.data, VERSIONS_DIR);
  const versions = existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];
  const last = versions[versions.length - 1];
  let changes = null;
  if (last) {
    const old = await loadValidDataset(join(root, last), io.env);
    changes = diffVersions(last, 'current', old.studies, dataset.studies, summarize(old.studies, old.review), summarize(dataset.studies, dataset.review));
  }
  const model = buildReport(dataset, changes, options.date ?? new Date().toISOString().slice(0, 10));
  emit(io, options.format === 'html' ? reportHtml(model) : reportMarkdown(model), options.out);
  return 0;
}
