// data/appraisal.csv declared once (schema/declare.ts), with the risk-of-bias tools it is coded in: each tool's
// domains and the judgements it allows, as plain data. The per-tool checks (domain and judgement allowed by the tool,
// tool fits the design) are in src/appraisal/load.ts; RoB 2's algorithms in src/appraisal/tools.ts.
//
// Sources:
// - RoB 2: Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised
//   trials. BMJ 2019;366:l4898 (doi:10.1136/bmj.l4898), and its full guidance document (Higgins JPT et al., version of
//   22 August 2019, riskofbias.info): domain names, "Low / Some concerns / High", the overall-judgement criteria and the
//   "Algorithm for suggested judgement" flowcharts of domains 1, 4 and 5 (read in the guidance text as reproduced in
//   github.com/InfinityBowman/corates, packages/web/src/components/checklist/ROB2Checklist/scoring/decision-diagrams/).
//   Domains 2 and 3 are recorded as judged; their algorithms are not encoded here (not sourced exactly).
// - ROBINS-I (2016): Sterne JAC, Hernán MA, Reeves BC, et al. ROBINS-I: a tool for assessing risk of bias in
//   non-randomised studies of interventions. BMJ 2016;355:i4919 (doi:10.1136/bmj.i4919), Tables 1 and 2: seven
//   domains; Low / Moderate / Serious / Critical / No information. ROBINS-I V2 is not encoded (not sourced).
// - JBI checklist for case series: Munn Z, Barker TH, Moola S, et al. Methodological quality of case series studies:
//   an introduction to the JBI critical appraisal tool. JBI Evid Synth 2020;18(10):2127-33
//   (doi:10.11124/JBISRIR-D-19-00099): ten items answered Yes / No / Unclear / Not applicable.
//
// "no information" is allowed for every tool and always means: the sources npa's curators saw (mostly abstracts) say
// nothing on this domain. For JBI it is npa's addition, kept apart from the tool's own "unclear" (the report is unclear).

import { enumField, textField, intField, type FieldMeta, type RowOf } from './declare.js';
import { TOOL_IDS } from './vocab.js';
export { TOOL_IDS };
export type ToolId = (typeof TOOL_IDS)[number];

/** robvis's five levels; every tool's judgements map onto one of them for colour and symbol. */
export type Level = 'low' | 'concerns' | 'high' | 'critical' | 'ni' | 'na';

export interface Domain {
  id: string;
  label: string;
  short: string;
}

export interface Tool {
  id: ToolId;
  name: string;
  citation: string;
  domains: readonly Domain[];
  /** Allowed judgements, lower case as written in appraisal.csv, worst last (before no information). */
  judgements: readonly string[];
  level: Record<string, Level>;
  /** Whether the tool has an overall judgement row. */
  overall: boolean;
  /** Designs (studies.csv `design`) the tool is meant for. */
  designs: readonly string[];
}

export const NO_INFORMATION = 'no information';

/** A tool's domains: PREFIX1..PREFIXn with these labels, then the overall judgement row when the tool has one. */
function numbered(prefix: string, labels: readonly string[], overall: boolean): Domain[] {
  const domains = labels.map((label, i) => ({ id: `${prefix}${i + 1}`, short: `${prefix}${i + 1}`, label }));
  return overall ? [...domains, { id: 'overall', short: 'Overall', label: 'Overall risk of bias' }] : domains;
}

const ROB2: Tool = {
  id: 'rob2',
  name: 'RoB 2',
  citation: 'Sterne JAC et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ 2019;366:l4898',
  domains: numbered('D', [
    'Bias arising from the randomization process',
    'Bias due to deviations from intended interventions',
    'Bias due to missing outcome data',
    'Bias in measurement of the outcome',
    'Bias in selection of the reported result',
  ], true),
  judgements: ['low', 'some concerns', 'high', NO_INFORMATION],
  level: { low: 'low', 'some concerns': 'concerns', high: 'high', [NO_INFORMATION]: 'ni' },
  overall: true,
  designs: ['rct', 'rct_protocol'],
};

const ROBINS_I: Tool = {
  id: 'robins_i',
  name: 'ROBINS-I',
  citation: 'Sterne JAC et al. ROBINS-I: a tool for assessing risk of bias in non-randomised studies of interventions. BMJ 2016;355:i4919',
  domains: numbered('D', [
    'Bias due to confounding',
    'Bias in selection of participants into the study',
    'Bias in classification of interventions',
    'Bias due to deviations from intended interventions',
    'Bias due to missing data',
    'Bias in measurement of outcomes',
    'Bias in selection of the reported result',
  ], true),
  judgements: ['low', 'moderate', 'serious', 'critical', NO_INFORMATION],
  level: { low: 'low', moderate: 'concerns', serious: 'high', critical: 'critical', [NO_INFORMATION]: 'ni' },
  overall: true,
  designs: ['prospective', 'retrospective', 'unclear'],
};

const JBI_CASE_SERIES: Tool = {
  id: 'jbi_case_series',
  name: 'JBI checklist for case series',
  citation: 'Munn Z et al. Methodological quality of case series studies: an introduction to the JBI critical appraisal tool. JBI Evid Synth 2020;18(10):2127-33',
  domains: numbered('Q', [
    'Clear criteria for inclusion in the case series',
    'Condition measured in a standard, reliable way for all participants',
    'Valid methods used to identify the condition for all participants',
    'Consecutive inclusion of participants',
    'Complete inclusion of participants',
    'Clear reporting of the demographics of the participants',
    'Clear reporting of clinical information of the participants',
    'Outcomes or follow-up results of cases clearly reported',
    "Clear reporting of the presenting site(s)/clinic(s)' demographic information",
    'Statistical analysis appropriate',
  ], false),
  judgements: ['yes', 'unclear', 'no', 'not applicable', NO_INFORMATION],
  level: { yes: 'low', unclear: 'concerns', no: 'high', 'not applicable': 'na', [NO_INFORMATION]: 'ni' },
  overall: false,
  designs: ['prospective', 'retrospective', 'unclear'],
};

export const TOOLS: Record<ToolId, Tool> = { rob2: ROB2, robins_i: ROBINS_I, jbi_case_series: JBI_CASE_SERIES };

export const APPRAISAL_FILE = 'appraisal.csv';
/** The rater name of the agreed judgement after two raters. */
export const CONSENSUS = 'consensus';

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
