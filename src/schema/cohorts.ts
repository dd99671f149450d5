// data/cohorts.csv declared once (schema/declare.ts): where and when each study enrolled its patients, as its source
// states it, one row per study and institution. The checks and `npa overlap`'s scoring are in src/appraisal/cohorts.ts.
import { intField, patternField, textField, type FieldMeta, type RowOf } from './declare.js';

export const COHORTS_FILE = 'cohorts.csv';

const MONTH = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const monthField = (description: string) => patternField(MONTH, 'YYYY or YYYY-MM', 'expected YYYY or YYYY-MM', description);

export const COHORT_META = {
  ref: intField(1, 'The study (first listing of a publication).', { required: true, kind: 'id' }),
  institution: textField('Where patients were treated, as the source names it; empty when it does not.'),
  period_start: monthField('First month (or year) of enrolment or treatment.'),
  period_end: monthField('Last month (or year).'),
  source: textField('Where it was read (URL, "review text").', { required: true }),
  quote: textField('The words that state it.', { required: true }),
  notes: textField('E.g. "institution from author affiliations, not stated as the treating site".'),
} satisfies Record<string, FieldMeta>;
export type CohortRow = RowOf<typeof COHORT_META>;
