// The review's numeric claims (data/claims.csv): each quoted sentence with the numbers it prints and
// what in the data it is about, so `npa verify` can recompute it. Each field declared once (declare.ts).
import { enumField, intField, numberField, textField, type FieldMeta, type RowOf } from './declare.js';
import { OUTCOMES, SEVERITIES } from './vocab.js';

export const CLAIM_KINDS = ['statistic', 'flow', 'study', 'outcome'] as const;

export const CLAIM_META = {
  id: textField('Short unique name of the claim.', { required: true, kind: 'id' }),
  section: textField('Section of the review the sentence is in.', { kind: 'category' }),
  kind: enumField(CLAIM_KINDS, 'statistic: a statistic of `npa summary`; flow: the search flow; study: a coded field of one study; outcome: a row of outcomes.csv.', { required: true }),
  statistic: textField('kind statistic: the statistic id.'),
  ref: intField(1, 'kind study or outcome: the study.'),
  field: textField('kind study: the studies.csv column (patients, lesions, year, ...).'),
  outcome: enumField(OUTCOMES, 'kind outcome: the outcome.'),
  severity: enumField(SEVERITIES, 'kind outcome: complication severity.'),
  count: intField(0, 'The number the sentence prints.', { required: true }),
  denominator: intField(1, 'Its denominator, if printed.'),
  percent: numberField(undefined, 'The percent printed, if any.'),
  quote: textField('The sentence, verbatim.', { required: true }),
  notes: textField('Remarks.'),
} satisfies Record<string, FieldMeta>;

export type ClaimField = keyof typeof CLAIM_META;
export const CLAIM_FIELDS = Object.keys(CLAIM_META) as ClaimField[];
export type Claim = RowOf<typeof CLAIM_META>;
