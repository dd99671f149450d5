// Reading several search exports at once, for import, dedupe and screen add: every file is read and
// reported; a file that fails stops everything (nothing is written) with all its problems listed.
// Record ids are made unique across files with the one id-suffixer (biblio/ids.ts).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFile, ImportFormatError, type ImportReport } from './import.js';
import type { ImportFormat } from './detect.js';
import { formatLabel } from './detect.js';
import type { BibRecord } from './record.js';
import { DataError, fileProblem, InputError, isFsError } from '../errors.js';
import { noteInput, type Io } from '../io.js';
import type { TextEncoding } from '../bytes.js';
import type { Issue } from '../issues.js';
import { UniqueIds } from './ids.js';
import { plural } from '../text.js';
/** Files larger than this show a progress line on a terminal. */
const PROGRESS_FROM = 5 * 1024 * 1024;

export interface ImportedSet {
  reports: ImportReport[];
  records: BibRecord[];
}

/** Reads every file; a file that fails stops everything (nothing is written), listing all problems. */
export async function importAll(files: readonly string[], io: Io, options: { from?: ImportFormat; skipBad: boolean; encoding?: TextEncoding }): Promise<ImportedSet> {
  const reports: ImportReport[] = [];
  const records: BibRecord[] = [];
  const failures: Issue[] = [];
  const ids = new UniqueIds();
  for (const file of files) {
    let result;
    try {
      const path = resolve(io.cwd, file);
      noteInput(path, file);
      const big = io.progress !== undefined && statSync(path).size > PROGRESS_FROM;
      const onProgress = big ? (f: number) => io.progress!(`reading ${file}: ${Math.round(100 * f)}%`) : undefined;
      result = await importFile(path, { skipBad: options.skipBad, from: options.from, encoding: options.encoding, display: file, onProgress });
      if (big) io.progress!('');
    } catch (error) {
      if (isFsError(error)) throw new InputError(`cannot read ${file}: ${fileProblem(error)}`);
      if (error instanceof ImportFormatError) throw new InputError(`${file}: ${error.message}`);
      throw error;
    }
    reports.push(result.report);
    if (result.failed) {
      for (const p of result.report.problems.filter((x) => x.severity === 'error'))
        failures.push({ severity: 'error', code: 'bad_record', file, line: p.line, message: p.message });
      continue;
    }
    for (const { record } of result.records) {
      record.id = ids.claim(record.id);
      records.push(record);
    }
  }
  if (failures.length) {
    throw new DataError(`${plural(failures.length, 'problem')} in the input; nothing was imported. Fix the file, or give --skip-bad to leave damaged records out (they will be listed).`, failures);
  }
  return { reports, records };
}

export function reportTable(reports: readonly ImportReport[]) {
  return {
    columns: [
      { key: 'file', header: 'file' },
      { key: 'format', header: 'format' },
      { key: 'records', header: 'records', align: 'right' as const },
      { key: 'skipped', header: 'skipped', align: 'right' as const },
      { key: 'no_title', header: 'no title', align: 'right' as const },
      { key: 'no_year', header: 'no year', align: 'right' as const },
      { key: 'no_id', header: 'no DOI/PMID', align: 'right' as const },
      { key: 'unmapped', header: 'unmapped fields (tag × n)' },
    ],
    rows: reports.map((r) => ({
      file: r.file,
      format: formatLabel[r.format],
      records: r.records,
      skipped: r.skipped.length,
      no_title: r.missing.title,
      no_year: r.missing.year,
      no_id: r.missing.identifier,
      unmapped: Object.entries(r.unmapped).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}×${n}`).join(' '),
    })),
  };
}

export function jsonReport(reports: readonly ImportReport[]) {
  return {
    files: reports.map((r) => ({
      file: r.file,
      format: r.format,
      records: r.records,
      unmapped: r.unmapped,
      missing: r.missing,
      skipped: r.skipped,
      warnings: r.problems.filter((p) => p.severity === 'warning'),
      junk_lines: r.junkLines,
      renamed_ids: r.renamedIds,
    })),
  };
}
