// Per-study outcome rows (data/outcomes.csv): only numbers a source states, each with its source and
// quote. One row per study, outcome, arm, severity and time point. Each field declared once (declare.ts).
import { enumField, intField, numberField, textField, type FieldMeta, type RowOf } from './declare.js';
import { OUTCOMES, SEVERITIES, UNITS } from './vocab.js';

export const OUTCOME_META = {
  ref: intField(1, 'The study (its ref in studies.csv; the first listing of a publication).', { required: true, kind: 'id' }),
  outcome: enumField(OUTCOMES, 'What was measured.', { required: true }),
  arm: textField('"all" for the whole study, else the arm (e.g. "RFA alone").', { required: true, kind: 'category' }),
  events: intField(0, 'complications: patients/lesions/procedures with the event; local_control: those controlled.'),
  denominator: intField(1, 'The base the events are counted in.'),
  unit: enumField(UNITS, 'What events and denominator count.'),
  severity: enumField(SEVERITIES, 'complications only: any, major or minor as the source classes them.'),
  time: textField('Time point or follow-up the numbers refer to.'),
  scale: textField('pain only: the scale (e.g. "VAS 0-10").'),
  n: intField(1, 'pain only: patients with the follow-up measurement.'),
  baseline_mean: numberField(undefined, 'pain only: mean before treatment.'),
  baseline_sd: numberField(0, 'pain only: its standard deviation.'),
  followup_mean: numberField(undefined, 'pain only: mean at the time point.'),
  followup_sd: numberField(0, 'pain only: its standard deviation.'),
  source: textField('Where the numbers were read: a URL or "review text", optionally followed by a note.', { required: true }),
  quote: textField('The sentence that states them.', { required: true }),
  notes: textField('Derivations (e.g. controlled = total − progressed) and caveats.'),
} satisfies Record<string, FieldMeta>;

export type OutcomeField = keyof typeof OUTCOME_META;
export const OUTCOME_FIELDS = Object.keys(OUTCOME_META) as OutcomeField[];
export type Outcome = RowOf<typeof OUTCOME_META>;
