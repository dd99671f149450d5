// data/appraisal.csv: one row per study x tool domain x rater. Cell codecs here; the per-tool checks
// (domain and judgement allowed by the tool, tool fits the design) are in ./load.ts.
import { z } from 'zod';
import { requiredEnumCell, requiredIntCell, requiredTextCell, textCell } from '../schema/cells.js';
import type { FieldMeta } from '../schema/fields.js';
import { tableSpec } from '../load/load-table.js';
import { TOOL_IDS } from './tools.js';

export const APPRAISAL_META = {
  ref: { type: 'integer >= 1', kind: 'id', required: true, description: 'The study (its ref in studies.csv; the first listing of a publication).' },
  tool: { type: 'enum', kind: 'category', required: true, values: TOOL_IDS, description: 'rob2, robins_i or jbi_case_series.' },
  domain: { type: 'text', kind: 'category', required: true, description: "One of the tool's domains (D1..D5 and overall for RoB 2; D1..D7 and overall for ROBINS-I; Q1..Q10 for JBI)." },
  judgement: { type: 'text', kind: 'category', required: true, description: 'A judgement the tool allows, or "no information".' },
  support: { type: 'text', kind: 'text', required: true, description: 'Why: a short quote or paraphrase.' },
  source: { type: 'text', kind: 'text', required: true, description: 'Where the support was read: URL, "full text p. 4", "abstract", or "review text".' },
  rater: { type: 'text', kind: 'text', required: true, description: 'Who judged; "consensus" for the agreed judgement after two raters.' },
  notes: { type: 'text', kind: 'text', required: false, description: 'Anything else.' },
} satisfies Record<string, FieldMeta>;

export type AppraisalField = keyof typeof APPRAISAL_META;

const CODECS = {
  ref: requiredIntCell(1),
  tool: requiredEnumCell(TOOL_IDS),
  domain: requiredTextCell(),
  judgement: requiredTextCell(),
  support: requiredTextCell(),
  source: requiredTextCell(),
  rater: requiredTextCell(),
  notes: textCell(),
} satisfies Record<AppraisalField, z.ZodType>;

export const AppraisalSchema = z.object(CODECS);
export type AppraisalRow = z.output<typeof AppraisalSchema>;
export const APPRAISAL_TABLE = tableSpec(APPRAISAL_META, (name: AppraisalField) => CODECS[name], AppraisalSchema);
export const APPRAISAL_FILE = 'appraisal.csv';
export const CONSENSUS = 'consensus';
