// npa validate: report every problem in the dataset in one run. Exit 2 when any is an error.
import { loadDataset } from '../load/dataset.js';
import { formatIssue, hasErrors } from '../issues.js';
import type { Io } from '../io.js';
import { plural } from '../text.js';
import { loadNotices } from '../online/notices.js';
import { loadAppraisal } from '../appraisal/load.js';
import { loadCohorts } from '../appraisal/cohorts.js';
import { loadDecisions } from '../grade/decisions.js';

export interface ValidateOptions {
  data: string;
  json: boolean;
}

export function runValidate(options: ValidateOptions, io: Io): number {
  const loaded = loadDataset(options.data);
  // The feature tables, each read by the loader its own command uses (each optional; an absent file is no issue):
  // notices.csv (npa check-retractions; a warning per retracted study), appraisal.csv (npa rob), cohorts.csv
  // (npa overlap) and grade.csv (npa grade).
  const studies = loaded.allStudies ?? loaded.studies;
  const features = [
    ...loadNotices(options.data, studies).issues,
    ...loadAppraisal(options.data, studies).issues,
    ...loadCohorts(options.data, studies).issues,
    ...loadDecisions(options.data).issues,
  ];
  const dataset = { ...loaded, issues: [...loaded.issues, ...features] };
  const errors = dataset.issues.filter((i) => i.severity === 'error').length;
  const warnings = dataset.issues.length - errors;
  if (options.json) {
    io.stdout(JSON.stringify({ valid: errors === 0, studies: dataset.rows.length, errors, warnings, issues: dataset.issues }, null, 2) + '\n');
  } else {
    for (const issue of dataset.issues) io.stdout(formatIssue(issue) + '\n');
    io.stdout(`${errors === 0 ? 'valid' : 'invalid'}: ${dataset.rows.length} studies read, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.\n`);
  }
  return hasErrors(dataset.issues) ? 2 : 0;
}
