// Reads DIR/appraisal.csv (optional) and checks it against the tools and studies.csv: file, line and column on
// every problem. Also: each study's settled judgement per domain, and two raters compared domain by domain.
import type { Issue } from '../issues.js';
import type { Study } from '../schema/study.js';
import { loadOptionalTable, tableSpec, type LoadedRow } from '../load/load-table.js';
import { APPRAISAL_FILE, APPRAISAL_META, CONSENSUS, TOOLS, type AppraisalRow, type ToolId } from '../schema/appraisal.js';
import { toolFitsDesign, toolForDesign } from './tools.js';
import { cohenKappa, type Kappa } from './kappa.js';

const APPRAISAL_TABLE = tableSpec(APPRAISAL_META);

export interface Appraisal {
  file: string | null;
  rows: AppraisalRow[];
  issues: Issue[];
}

export function checkAppraisal(file: string, rows: readonly LoadedRow<AppraisalRow>[], studies: readonly Study[]): Issue[] {
  const issues: Issue[] = [];
  const byRef = new Map(studies.map((s) => [s.ref, s]));
  const seen = new Map<string, number>();
  const toolsPerStudy = new Map<string, Set<string>>();
  for (const { value: r, line, invalid } of rows) {
    if (invalid?.includes('tool') || r.tool === null) continue;
    const tool = TOOLS[r.tool];
    const at = { file, line, ref: r.ref ?? undefined };
    if (r.domain !== null && !tool.domains.some((d) => d.id === r.domain)) {
      issues.push({ severity: 'error', code: 'unknown_domain', ...at, column: 'domain', value: r.domain, message: `not a domain of ${tool.name}`, accepted: tool.domains.map((d) => d.id) });
    }
    if (r.judgement !== null && !tool.judgements.includes(r.judgement)) {
      issues.push({ severity: 'error', code: 'invalid_judgement', ...at, column: 'judgement', value: r.judgement, message: `not a judgement ${tool.name} allows`, accepted: tool.judgements });
    }
    if (r.ref === null) continue;
    const study = byRef.get(r.ref);
    if (!study) {
      issues.push({ severity: 'error', code: 'unknown_ref', ...at, column: 'ref', value: String(r.ref), message: 'no study with this ref in studies.csv' });
      continue;
    }
    if (study.duplicate_of !== null) {
      issues.push({ severity: 'error', code: 'duplicate_listing', ...at, column: 'ref', value: String(r.ref), message: `ref ${r.ref} repeats ref ${study.duplicate_of}; appraise the first listing` });
    }
    if (!toolFitsDesign(r.tool, study.design)) {
      issues.push({ severity: 'warning', code: 'tool_design_mismatch', ...at, column: 'tool', value: r.tool, message: `${tool.name} does not fit the study's design "${study.design ?? 'unknown'}" (npa would use ${TOOLS[toolForDesign(study.design)].name})` });
    }
    const key = `${r.ref}|${r.tool}|${r.domain}|${r.rater}`;
    if (seen.has(key)) issues.push({ severity: 'error', code: 'repeated_judgement', ...at, column: 'domain', value: r.domain ?? '', message: `rater "${r.rater}" already judged this domain on line ${seen.get(key)}` });
    else seen.set(key, line);
    const tkey = `${r.ref}|${r.rater}`;
    toolsPerStudy.set(tkey, (toolsPerStudy.get(tkey) ?? new Set()).add(r.tool));
    if (toolsPerStudy.get(tkey)!.size === 2) issues.push({ severity: 'warning', code: 'mixed_tools', ...at, column: 'tool', value: r.tool, message: `rater "${r.rater}" appraised ref ${r.ref} with more than one tool` });
  }
  return issues;
}

/** The appraisal of the review in DIR, or an empty one when the review has no appraisal.csv. */
export function loadAppraisal(dir: string, studies: readonly Study[]): Appraisal {
  return loadOptionalTable(dir, APPRAISAL_FILE, APPRAISAL_TABLE, (file, all) => checkAppraisal(file, all, studies));
}

export interface Settled {
  ref: number;
  tool: ToolId;
  domain: string;
  /** The judgement in force: the consensus row, else the only rater's, else the raters' common one; null if they differ. */
  judgement: string | null;
  raters: Record<string, string>;
  support: string;
  source: string;
}

/** One settled judgement per study x tool x domain. */
export function settle(rows: readonly AppraisalRow[]): Settled[] {
  const groups = new Map<string, AppraisalRow[]>();
  for (const r of rows) {
    const key = `${r.ref}|${r.tool}|${r.domain}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: Settled[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const consensus = group.find((r) => r.rater === CONSENSUS);
    const raters = Object.fromEntries(group.filter((r) => r.rater !== CONSENSUS).map((r) => [r.rater, r.judgement]));
    const distinct = new Set(Object.values(raters));
    const chosen = consensus ?? (distinct.size === 1 ? group.find((r) => r.rater !== CONSENSUS)! : null);
    out.push({ ref: first.ref, tool: first.tool, domain: first.domain, judgement: chosen?.judgement ?? null, raters, support: (chosen ?? first).support, source: (chosen ?? first).source });
  }
  return out;
}

export interface RaterComparison {
  raters: [string, string];
  rows: { ref: number; tool: ToolId; domain: string; a: string; b: string; agree: boolean; consensus: string | null }[];
  kappa: Kappa;
  byDomain: { tool: ToolId; domain: string; n: number; agreement: number; kappa: number | null }[];
}

/** Two raters compared on every study x domain both judged. */
export function compareRaters(rows: readonly AppraisalRow[], raterA?: string, raterB?: string): RaterComparison | null {
  const names = [...new Set(rows.map((r) => r.rater).filter((r) => r !== CONSENSUS))];
  const a = raterA ?? names[0];
  const b = raterB ?? names[1];
  if (a === undefined || b === undefined) return null;
  const key = (r: AppraisalRow) => `${r.ref}|${r.tool}|${r.domain}`;
  const bRows = new Map(rows.filter((r) => r.rater === b).map((r) => [key(r), r]));
  const cons = new Map(rows.filter((r) => r.rater === CONSENSUS).map((r) => [key(r), r.judgement]));
  const pairs = rows
    .filter((r) => r.rater === a && bRows.has(key(r)))
    .map((r) => {
      const other = bRows.get(key(r))!.judgement;
      return { ref: r.ref, tool: r.tool, domain: r.domain, a: r.judgement, b: other, agree: r.judgement === other, consensus: cons.get(key(r)) ?? (r.judgement === other ? r.judgement : null) };
    });
  const domains = new Map<string, typeof pairs>();
  for (const p of pairs) domains.set(`${p.tool}|${p.domain}`, [...(domains.get(`${p.tool}|${p.domain}`) ?? []), p]);
  return {
    raters: [a, b],
    rows: pairs,
    kappa: cohenKappa(pairs.map((p) => p.a), pairs.map((p) => p.b)),
    byDomain: [...domains.values()].map((ps) => {
      const k = cohenKappa(ps.map((p) => p.a), ps.map((p) => p.b));
      return { tool: ps[0]!.tool, domain: ps[0]!.domain, n: k.n, agreement: k.observed, kappa: k.kappa };
    }),
  };
}
