// Per-study outcome rows (data/outcomes.csv): only numbers a source states, each with its source and
// quote. One row per study, outcome, arm, severity and time point.
import { z } from 'zod';
import { enumCell, intCodec, numCell, requiredEnumCell, requiredTextCell, textCell } from './cells.js';
import { intField, type FieldMeta } from './fields.js';
import { OUTCOMES, SEVERITIES, UNITS } from './vocab.js';

export const OUTCOME_META = {
  ref: intField(1, true, 'id', 'The study (its ref in studies.csv; the first listing of a publication).'),
  outcome: { type: 'enum', kind: 'category', required: true, values: OUTCOMES, description: 'What was measured.' },
  arm: { type: 'text', kind: 'category', required: true, description: '"all" for the whole study, else the arm (e.g. "RFA alone").' },
  events: intField(0, false, 'number', 'complications: patients/lesions/procedures with the event; local_control: those controlled.'),
  denominator: intField(1, false, 'number', 'The base the events are counted in.'),
  unit: { type: 'enum or empty', kind: 'category', required: false, values: UNITS, description: 'What events and denominator count.' },
  severity: { type: 'enum or empty', kind: 'category', required: false, values: SEVERITIES, description: 'complications only: any, major or minor as the source classes them.' },
  time: { type: 'text', kind: 'text', required: false, description: 'Time point or follow-up the numbers refer to.' },
  scale: { type: 'text', kind: 'text', required: false, description: 'pain only: the scale (e.g. "VAS 0-10").' },
  n: intField(1, false, 'number', 'pain only: patients with the follow-up measurement.'),
  baseline_mean: { type: 'number or empty', kind: 'number', required: false, description: 'pain only: mean before treatment.' },
  baseline_sd: { type: 'number >= 0 or empty', kind: 'number', required: false, description: 'pain only: its standard deviation.' },
  followup_mean: { type: 'number or empty', kind: 'number', required: false, description: 'pain only: mean at the time point.' },
  followup_sd: { type: 'number >= 0 or empty', kind: 'number', required: false, description: 'pain only: its standard deviation.' },
  source: { type: 'URL or "review text"', kind: 'text', required: true, description: 'Where the numbers were read.' },
  quote: { type: 'text', kind: 'text', required: true, description: 'The sentence that states them.' },
  notes: { type: 'text', kind: 'text', required: false, description: 'Derivations (e.g. controlled = total − progressed) and caveats.' },
} satisfies Record<string, FieldMeta>;

export type OutcomeField = keyof typeof OUTCOME_META;
export const OUTCOME_FIELDS = Object.keys(OUTCOME_META) as OutcomeField[];

const nonNegative = () => numCell().refine((v) => v === null || v >= 0, { message: 'a standard deviation cannot be negative' });

const CODECS = {
  ref: intCodec(OUTCOME_META.ref),
  outcome: requiredEnumCell(OUTCOMES),
  arm: requiredTextCell(),
  events: intCodec(OUTCOME_META.events),
  denominator: intCodec(OUTCOME_META.denominator),
  unit: enumCell(UNITS),
  severity: enumCell(SEVERITIES),
  time: textCell(),
  scale: textCell(),
  n: intCodec(OUTCOME_META.n),
  baseline_mean: numCell(),
  baseline_sd: nonNegative(),
  followup_mean: numCell(),
  followup_sd: nonNegative(),
  source: requiredTextCell(),
  quote: requiredTextCell(),
  notes: textCell(),
} satisfies Record<OutcomeField, z.ZodType>;

export const outcomeCodec = (name: OutcomeField): z.ZodType => CODECS[name];
export const OutcomeSchema = z.object(CODECS);
export type Outcome = z.output<typeof OutcomeSchema>;
