// DIR/grade.csv declared once (schema/declare.ts): a person's GRADE decisions, one per outcome and domain, with the
// GRADE domains and the judgements each allows. `npa grade --set` writes it (src/grade/decisions.ts); src/grade/grade.ts
// proposes each judgement and applies the person's.
import { enumField, patternField, textField, type FieldMeta } from './declare.js';

export const GRADE_FILE = 'grade.csv';

/** The outcomes GRADE is run for: what `npa meta` can pool as a proportion. */
export const GRADE_OUTCOMES = [
  { id: 'complications', label: 'Any complication', outcome: 'complications' as const, severity: 'any' as const },
  { id: 'local_control', label: 'Local tumour control', outcome: 'local_control' as const, severity: undefined },
];

export const DOWN_DOMAINS = ['risk_of_bias', 'inconsistency', 'indirectness', 'imprecision', 'publication_bias'] as const;
export const UP_DOMAINS = ['large_effect', 'dose_response', 'plausible_confounding'] as const;
export type GradeDomain = (typeof DOWN_DOMAINS)[number] | (typeof UP_DOMAINS)[number];
export const GRADE_DOMAINS: readonly [GradeDomain, ...GradeDomain[]] = [...DOWN_DOMAINS, ...UP_DOMAINS];

/** Down: not serious / serious / very serious (publication bias: undetected / strongly suspected / not assessable).
 * Up: none / +1 / +2 (not applicable where the evidence has no comparison). */
export const JUDGEMENTS: Record<GradeDomain, readonly string[]> = {
  risk_of_bias: ['not serious', 'serious', 'very serious'],
  inconsistency: ['not serious', 'serious', 'very serious', 'not assessable'],
  indirectness: ['not serious', 'serious', 'very serious'],
  imprecision: ['not serious', 'serious', 'very serious'],
  publication_bias: ['undetected', 'strongly suspected', 'not assessable'],
  large_effect: ['none', 'large (+1)', 'very large (+2)', 'not applicable'],
  dose_response: ['none', 'present (+1)', 'not applicable'],
  plausible_confounding: ['none', 'would reduce the effect (+1)', 'not applicable'],
};

export const DECISION_META = {
  outcome: enumField(GRADE_OUTCOMES.map((o) => o.id) as [string, ...string[]], 'The outcome.', { required: true }),
  domain: enumField(GRADE_DOMAINS, 'The GRADE domain.', { required: true }),
  judgement: textField('A judgement the domain allows (see "GRADE judgements" below).', { required: true, kind: 'category' }),
  reason: textField('Why (shown as the footnote).', { required: true }),
  by: textField('Who decided.', { required: true }),
  date: patternField(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD', 'expected YYYY-MM-DD', 'When it was decided (npa grade --set writes the day).'),
} satisfies Record<string, FieldMeta>;
