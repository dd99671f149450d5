// RoB 2's algorithms (overall judgement; domains 1, 4 and 5 from their signalling questions) and the choice of a
// tool for a study's design. The tools themselves (domains, judgements) are data in src/schema/appraisal.ts, whose
// header cites the sources, including the RoB 2 guidance's "Algorithm for suggested judgement" flowcharts encoded here.

import { NO_INFORMATION, TOOLS, type ToolId } from '../schema/appraisal.js';

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
