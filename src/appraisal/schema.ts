// data/appraisal.csv: one row per study x tool domain x rater. Each field declared once (schema/declare.ts); the per-tool checks
// (domain and judgement allowed by the tool, tool fits the design) are in ./load.ts.
import { enumField, intField, textField, type FieldMeta, type RowOf } from '../schema/declare.js';
import { tableSpec } from '../load/load-table.js';
import { TOOL_IDS } from './tools.js';

export const APPRAISAL_META = {
  ref: intField(1, 'The study (its ref in studies.csv; the first listing of a publication).', { required: true, kind: 'id' }),
  tool: enumField(TOOL_IDS, 'rob2, robins_i or jbi_case_series.', { required: true }),
  domain: textField("One of the tool's domains (D1..D5 and overall for RoB 2; D1..D7 and overall for ROBINS-I; Q1..Q10 for JBI).", { required: true, kind: 'category' }),
  judgement: textField('A judgement the tool allows, or "no information".', { required: true, kind: 'category' }),
  support: textField('Why: a short quote or paraphrase.', { required: true }),
  source: textField('Where the support was read: URL, "full text p. 4", "abstract", or "review text".', { required: true }),
  rater: textField('Who judged; "consensus" for the agreed judgement after two raters.', { required: true }),
  notes: textField('Anything else.'),
} satisfies Record<string, FieldMeta>;

export type AppraisalField = keyof typeof APPRAISAL_META;
export type AppraisalRow = RowOf<typeof APPRAISAL_META>;
export const APPRAISAL_TABLE = tableSpec(APPRAISAL_META);
export const APPRAISAL_FILE = 'appraisal.csv';
export const CONSENSUS = 'consensus';
