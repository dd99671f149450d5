// GRADE per outcome (Guyatt GH et al., GRADE guidelines series, J Clin Epidemiol 2011;64, parts 4-9 on the five
// reasons to rate down and the reasons to rate up): npa proposes each judgement from the numbers it has and says why;
// a person confirms or overrides it in grade.csv, with a reason. The rules below are npa's, stated in each reason.
import type { MetaResult } from '../synthesis/run.js';
import type { Study } from '../schema/study.js';
import type { Settled } from '../appraisal/load.js';
import { NO_INFORMATION, TOOLS } from '../schema/appraisal.js';
import { eggerTest } from './egger.js';
import { DECISION_META, DOWN_DOMAINS, GRADE_DOMAINS, UP_DOMAINS, type GradeDomain } from '../schema/grade.js';
import type { RowOf } from '../schema/declare.js';

const STEP: Record<string, number> = {
  'not serious': 0, serious: -1, 'very serious': -2, 'not assessable': 0,
  undetected: 0, 'strongly suspected': -1,
  none: 0, 'not applicable': 0, 'large (+1)': 1, 'very large (+2)': 2, 'present (+1)': 1, 'would reduce the effect (+1)': 1,
};

export const CERTAINTY = ['very low', 'low', 'moderate', 'high'] as const;
export type Certainty = (typeof CERTAINTY)[number];
export const SYMBOLS: Record<Certainty, string> = { high: '⊕⊕⊕⊕', moderate: '⊕⊕⊕◯', low: '⊕⊕◯◯', 'very low': '⊕◯◯◯' };

export interface Threshold {
  /** A proportion on the outcome's scale (e.g. 0.10 for a 10% complication rate). */
  value: number;
  why: string;
}

/** A person's decision in grade.csv: one row of the table declared in src/schema/grade.ts. */
export type Decision = RowOf<typeof DECISION_META>;

export interface DomainRating {
  domain: GradeDomain;
  proposed: string;
  why: string;
  decided: Decision | null;
  /** The judgement in force: the person's when there is one, else npa's proposal. */
  judgement: string;
}

export interface OutcomeGrade {
  outcome: string;
  label: string;
  start: Certainty;
  startWhy: string;
  domains: DomainRating[];
  certainty: Certainty;
  confirmed: boolean;
  studies: number;
  participants: number;
  units: string[];
  effect: { measure: 'proportion'; estimate: number; ciLb: number; ciUb: number; perThousand: { estimate: number; ciLb: number; ciUb: number }; pi: { lb: number; ub: number } | null };
}

export interface GradeContext {
  outcome: string;
  label: string;
  meta: MetaResult;
  /** The pooled studies, in the order of meta.studies. */
  studies: Study[];
  appraisal: Settled[];
  threshold: Threshold | null;
  decisions: Decision[];
  /** Events per study in the pooled analysis (for the optimal information size). */
  events: number[];
  denominators: number[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const NEGATIVE = new Set(['no', 'high', 'serious', 'critical']);

function riskOfBias(ctx: GradeContext): [string, string] {
  const weightOf = new Map(ctx.meta.studies.map((s, i) => [ctx.studies[i]!.ref, s.weight / 100]));
  let neg = 0;
  let ni = 0;
  let appraised = 0;
  const negRefs: number[] = [];
  for (const s of ctx.studies) {
    const rows = ctx.appraisal.filter((a) => a.ref === s.ref && a.domain !== 'overall');
    const w = weightOf.get(s.ref) ?? 0;
    if (rows.length === 0) continue;
    appraised += w;
    if (rows.some((r) => r.judgement !== null && NEGATIVE.has(r.judgement))) {
      neg += w;
      negRefs.push(s.ref);
    } else if (rows.filter((r) => r.judgement === NO_INFORMATION).length * 2 >= rows.length) ni += w;
  }
  const tools = [...new Set(ctx.appraisal.filter((a) => ctx.studies.some((s) => s.ref === a.ref)).map((a) => TOOLS[a.tool].name))].join(', ') || 'none';
  const head = `appraised with ${tools}; ${pct(appraised)} of the weight appraised; ${pct(neg)} from studies with a negative judgement${negRefs.length ? ` (refs ${negRefs.join(', ')})` : ''}; ${pct(ni)} from studies judged "no information" in half or more of the domains`;
  if (appraised === 0) return ['serious', `no appraisal for any pooled study: rated down because risk of bias cannot be judged (${head})`];
  if (neg >= 0.5) return ['very serious', `half or more of the weight comes from studies with a negative judgement (${head})`];
  if (neg >= 0.25) return ['serious', `a quarter or more of the weight comes from studies with a negative judgement (${head})`];
  if (ni >= 0.5) return ['serious', `half or more of the weight comes from studies whose risk of bias could not be judged from the sources seen (${head})`];
  return ['not serious', head];
}

function inconsistency(ctx: GradeContext): [string, string] {
  const m = ctx.meta.model;
  if (ctx.meta.k < 2) return ['not assessable', 'one study'];
  const pi = ctx.meta.transformed;
  const piText = pi && pi.piLb !== null && pi.piUb !== null ? `; 95% prediction interval ${pct(pi.piLb)} to ${pct(pi.piUb)}` : '';
  const i2 = m.I2 ?? 0;
  const head = `I² = ${i2.toFixed(0)}%, τ² = ${m.tau2.toFixed(3)}, Q p = ${m.Qp === null ? "NA" : m.Qp.toFixed(3)}${piText}`;
  if (i2 >= 75) return ['very serious', `considerable heterogeneity (I² ≥ 75%): ${head}`];
  if (i2 >= 50) return ['serious', `substantial heterogeneity (I² ≥ 50%): ${head}`];
  return ['not serious', `I² below 50%: ${head}`];
}

function indirectness(ctx: GradeContext): [string, string] {
  let combined = 0;
  const others = new Set<string>();
  ctx.studies.forEach((s, i) => {
    const extra = (s.interventions ?? []).filter((x) => x !== 'rfa');
    if (extra.length || !s.interventions?.includes('rfa')) {
      combined += ctx.meta.studies[i]!.weight / 100;
      extra.forEach((x) => others.add(x));
    }
  });
  const units = ctx.meta.studies.map((s) => /\((\w+)\)$/.exec(s.label)?.[1]).filter(Boolean);
  const mix = new Set(units).size > 1 ? `; denominators mix ${[...new Set(units)].join(', ')}` : '';
  const head = `${pct(combined)} of the weight comes from studies where RFA was combined with or compared to ${[...others].join(', ') || 'nothing else'}${mix}`;
  if (combined >= 0.5) return ['serious', `the pooled rate mostly reflects RFA with other treatments, not RFA alone: ${head}`];
  return ['not serious', head];
}

function imprecision(ctx: GradeContext): [string, string] {
  const t = ctx.meta.transformed!;
  const events = ctx.events.reduce((s, x) => s + x, 0);
  const total = ctx.denominators.reduce((s, x) => s + x, 0);
  const info = Math.min(events, total - events);
  const ois = info < 300;
  const oisText = `${events} events in ${total} (the smaller of events and non-events is ${info}; GRADE's rule of thumb asks for about 300, Guyatt et al. J Clin Epidemiol 2011;64:1283-93)`;
  let crosses: boolean | null = null;
  let thrText = 'the committee stated no threshold in review.json, so the CI is not judged against one';
  if (ctx.threshold) {
    crosses = t.ciLb < ctx.threshold.value && t.ciUb > ctx.threshold.value;
    thrText = `95% CI ${pct(t.ciLb)} to ${pct(t.ciUb)} ${crosses ? 'crosses' : 'does not cross'} the committee's threshold of ${pct(ctx.threshold.value)} (${ctx.threshold.why})`;
  }
  const n = (crosses ? 1 : 0) + (ois ? 1 : 0);
  const why = `${thrText}; ${oisText}`;
  return [n === 2 ? 'very serious' : n === 1 ? 'serious' : 'not serious', why];
}

function publicationBias(ctx: GradeContext): [string, string] {
  const k = ctx.meta.k;
  if (k < 10) return ['not assessable', `${k} studies: funnel tests need at least 10`];
  const eg = eggerTest(ctx.meta.studies.map((s) => s.yi), ctx.meta.studies.map((s) => s.vi));
  if (!eg) return ['not assessable', 'Egger test not computable'];
  const text = `Egger's regression test (k = ${k}): intercept ${eg.intercept.toFixed(2)} (SE ${eg.se.toFixed(2)}), p = ${eg.p.toFixed(3)}; funnel tests of single-arm proportions are of limited value`;
  return eg.p < 0.1 ? ['strongly suspected', `asymmetry at p < 0.10: ${text}`] : ['undetected', text];
}

export function gradeOutcome(ctx: GradeContext): OutcomeGrade {
  const randomised = ctx.studies.every((s) => s.design === 'rct');
  const start: Certainty = randomised ? 'high' : 'low';
  const startWhy = randomised ? 'all pooled studies are randomised trials' : `observational evidence: ${ctx.studies.length} non-randomised studies (${[...new Set(ctx.studies.map((s) => s.design ?? 'unknown'))].join(', ')})`;
  const proposals: Record<GradeDomain, [string, string]> = {
    risk_of_bias: riskOfBias(ctx),
    inconsistency: inconsistency(ctx),
    indirectness: indirectness(ctx),
    imprecision: imprecision(ctx),
    publication_bias: publicationBias(ctx),
    large_effect: ['not applicable', 'single-arm proportions: there is no comparison, hence no relative effect to rate up'],
    dose_response: ['not applicable', 'no dose or intensity gradient is coded'],
    plausible_confounding: ['not applicable', 'no comparison group whose confounding could be judged'],
  };
  const domains: DomainRating[] = GRADE_DOMAINS.map((d) => {
    const decided = [...ctx.decisions].reverse().find((x) => x.outcome === ctx.outcome && x.domain === d) ?? null;
    return { domain: d, proposed: proposals[d][0], why: proposals[d][1], decided, judgement: decided?.judgement ?? proposals[d][0] };
  });
  const down = domains.filter((d) => (DOWN_DOMAINS as readonly string[]).includes(d.domain)).reduce((s, d) => s + (STEP[d.judgement] ?? 0), 0);
  const up = domains.filter((d) => (UP_DOMAINS as readonly string[]).includes(d.domain)).reduce((s, d) => s + (STEP[d.judgement] ?? 0), 0);
  const level = Math.max(0, Math.min(3, CERTAINTY.indexOf(start) + down + up));
  const t = ctx.meta.transformed!;
  const units = [...new Set(ctx.meta.studies.map((s) => /\((\w+)\)$/.exec(s.label)?.[1] ?? 'participants'))];
  return {
    outcome: ctx.outcome,
    label: ctx.label,
    start,
    startWhy,
    domains,
    certainty: CERTAINTY[level]!,
    confirmed: domains.every((d) => d.decided !== null),
    studies: ctx.meta.k,
    participants: ctx.denominators.reduce((s, x) => s + x, 0),
    units,
    effect: {
      measure: 'proportion',
      estimate: t.pred,
      ciLb: t.ciLb,
      ciUb: t.ciUb,
      perThousand: { estimate: Math.round(t.pred * 1000), ciLb: Math.round(t.ciLb * 1000), ciUb: Math.round(t.ciUb * 1000) },
      pi: t.piLb !== null && t.piUb !== null ? { lb: t.piLb, ub: t.piUb } : null,
    },
  };
}

/** The footnotes of the SoF row: every domain that moved the rating, and every unconfirmed proposal. */
export function reasons(g: OutcomeGrade): string[] {
  const out = [`Start: ${g.start} (${g.startWhy}).`];
  for (const d of g.domains) {
    const moved = (STEP[d.judgement] ?? 0) !== 0;
    const source = d.decided ? `decided by ${d.decided.by}: ${d.decided.reason}` : 'proposed by npa, not yet confirmed';
    if (moved || d.domain === 'publication_bias' || d.domain === 'risk_of_bias') out.push(`${d.domain.replace(/_/g, ' ')}: ${d.judgement} (${source}) — ${d.why}.`);
  }
  return out;
}
