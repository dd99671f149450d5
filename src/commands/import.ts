// npa import FILE...: read search exports into hub records, report per file, write with --out.
import type { ImportFormat } from '../biblio/detect.js';
import { importAll, jsonReport, reportTable } from '../biblio/import-all.js';
import { formatFromExtension, recordsOutput, type ExportFormat } from '../biblio/write.js';
import { UsageError } from '../errors.js';
import { render } from '../format/tabular.js';
import type { Io } from '../io.js';
import type { TextEncoding } from '../bytes.js';
import { emit } from './output.js';

export interface ImportOptions {
  files: string[];
  from?: ImportFormat;
  skipBad: boolean;
  encoding?: TextEncoding;
  dryRun: boolean;
  json: boolean;
  out?: string;
  to?: ExportFormat;
  formulaGuard: boolean;
}


export async function runImport(options: ImportOptions, io: Io): Promise<number> {
  if (!options.dryRun && options.out === undefined) throw new UsageError('say where the records go: --out FILE (format from --to or the extension), or --dry-run to only check the files.');
  const to = options.to ?? (options.out ? formatFromExtension(options.out) : null) ?? 'json';
  const { reports, records } = await importAll(options.files, io, options);
  if (options.json) io.stdout(JSON.stringify({ ...jsonReport(reports), records: records.length }, null, 2) + '\n');
  else io.stderr(await render(reportTable(reports), 'table', { maxWidth: 70, width: io.columns }));
  for (const r of reports) {
    for (const s of r.skipped) io.stderr(`skipped: ${r.file}, line ${s.line}: ${s.reason}\n`);
    for (const w of r.problems.filter((p) => p.severity === 'warning')) io.stderr(`warning: ${r.file}, line ${w.line}: ${w.message}\n`);
  }
  if (options.dryRun) {
    io.stderr(`${records.length} records read; nothing written (--dry-run).\n`);
    return 0;
  }
  emit(io, recordsOutput(to, records, { formulaGuard: options.formulaGuard }), options.out);
  io.stderr(`${records.length} records written as ${to}.\n`);
  return 0;
}
