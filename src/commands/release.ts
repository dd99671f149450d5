// npa release NAME and npa diff A [B]: versions as plain files under DATA/versions/, and what changed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { STUDIES_FILE } from '../load/paths.js';
import { appendChangelog, checkVersionName, latestBefore, releaseSummary, writeVersion } from '../release/release.js';
import { diffMarkdown, diffVersions, listVersions, VERSIONS_DIR } from '../release/versions.js';
import { emit } from './output.js';

export async function runRelease(options: { data: string; name: string; message?: string }, io: Io): Promise<number> {
  checkVersionName(options.name);
  const dataset = await loadValidDataset(options.data, io.env);
  const date = new Date().toISOString().slice(0, 10);
  const target = writeVersion(options.data, options.name, dataset, date);
  const previousName = latestBefore(options.data, options.name);
  const previous = previousName ? { name: previousName, dataset: await loadValidDataset(join(options.data, VERSIONS_DIR, previousName), io.env) } : null;
  const summary = releaseSummary(dataset, options.name, previous);
  appendChangelog(options.data, options.name, date, options.message ?? 'release', summary);
  io.stderr(`version ${options.name} written to ${target}: ${summary}.\n`);
  return 0;
}

export async function runDiff(options: { data: string; from: string; to?: string; json: boolean; out?: string }, io: Io): Promise<number> {
  const root = join(options.data, VERSIONS_DIR);
  const dirOf = (name: string) => {
    if (name === 'current') return options.data;
    const dir = join(root, name);
    if (!existsSync(join(dir, STUDIES_FILE))) throw new UsageError(`no version "${name}" (known: ${listVersions(root).join(', ') || 'none'}; "current" is the data as they are now).`);
    return dir;
  };
  const to = options.to ?? 'current';
  const a = await loadValidDataset(dirOf(options.from), io.env);
  const b = await loadValidDataset(dirOf(to), io.env);
  const d = diffVersions(options.from, to, a, b);
  emit(io, options.json ? JSON.stringify(d, null, 2) + '\n' : diffMarkdown(d), options.out);
  return 0;
}
