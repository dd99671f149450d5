// npa report --format md|html: the Results section regenerated from data.
import { join } from 'node:path';
import type { Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { diffVersions, listVersions, VERSIONS_DIR } from '../release/versions.js';
import { buildReport } from '../report/build.js';
import { reportHtml, reportMarkdown } from '../render/report.js';
import { emit } from './output.js';

export async function runReport(options: { data: string; format: 'md' | 'html'; out?: string; date?: string }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const root = join(options.data, VERSIONS_DIR);
  const last = listVersions(root).pop();
  const changes = last ? diffVersions(last, 'current', await loadValidDataset(join(root, last), io.env), dataset) : null;
  const model = buildReport(dataset, changes, options.date ?? new Date().toISOString().slice(0, 10));
  emit(io, options.format === 'html' ? reportHtml(model) : reportMarkdown(model), options.out);
  return 0;
}
