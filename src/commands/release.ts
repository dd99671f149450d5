// npa release NAME and npa diff A [B]: versions as plain files under DATA/versions/, and what changed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import type { Io } from '../io.js';
import { commit, transaction } from '../io/journal.js';
import { loadValidDataset } from '../load/cache.js';
import { OPTIONAL_FILES, REVIEW_FILE, STUDIES_FILE } from '../load/paths.js';
import { summarize } from '../stats/summary.js';
import { diffMarkdown, diffVersions, listVersions, VERSIONS_DIR } from '../screening/versions.js';
import { flowJson, flowOf } from '../screening/prisma.js';
import { emit } from './output.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/;

export async function runRelease(options: { data: string; name: string; message?: string }, io: Io): Promise<number> {
  if (!NAME.test(options.name)) throw new UsageError(`release name "${options.name}": use letters, digits, . _ - (e.g. 2023 or 2023-update).`);
  const root = join(options.data, VERSIONS_DIR);
  const target = join(root, options.name);
  // The version folder and its CHANGELOG.md line are one change (the journal): both or neither, even after a
  // kill; the data are read under the workspace lock, so the version is one consistent state.
  const summary = await transaction(options.data, { command: 'npa release', notice: (t) => io.stderr(t), env: io.env }, async () => {
    const dataset = await loadValidDataset(options.data, io.env);
    if (existsSync(target)) throw new UserError(`version ${options.name} already exists (${target}); versions are never overwritten.`, 2);
    const files: { file: string; content: string }[] = [];
    for (const file of [REVIEW_FILE, STUDIES_FILE, ...OPTIONAL_FILES, 'screening-decisions.csv', 'searches.csv']) {
      const from = join(options.data, file);
      if (existsSync(from)) files.push({ file, content: readFileSync(from, 'utf8') });
    }
    const date = new Date().toISOString().slice(0, 10);
    const flow = flowJson(flowOf(dataset));
    const statistics = { version: options.name, date, statistics: summarize(dataset.studies, dataset.review), flow };
    files.push({ file: 'statistics.json', content: JSON.stringify(statistics, null, 2) + '\n' });
    const previous = latestBefore(root, options.name);
    let said = `${dataset.studies.length} entries (${dataset.studies.filter((s) => s.duplicate_of === null).length} unique publications)`;
    if (previous) {
      const old = await loadValidDataset(join(root, previous), io.env);
      const d = diffVersions(previous, options.name, old, dataset);
      said += `; since ${previous}: ${d.added.length} added, ${d.removed.length} removed, ${d.recoded.length} recoded`;
    }
    const changelog = join(root, 'CHANGELOG.md');
    const before = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '# Versions of this review\n';
    commit(options.data, [
      { folder: `${VERSIONS_DIR}/${options.name}`, files },
      { file: `${VERSIONS_DIR}/CHANGELOG.md`, content: `${before.trimEnd()}\n\n## ${options.name} (${date})\n\n- ${options.message ?? 'release'}\n- ${said}\n` },
    ], 'npa release');
    return said;
  });
  io.stderr(`version ${options.name} written to ${target}: ${summary}; saved.\n`);
  return 0;
}

function latestBefore(root: string, name: string): string | null {
  return listVersions(root).filter((v) => v !== name).pop() ?? null;
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
