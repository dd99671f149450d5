// The release transaction: a version is a folder DATA/versions/NAME of plain files (the data files and
// statistics.json), written to a temporary folder and renamed into place, so it is whole or absent and
// never overwritten; then a line in DATA/versions/CHANGELOG.md says what it is and what changed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFsError, UsageError, UserError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import type { ValidDataset } from '../load/dataset.js';
import { OPTIONAL_FILES, REVIEW_FILE, STUDIES_FILE } from '../load/paths.js';
import { flowJson, flowOf } from '../screening/prisma.js';
import { summarize } from '../stats/summary.js';
import { diffVersions, listVersions, VERSIONS_DIR } from './versions.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/;

export function checkVersionName(name: string): void {
  if (!NAME.test(name)) throw new UsageError(`release name "${name}": use letters, digits, . _ - (e.g. 2023 or 2023-update).`);
}

/** Writes DATA/versions/NAME whole or not at all. Returns the folder. */
export function writeVersion(data: string, name: string, dataset: ValidDataset, date: string): string {
  checkVersionName(name);
  const root = join(data, VERSIONS_DIR);
  const target = join(root, name);
  if (existsSync(target)) throw new UsageError(`version ${name} already exists (${target}); versions are never overwritten.`);
  mkdirSync(root, { recursive: true });
  const tmp = mkdtempSync(join(root, `.tmp-${name}-`));
  try {
    for (const file of [REVIEW_FILE, STUDIES_FILE, ...OPTIONAL_FILES, 'screening-decisions.csv', 'searches.csv']) {
      const from = join(data, file);
      if (existsSync(from)) writeFileSync(join(tmp, file), readFileSync(from));
    }
    const flow = flowJson(flowOf(dataset));
    const statistics = { version: name, date, statistics: summarize(dataset.studies, dataset.review), flow };
    writeFileSync(join(tmp, 'statistics.json'), JSON.stringify(statistics, null, 2) + '\n');
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!isFsError(error)) throw error;
    throw new UserError(`cannot write version ${name}: ${error.message}`);
  }
  return target;
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

/** Appends the release to DATA/versions/CHANGELOG.md (atomically). */
export function appendChangelog(data: string, name: string, date: string, message: string, summary: string): void {
  const changelog = join(data, VERSIONS_DIR, 'CHANGELOG.md');
  const before = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '# Versions of this review\n';
  writeFileAtomic(changelog, `${before.trimEnd()}\n\n## ${name} (${date})\n\n- ${message}\n- ${summary}\n`);
}
