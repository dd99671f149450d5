// The review's numeric claims (data/claims.csv): each quoted sentence with the numbers it prints and
// what in the data it is about, so `npa verify` can recompute it.
import { z } from 'zod';
import { enumCell, intCodec, numCell, requiredEnumCell, requiredTextCell, textCell } from './cells.js';
import { intField, type FieldMeta } from './fields.js';
import { OUTCOMES, SEVERITIES } from './vocab.js';

export const CLAIM_KINDS = ['statistic', 'flow', 'study', 'outcome'] as const;

export const CLAIM_META = {
  id: { type: 'text', kind: 'id', required: true, description: 'Short unique name of the claim.' },
  section: { type: 'text', kind: 'category', required: false, description: 'Section of the review the sentence is in.' },
  kind: { type: 'enum', kind: 'category', required: true, values: CLAIM_KINDS, description: 'statistic: a statistic of `npa summary`; flow: the search flow; study: a coded field of one study; outcome: a row of outcomes.csv.' },
  statistic: { type: 'text', kind: 'text', required: false, description: 'kind statistic: the statistic id.' },
  ref: intField(1, false, 'number', 'kind study or outcome: the study.'),
  field: { type: 'text', kind: 'text', required: false, description: 'kind study: the studies.csv column (patients, lesions, year, ...).' },
  outcome: { type: 'enum or empty', kind: 'category', required: false, values: OUTCOMES, description: 'kind outcome: the outcome.' },
  severity: { type: 'enum or empty', kind: 'category', required: false, values: SEVERITIES, description: 'kind outcome: complication severity.' },
  count: intField(0, true, 'number', 'The number the sentence prints.'),
  denominator: intField(1, false, 'number', 'Its denominator, if printed.'),
  percent: { type: 'number or empty', kind: 'number', required: false, description: 'The percent printed, if any.' },
  quote: { type: 'text', kind: 'text', required: true, description: 'The sentence, verbatim.' },
  notes: { type: 'text', kind: 'text', required: false, description: 'Remarks.' },
} satisfies Record<string, FieldMeta>;

export type ClaimField = keyof typeof CLAIM_META;
export const CLAIM_FIELDS = Object.keys(CLAIM_META) as ClaimField[];

const CODECS = {
  id: requiredTextCell(),
  section: textCell(),
  kind: requiredEnumCell(CLAIM_KINDS),
  statistic: textCell(),
  ref: intCodec(CLAIM_META.ref),
  field: textCell(),
  outcome: enumCell(OUTCOMES),
  severity: enumCell(SEVERITIES),
  count: intCodec(CLAIM_META.count),
  denominator: intCodec(CLAIM_META.denominator),
  percent: numCell(),
  quote: requiredTextCell(),
  notes: textCell(),
} satisfies Record<ClaimField, z.ZodType>;

export const claimCodec = (name: ClaimField): z.ZodType => CODECS[name];
export const ClaimSchema = z.object(CODECS);
export type Claim = z.output<typeof ClaimSchema>;
