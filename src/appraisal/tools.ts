// The appraisal tools as data: each tool's domains and the judgements it allows, from its published
// guidance, and RoB 2's algorithms (overall judgement; domains 1, 4 and 5 from their signalling questions).
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

import { TOOL_IDS } from '../schema/vocab.js';
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

/** The tool npa picks for a study from its coded design: randomised → RoB 2, otherwise the JBI case-series checklist
 * (this review's non-randomised studies are mostly single-arm series; ROBINS-I fits a non-randomised comparison). */
export function toolForDesign(design: string | null): ToolId {
  return design === 'rct' || design === 'rct_protocol' ? 'rob2' : 'jbi_case_series';
}

export const toolFitsDesign = (tool: ToolId, design: string | null): boolean => design !== null && TOOLS[tool].designs.includes(design);

// ---- RoB 2 algorithms -------------------------------------------------------------------------------------------

/** Signalling-question answers: Yes, Probably yes, Probably no, No, No information, Not applicable. */
export type Answer = 'Y' | 'PY' | 'PN' | 'N' | 'NI' | 'NA';
export type Rob2Judgement = 'low' | 'some concerns' | 'high';

const yes = (a: Answer) => a === 'Y' || a === 'PY';
const no = (a: Answer) => a === 'N' || a === 'PN';

/** Domain 1 (randomization process), from 1.1 random, 1.2 concealed, 1.3 baseline imbalance suggests a problem. */
export function rob2Domain1(q: { '1.1': Answer; '1.2': Answer; '1.3': Answer }): Rob2Judgement {
  if (no(q['1.2'])) return 'high';
  if (yes(q['1.2'])) {
    if (no(q['1.1'])) return 'some concerns';
    return yes(q['1.3']) ? 'some concerns' : 'low';
  }
  // 1.2 no information
  return yes(q['1.3']) ? 'high' : 'some concerns';
}

/** Domain 4 (measurement of the outcome), from 4.1-4.5. */
export function rob2Domain4(q: { '4.1': Answer; '4.2': Answer; '4.3'?: Answer; '4.4'?: Answer; '4.5'?: Answer }): Rob2Judgement {
  if (yes(q['4.1'])) return 'high';
  if (yes(q['4.2'])) return 'high';
  // Branch A (4.2 N/PN) ends in low where branch B (4.2 NI) ends in some concerns.
  const good: Rob2Judgement = no(q['4.2']) ? 'low' : 'some concerns';
  const a3 = q['4.3'] ?? 'NI';
  if (no(a3)) return good;
  const a4 = q['4.4'] ?? 'NI';
  if (no(a4)) return good;
  const a5 = q['4.5'] ?? 'NI';
  return no(a5) ? 'some concerns' : 'high';
}

/** Domain 5 (selection of the reported result), from 5.1 pre-specified plan, 5.2 and 5.3 selected from multiple. */
export function rob2Domain5(q: { '5.1': Answer; '5.2': Answer; '5.3': Answer }): Rob2Judgement {
  if (yes(q['5.2']) || yes(q['5.3'])) return 'high';
  if (no(q['5.2']) && no(q['5.3'])) return yes(q['5.1']) ? 'low' : 'some concerns';
  return 'some concerns';
}

export interface OverallProposal {
  judgement: Rob2Judgement;
  /** Set when the guidance leaves the step to the reviewer. */
  note?: string;
}

/**
 * RoB 2's overall judgement from the five domain judgements: low if low in all domains; high if high in at least
 * one; otherwise some concerns. The guidance also allows high when some concerns in multiple domains substantially
 * lower confidence in the result: that is the reviewer's call, so npa proposes some concerns and says so.
 */
export function rob2Overall(domains: readonly Rob2Judgement[]): OverallProposal {
  if (domains.length !== 5) throw new Error(`RoB 2 has five domains; got ${domains.length}`);
  if (domains.includes('high')) return { judgement: 'high' };
  const concerns = domains.filter((d) => d === 'some concerns').length;
  if (concerns === 0) return { judgement: 'low' };
  if (concerns > 1) return { judgement: 'some concerns', note: `some concerns in ${concerns} domains: the guidance allows "high" if together they substantially lower confidence in the result (reviewer's judgement)` };
  return { judgement: 'some concerns' };
}

/** ROBINS-I's overall judgement (Sterne 2016, Table 2): the worst domain, with "no information" when no domain is
 * serious or critical but information is lacking in one or more. */
export function robinsIOverall(domains: readonly string[]): string {
  if (domains.includes('critical')) return 'critical';
  if (domains.includes('serious')) return 'serious';
  if (domains.includes(NO_INFORMATION)) return NO_INFORMATION;
  if (domains.includes('moderate')) return 'moderate';
  return 'low';
}
