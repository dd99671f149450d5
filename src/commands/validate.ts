// npa validate: report every problem in the dataset in one run. Exit 2 when any is an error.
import { loadDataset } from '../load/dataset.js';
import { formatIssue, hasErrors } from '../issues.js';
import type { Io } from '../io.js';
import { checkNotices } from '../online/notices.js';

export interface ValidateOptions {
  data: string;
  json: boolean;
}

export function runValidate(options: ValidateOptions, io: Io): number {
  const loaded = loadDataset(options.data);
  // DATA/notices.csv (npa check-retractions): its own problems, and a warning per retracted study.
  const dataset = { ...loaded, issues: [...loaded.issues, ...checkNotices(options.data, loaded.studies)] };
  const errors = dataset.issues.filter((i) => i.severity === 'error').length;
  const warnings = dataset.issues.length - errors;
  if (options.json) {
    io.stdout(JSON.stringify({ valid: errors === 0, studies: dataset.rows.length, errors, warnings, issues: dataset.issues }, null, 2) + '\n');
  } else {
    for (const issue of dataset.issues) io.stdout(formatIssue(issue) + '\n');
    io.stdout(`${errors === 0 ? 'valid' : 'invalid'}: ${dataset.rows.length} studies read, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`);
  }
  return hasErrors(dataset.issues) ? 2 : 0;
}
