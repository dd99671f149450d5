// The screening log (data/screening.csv): every record a new search found, its duplicate status and
// the decision taken on it, by whom and when. Each field declared once (declare.ts).
import { enumField, intField, textField, type FieldMeta, type RowOf } from './declare.js';

export const DECISIONS = ['include', 'exclude', 'maybe', 'not-retrieved'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SCREENING_META = {
  id: textField('Candidate id: source:record id from the export (unique).', { required: true, kind: 'id' }),
  source: textField('Database or file the record came from (for the PRISMA flow).', { required: true, kind: 'category' }),
  title: textField('Title as exported.'),
  authors: textField("Authors as exported, '; '-separated."),
  year: intField(1000, 'Publication year.'),
  journal: textField('Journal.'),
  volume: textField('Volume.'),
  issue: textField('Issue.'),
  pages: textField('Pages.'),
  doi: textField('DOI as exported (normalised).'),
  pmid: textField('PMID as exported.'),
  type: textField(
    'Publication type as exported, in RIS vocabulary (JOUR, CONF, ABST, CHAP, ...); empty in logs made before it was kept. De-duplication compares it (a conference abstract is not the article).',
    { kind: 'category' },
  ),
  abstract: textField('Abstract, shown when screening.'),
  duplicate_of: textField('When the record repeats another: the candidate id, or ref:N for a study already in the dataset.'),
  decision: enumField(DECISIONS, 'The final outcome (derived from the decision log when there is one): empty while not decided.'),
  reason: textField("Exclusion reason: a code of review.json's exclusion_reasons (checked against it).", { kind: 'category' }),
  reason_text: textField('Free text for reason "other", or detail.'),
  who: textField('Who decided.'),
  when: textField('When the decision was recorded (an ISO date-time).'),
  notes: textField('Notes.'),
  ref: intField(1, 'The dataset ref it became, once promoted (npa screen promote).'),
} satisfies Record<string, FieldMeta>;

export type ScreeningField = keyof typeof SCREENING_META;
export const SCREENING_FIELDS = Object.keys(SCREENING_META) as ScreeningField[];
export type Candidate = RowOf<typeof SCREENING_META>;
