// npa import FILE...: read search exports into hub records, report per file, write with --out.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFile, ImportFormatError, type ImportReport } from '../biblio/import.js';
import type { ImportFormat } from '../biblio/detect.js';
import { formatLabel } from '../biblio/detect.js';
import type { BibRecord } from '../biblio/record.js';
import { formatFromExtension, WRITERS, type ExportFormat } from '../biblio/write.js';
import { DataError, UsageError, UserError } from '../errors.js';
import { render } from '../format/tabular.js';
import type { Io } from '../io.js';
import type { Issue } from '../load/issues.js';
import { emit } from './output.js';

export interface ImportOptions {
  files: string[];
  from?: ImportFormat;
  skipBad: boolean;
  dryRun: boolean;
  json: boolean;
  out?: string;
  to?: ExportFormat;
  formulaGuard: boolean;
}

/** Files larger than this show a progress line on a terminal. */
const PROGRESS_FROM = 5 * 1024 * 1024;

export interface ImportedSet {
  reports: ImportReport[];
  records: BibRecord[];
}

/** Reads every file; a file that fails stops everything (nothing is written), listing all problems. */
export async function importAll(files: readonly string[], io: Io, options: { from?: ImportFormat; skipBad: boolean }): Promise<ImportedSet> {
  const reports: ImportReport[] = [];
  const records: BibRecord[] = [];
  const failures: Issue[] = [];
  const ids = new Map<string, number>();
  for (const file of files) {
    let result;
    try {
      const path = resolve(io.cwd, file);
      const big = io.progress !== undefined && statSync(path).size > PROGRESS_FROM;
      const onProgress = big ? (f: number) => io.progress!(`reading ${file}: ${Math.round(100 * f)}%`) : undefined;
      result = await importFile(path, { skipBad: options.skipBad, from: options.from, display: file, onProgress });
      if (big) io.progress!('');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError(`cannot read ${file}: no such file`, 2);
      if (code === 'EISDIR') throw new UserError(`cannot read ${file}: is a directory`, 2);
      if (error instanceof ImportFormatError) throw new UserError(`${file}: ${error.message}`, 2);
      throw error;
    }
    reports.push(result.report);
    if (result.failed) {
      for (const p of result.report.problems.filter((x) => x.severity === 'error'))
        failures.push({ severity: 'error', code: 'bad_record', file, line: p.line, message: p.message });
      continue;
    }
    for (const { record } of result.records) {
      const n = (ids.get(record.id) ?? 0) + 1;
      ids.set(record.id, n);
      if (n > 1) record.id = `${record.id}#${n}`;
      records.push(record);
    }
  }
  if (failures.length) {
    throw new DataError(`${failures.length} problem${failures.length === 1 ? '' : 's'} in the input; nothing was imported. Fix the file, or give --skip-bad to leave damaged records out (they will be listed).`, failures);
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

export async function runImport(options: ImportOptions, io: Io): Promise<number> {
  if (!options.dryRun && options.out === undefined) throw new UsageError('say where the records go: --out FILE (format from --to or the extension), or --dry-run to only check the files.');
  const to = options.to ?? (options.out ? formatFromExtension(options.out) : null) ?? 'json';
  const { reports, records } = await importAll(options.files, io, options);
  if (options.json) io.stdout(JSON.stringify({ ...jsonReport(reports), records: records.length }, null, 2) + '\n');
  else io.stderr(await render(reportTable(reports), 'table', { maxWidth: 70 }));
  for (const r of reports) {
    for (const s of r.skipped) io.stderr(`skipped: ${r.file}, line ${s.line}: ${s.reason}\n`);
    for (const w of r.problems.filter((p) => p.severity === 'warning')) io.stderr(`warning: ${r.file}, line ${w.line}: ${w.message}\n`);
  }
  if (options.dryRun) {
    io.stderr(`${records.length} records read; nothing written (--dry-run).\n`);
    return 0;
  }
  emit(io, WRITERS[to](records, { formulaGuard: options.formulaGuard }), options.out);
  io.stderr(`${records.length} records written as ${to}.\n`);
  return 0;
}
