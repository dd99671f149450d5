// Where a command's data goes: stdout, or a file written atomically with --out.
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import type { ValidDataset } from '../load/dataset.js';
import { applyFilter, type StudyFilter } from '../query/filter.js';
import type { Study } from '../schema/study.js';

export function emit(io: Io, text: string, out: string | undefined): void {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, out);
  writeFileAtomic(path, text);
  io.stderr(`wrote ${out}\n`);
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
