// Where a command's data goes: stdout, or a file written atomically. The one place every file-writing
// flag (--out, --forest) goes through: `-` means stdout; a path that resolves to one of the command's
// inputs or to a file of the dataset is refused (exit 2); devices and FIFOs are written in place.
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import { checkOutput, writeFileAtomic } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import type { ValidDataset } from '../load/dataset.js';
import { applyFilter, type StudyFilter } from '../query/filter.js';
import type { Study } from '../schema/study.js';

/**
 * Checks a file target without writing it (exit 2 for an input, a dataset file or a folder), so a
 * command with several outputs can refuse before writing any. `-` and no path pass.
 */
export function checkOutputTarget(io: Io, out: string | undefined, flag = '--out'): void {
  if (out === undefined || out === '-') return;
  checkOutput(flag, out, resolve(io.cwd, out));
}

export function emit(io: Io, content: string | Iterable<string>, out: string | undefined, flag = '--out', what?: string): void {
  if (out === undefined || out === '-') {
    if (typeof content === 'string') io.stdout(content);
    else for (const chunk of content) io.stdout(chunk);
    return;
  }
  const path = resolve(io.cwd, out);
  checkOutput(flag, out, path);
  writeFileAtomic(path, content);
  io.stderr(what ? `wrote ${what} to ${out}\n` : `wrote ${out}\n`);
}

/** What every command over the filtered studies takes (list, count, export): the data, the filter, where to write. */
export interface FilteredOutputOptions {
  data: string;
  filter: StudyFilter;
  out?: string;
  formulaGuard: boolean;
}

/** The dataset (loaded through the cache) and its studies that pass the filter. */
export async function loadFiltered(options: FilteredOutputOptions, io: Io): Promise<{ dataset: ValidDataset; studies: Study[] }> {
  const dataset = await loadValidDataset(options.data, io.env);
  return { dataset, studies: applyFilter(dataset.studies, options.filter) };
}
