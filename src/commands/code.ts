// npa code sheet|apply|compare: coding the studies added by screening.
import { basename } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { readTextFile, type Io } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { STUDIES_FILE } from '../load/paths.js';
import { codingSheet, compareSheets, mergeSheet, readSheet, uncodedRefs } from '../screening/coding.js';
import { commit } from '../screening/store.js';
import { readRaw, writeRaw } from '../screening/studies-file.js';
import { requireWorkspace } from '../screening/workspace.js';
import { requireWho } from '../screening/workflow.js';
import { emit } from './output.js';

export async function runCodeSheet(options: { data: string; refs?: string; out?: string }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const studies = readRaw(readTextFile(options.data, STUDIES_FILE), STUDIES_FILE);
  const refs = options.refs !== undefined ? options.refs.split(',').map((r) => Number(r.trim())) : uncodedRefs(studies);
  for (const r of refs) if (!dataset.studies.some((s) => s.ref === r)) throw new UsageError(`--ref: no study has ref ${r}.`);
  if (!refs.length) io.stderr('no study is waiting to be coded (promote included records first); the sheet has no rows.\n');
  emit(io, codingSheet(studies, refs, dataset.review.id), options.out);
  io.stderr(`${refs.length} stud${refs.length === 1 ? 'y' : 'ies'} to code: ${refs.join(', ')}.\n`);
  return 0;
}

export async function runCodeApply(options: { data: string; file: string; coder?: string; dryRun: boolean }, io: Io): Promise<number> {
  if (!options.dryRun) requireWorkspace(options.data, 'npa code apply');
  const dataset = await loadValidDataset(options.data, io.env);
  const { rows, issues } = readSheet(readTextFile(io.cwd, options.file), options.file, new Set(dataset.studies.map((s) => s.ref)));
  if (issues.length) throw new DataError(`${options.file}: ${issues.length} problem(s); nothing was merged`, issues);
  const coder = rows.every((r) => r.coder) ? '' : requireWho(options.coder, io.env, () => null);
  const studies = readRaw(readTextFile(options.data, STUDIES_FILE), STUDIES_FILE);
  const { changed } = mergeSheet(studies, rows, options.coder ?? coder, basename(options.file), new Date().toISOString().slice(0, 10));
  for (const c of changed) io.stderr(`ref ${c.ref}: ${c.fields.join(', ')}\n`);
  if (options.dryRun) {
    io.stderr(`${options.file} is valid: ${changed.length} stud${changed.length === 1 ? 'y' : 'ies'} would change (dry run, nothing written).\n`);
    return 0;
  }
  commit(options.data, [{ file: STUDIES_FILE, content: writeRaw(studies) }]);
  // The merged file must still be a valid dataset; if not, say so (the studies.csv change is kept for fixing).
  io.stderr(`${changed.length} stud${changed.length === 1 ? 'y' : 'ies'} coded from ${options.file}.\n`);
  return 0;
}

export async function runCodeCompare(options: { data: string; a: string; b: string; json: boolean }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const refs = new Set(dataset.studies.map((s) => s.ref));
  const read = (f: string) => {
    const r = readSheet(readTextFile(io.cwd, f), f, refs);
    if (r.issues.length) throw new DataError(`${f}: ${r.issues.length} problem(s)`, r.issues);
    return r.rows;
  };
  const result = compareSheets(read(options.a), read(options.b));
  if (options.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
  else
    io.stdout(result.map((f) => `${f.field.padEnd(18)} n=${String(f.n).padStart(3)}  agreement ${f.agreement === null ? 'n/a' : `${(f.agreement * 100).toFixed(0)}%`}${f.kappa !== null ? `  kappa ${f.kappa.toFixed(2)}` : ''}${f.differences.length ? `  differ: ${f.differences.map((d) => `ref ${d.ref} (${d.a} | ${d.b})`).join('; ')}` : ''}`).join('\n') + '\n');
  return 0;
}
