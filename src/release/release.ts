// The release transaction: a version is a folder DATA/versions/NAME of plain files (the data files and
// statistics.json), never overwritten, and a line in DATA/versions/CHANGELOG.md says what it is and what
// changed. Both are one change of the workspace journal (src/io/journal.ts): both appear, or neither.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { commit } from '../io/journal.js';
import type { ValidDataset } from '../load/dataset.js';
import { OPTIONAL_FILES, REVIEW_FILE, STUDIES_FILE } from '../load/paths.js';
import { flowJson, flowOf } from '../screening/prisma.js';
import { summarize } from '../stats/summary.js';
import { diffVersions, listVersions, VERSIONS_DIR } from './versions.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/;

export function checkVersionName(name: string): void {
  if (!NAME.test(name)) throw new UsageError(`release name "${name}": use letters, digits, . _ - (e.g. 2023 or 2023-update).`);
}

/** The files of version NAME (the data files as they are, and statistics.json); refuses an existing version. */
export function versionFiles(data: string, name: string, dataset: ValidDataset, date: string): { file: string; content: string }[] {
  checkVersionName(name);
  const target = join(data, VERSIONS_DIR, name);
  if (existsSync(target)) throw new UsageError(`version ${name} already exists (${target}); versions are never overwritten.`);
  const files: { file: string; content: string }[] = [];
  for (const file of [REVIEW_FILE, STUDIES_FILE, ...OPTIONAL_FILES, 'screening-decisions.csv', 'searches.csv']) {
    const from = join(data, file);
    if (existsSync(from)) files.push({ file, content: readFileSync(from, 'utf8') });
  }
  const flow = flowJson(flowOf(dataset));
  const statistics = { version: name, date, statistics: summarize(dataset.studies, dataset.review), flow };
  files.push({ file: 'statistics.json', content: JSON.stringify(statistics, null, 2) + '\n' });
  return files;
}

/**
 * Saves version NAME and its CHANGELOG.md entry as one change (src/io/journal.ts): the folder is built whole
 * and renamed in, and both appear or neither, even after a kill. The caller holds the workspace lock.
 */
export function saveRelease(data: string, name: string, files: { file: string; content: string }[], date: string, message: string, summary: string): string {
  const changelog = join(data, VERSIONS_DIR, 'CHANGELOG.md');
  const before = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '# Versions of this review\n';
  commit(data, [
    { folder: `${VERSIONS_DIR}/${name}`, files },
    { file: `${VERSIONS_DIR}/CHANGELOG.md`, content: `${before.trimEnd()}\n\n## ${name} (${date})\n\n- ${message}\n- ${summary}\n` },
  ], 'npa release');
  return join(data, VERSIONS_DIR, name);
}

/** The newest version other than `name`, to compare a new release with. */
export function latestBefore(data: string, name: string): string | null {
  return listVersions(join(data, VERSIONS_DIR)).filter((v) => v !== name).pop() ?? null;
}

/** One-line summary of a release: entries, unique publications, and changes since `previous`. */
export function releaseSummary(dataset: ValidDataset, name: string, previous: { name: string; dataset: ValidDataset } | null): string {
  let summary = `${dataset.studies.length} entries (${dataset.studies.filter((s) => s.duplicate_of === null).length} unique publications)`;
  if (previous) {
    const d = diffVersions(previous.name, name, previous.dataset, dataset);
    summary += `; since ${previous.name}: ${d.added.length} added, ${d.removed.length} removed, ${d.recoded.length} recoded`;
  }
  return summary;
}
