// The screening log (data/screening.csv): every record a new search found, its duplicate status and
// the decision taken on it, by whom and when.
import { z } from 'zod';
import { enumCell, intCodec, requiredTextCell, textCell } from './cells.js';
import { intField, type FieldMeta } from './fields.js';

export const DECISIONS = ['include', 'exclude', 'maybe', 'not-retrieved'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SCREENING_META = {
  id: { type: 'text', kind: 'id', required: true, description: 'Candidate id: source:record id from the export (unique).' },
  source: { type: 'text', kind: 'category', required: true, description: 'Database or file the record came from (for the PRISMA flow).' },
  title: { type: 'text', kind: 'text', required: false, description: 'Title as exported.' },
  authors: { type: 'text', kind: 'text', required: false, description: "Authors as exported, '; '-separated." },
  year: intField(1000, false, 'number', 'Publication year.'),
  journal: { type: 'text', kind: 'text', required: false, description: 'Journal.' },
  volume: { type: 'text', kind: 'text', required: false, description: 'Volume.' },
  issue: { type: 'text', kind: 'text', required: false, description: 'Issue.' },
  pages: { type: 'text', kind: 'text', required: false, description: 'Pages.' },
  doi: { type: 'text', kind: 'text', required: false, description: 'DOI as exported (normalised).' },
  pmid: { type: 'text', kind: 'text', required: false, description: 'PMID as exported.' },
  abstract: { type: 'text', kind: 'text', required: false, description: 'Abstract, shown when screening.' },
  duplicate_of: { type: 'text', kind: 'text', required: false, description: 'When the record repeats another: the candidate id, or ref:N for a study already in the dataset.' },
  decision: { type: 'enum or empty', kind: 'category', required: false, values: DECISIONS, description: 'The final outcome (derived from the decision log when there is one): empty while not decided.' },
  reason: { type: 'code or empty', kind: 'category', required: false, description: "Exclusion reason: a code of review.json's exclusion_reasons." },
  reason_text: { type: 'text', kind: 'text', required: false, description: 'Free text for reason "other", or detail.' },
  who: { type: 'text', kind: 'text', required: false, description: 'Who decided.' },
  when: { type: 'ISO date-time or empty', kind: 'text', required: false, description: 'When the decision was recorded.' },
  notes: { type: 'text', kind: 'text', required: false, description: 'Notes.' },
  ref: intField(1, false, 'number', 'The dataset ref it became, once promoted (npa screen promote).'),
} satisfies Record<string, FieldMeta>;

export type ScreeningField = keyof typeof SCREENING_META;
export const SCREENING_FIELDS = Object.keys(SCREENING_META) as ScreeningField[];

const CODECS = {
  id: requiredTextCell(),
  source: requiredTextCell(),
  title: textCell(),
  authors: textCell(),
  year: intCodec(SCREENING_META.year),
  journal: textCell(),
  volume: textCell(),
  issue: textCell(),
  pages: textCell(),
  doi: textCell(),
  pmid: textCell(),
  abstract: textCell(),
  duplicate_of: textCell(),
  decision: enumCell(DECISIONS),
  reason: textCell(),
  reason_text: textCell(),
  who: textCell(),
  when: textCell(),
  notes: textCell(),
  ref: intCodec(SCREENING_META.ref),
} satisfies Record<ScreeningField, z.ZodType>;

export const screeningCodec = (name: ScreeningField): z.ZodType => CODECS[name];
export const ScreeningSchema = z.object(CODECS);
export type Candidate = z.output<typeof ScreeningSchema>;
