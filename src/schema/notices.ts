// DIR/notices.csv declared once (schema/declare.ts): retractions, corrections and expressions of concern about the
// review's studies, as Crossref and PubMed report them. `npa check-retractions` writes it; src/online/notices.ts reads
// and checks it.
import { enumField, intField, patternField, textField, type FieldMeta, type RowOf } from './declare.js';

export const NOTICES_FILE = 'notices.csv';

export const NOTICE_KINDS = ['retraction', 'partial_retraction', 'withdrawal', 'expression_of_concern', 'correction', 'corrected_republished', 'update', 'other'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_SOURCES = ['crossref', 'retraction-watch', 'pubmed'] as const;

export const NOTICE_META = {
  ref: intField(1, 'The study the notice is about (its ref in studies.csv).', { required: true, kind: 'id' }),
  kind: enumField(NOTICE_KINDS, 'What the notice does to the study.', { required: true }),
  source: enumField(NOTICE_SOURCES, 'Who reports it: Crossref (publisher metadata), Retraction Watch (through Crossref), PubMed.', { required: true }),
  notice_id: textField('DOI or PMID of the notice itself, when known.'),
  date: patternField(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD', 'expected YYYY, YYYY-MM or YYYY-MM-DD', 'Date of the notice as the source gives it.'),
  link: patternField(/^https?:\/\//, 'http(s) URL', 'expected an http(s) URL', 'Where the notice (or the record that reports it) can be read.', { required: true }),
  detail: textField('The label or citation the source gives.'),
  checked: patternField(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD', 'expected YYYY-MM-DD', 'Date npa check-retractions found it.', { required: true }),
} satisfies Record<string, FieldMeta>;

export type NoticeField = keyof typeof NOTICE_META;
export const NOTICE_FIELDS = Object.keys(NOTICE_META) as NoticeField[];
export type Notice = RowOf<typeof NOTICE_META>;
