// The review's Results, regenerated from data: flow, statistics (computed beside published), claims,
// evidence table, counts by year and site, pooled outcomes, and what changed since the last version.
// One model, two renderings (Markdown and a self-contained HTML page).
import type { Outcome } from '../schema/outcome.js';
import type { Study } from '../schema/study.js';
import type { ValidDataset } from '../load/dataset.js';
import { countBy } from '../stats/count.js';
import { summarize, type Statistic } from '../stats/summary.js';
import { verifyClaims, type ClaimResult } from '../stats/verify.js';
import { flowOf, type Flow } from '../screening/prisma.js';
import { fromOutcomes } from '../synthesis/input.js';
import { runMeta } from '../synthesis/run.js';
import type { VersionDiff } from '../release/versions.js';
import { NothingToPoolError } from '../synthesis/rules.js';
import { MetaAnalysisError } from '../meta/rma.js';
import { forestSvg } from '../render/forest-svg.js';
import { textForest } from '../render/meta-print.js';
import { runExtras } from '../synthesis/extras.js';
import type { MetaResult } from '../synthesis/run.js';
import { assessReview } from '../grade/review.js';
import { reasons, SYMBOLS } from '../grade/grade.js';
import type { Review } from '../schema/review.js';
import type { Reference } from './references.js';

export interface Pooled {
  label: string;
  k: number;
  estimate: number;
  ciLb: number;
  ciUb: number;
  piLb: number | null;
  piUb: number | null;
  I2: number | null;
  tau2: number;
  /** The forest plot, as SVG (HTML report) and as text (Markdown report). */
  forestSvg: string;
  forestText: string;
  /** The funnel plot (metafor's funnel()), only where k >= 10; fewer studies cannot show asymmetry. */
  funnelSvg: string | null;
}

/** One row of the Summary of Findings table (GRADEpro layout), from `npa grade`'s assessment. */
export interface SofRow {
  outcome: string;
  participants: string;
  effect: string;
  certainty: string;
  footnotes: string[];
}

/** What changed between two versions: studies and statistics (versions.ts), pooled estimates, search and eligibility. */
export interface ReportChanges {
  diff: VersionDiff;
  pooled: { label: string; from: Pooled | null; to: Pooled | null }[];
  review: { field: string; from: string; to: string }[];
}

export interface ReportModel {
  title: string;
  publisher: string;
  date: string;
  question: string;
  search: { date: string; databases: string[]; terms: string[]; inclusion: string[]; exclusion: string[] };
  flow: Flow;
  statistics: Statistic[];
  claims: ClaimResult[];
  evidence: { ref: number; study: string; title: string; journal: string; design: string; centres: string; sites: string; interventions: string; patients: string; lesions: string; complications: string; control: string }[];
  /** Entries listed (the review's counting) and unique publications (repeat listings left out). */
  counts: { entries: number; unique: number };
  sof: SofRow[];
  byYear: { value: string; count: number }[];
  bySite: { value: string; count: number }[];
  pooled: Pooled[];
  changes: ReportChanges | null;
  generated: string;
  /** Vancouver-style references, numbered by ref (references.ts). */
  references: Reference[];
}

const frac = (o: Outcome | undefined) => (o && o.events !== null && o.denominator !== null ? `${o.events}/${o.denominator} ${o.unit ?? ''}`.trim() : '');

const FOREST_TITLES: Record<'complications' | 'local_control', { title: string; axis: string }> = {
  complications: { title: 'Any complication after RFA', axis: 'Proportion with a complication' },
  local_control: { title: 'Local tumour control after RFA', axis: 'Proportion with local tumour control' },
};

export function pooledOutcome(studies: readonly Study[], outcomes: readonly Outcome[], label: string, outcome: 'complications' | 'local_control'): Pooled | null {
  let r: MetaResult;
  let data: ReturnType<typeof fromOutcomes>;
  try {
    data = fromOutcomes(studies, outcomes, { outcome, measure: 'PLO', severity: outcome === 'complications' ? 'any' : undefined });
    if (data.labels.length < 2) return null;
    r = runMeta(data, { method: 'REML', test: 'z', level: 0.95, leaveOneOut: false });
  } catch (error) {
    // Nothing to fit (no study with data, a model that cannot be fitted) leaves the section out; a bug does not.
    if (error instanceof NothingToPoolError || error instanceof MetaAnalysisError) return null;
    throw error;
  }
  const t = r.transformed!;
  const options = { title: FOREST_TITLES[outcome].title, axisLabel: FOREST_TITLES[outcome].axis, sort: 'year' as const };
  let funnel: string | null = null;
  if (r.k >= 10) {
    try {
      funnel = runExtras(data, r, { regtest: false, ranktest: false, trimfill: false, influence: false, funnel: 'funnel.svg' }, FOREST_TITLES[outcome].title).files.find((f) => f.what === 'funnel plot')?.content ?? null;
    } catch {
      funnel = null;
    }
  }
  return {
    label, k: r.k, estimate: t.pred, ciLb: t.ciLb, ciUb: t.ciUb, piLb: t.piLb, piUb: t.piUb, I2: r.model.I2, tau2: r.model.tau2,
    forestSvg: forestSvg(r, options), forestText: textForest(r, options), funnelSvg: funnel,
  };
}

const pooledAll = (studies: readonly Study[], outcomes: readonly Outcome[]) =>
  [pooledOutcome(studies, outcomes, 'Any complication', 'complications'), pooledOutcome(studies, outcomes, 'Local tumour control', 'local_control')];

const REVIEW_FIELDS: { key: keyof Review; label: string }[] = [
  { key: 'search_date', label: 'search date' },
  { key: 'databases', label: 'databases' },
  { key: 'search_terms', label: 'search terms' },
  { key: 'inclusion_criteria', label: 'inclusion criteria' },
  { key: 'exclusion_criteria', label: 'exclusion criteria' },
];

/** The changes between two versions of the review, for the report. */
export function reportChanges(diff: VersionDiff, from: { review: Review; studies: readonly Study[]; outcomes: readonly Outcome[] }, to: { review: Review; studies: readonly Study[]; outcomes: readonly Outcome[] }): ReportChanges {
  const text = (v: unknown) => (Array.isArray(v) ? v.join('; ') : v === undefined || v === null ? '' : String(v));
  const a = pooledAll(from.studies, from.outcomes);
  const b = pooledAll(to.studies, to.outcomes);
  return {
    diff,
    pooled: ['Any complication', 'Local tumour control'].map((label, i) => ({ label, from: a[i] ?? null, to: b[i] ?? null })),
    review: REVIEW_FIELDS.filter((f) => text(from.review[f.key]) !== text(to.review[f.key])).map((f) => ({ field: f.label, from: text(from.review[f.key]), to: text(to.review[f.key]) })),
  };
}

function summaryOfFindings(dataset: ValidDataset): SofRow[] {
  try {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    return assessReview(dataset).grades.map((g) => ({
      outcome: g.label,
      participants: `${g.participants.toLocaleString('en-US')} ${g.units.join('/')} (${g.studies} studies)`,
      effect: `${pct(g.effect.estimate)} (95% CI ${pct(g.effect.ciLb)} to ${pct(g.effect.ciUb)}); ${g.effect.perThousand.estimate} per 1,000 (${g.effect.perThousand.ciLb} to ${g.effect.perThousand.ciUb})`,
      certainty: `${SYMBOLS[g.certainty]} ${g.certainty.toUpperCase()}${g.confirmed ? '' : ' (proposed by npa, not yet confirmed)'}`,
      footnotes: reasons(g),
    }));
  } catch {
    return [];
  }
}

export function buildReport(dataset: ValidDataset, changes: ReportChanges | null, generated: string, references: Reference[] = []): ReportModel {
  const { review, studies, outcomes } = dataset;
  const unique = studies.filter((s) => s.duplicate_of === null);
  const outcomeOf = (s: Study, outcome: string, severity?: string) => outcomes.find((o) => o.ref === s.ref && o.outcome === outcome && o.arm === 'all' && (severity === undefined || o.severity === severity));
  return {
    title: review.title,
    publisher: review.publisher,
    date: review.date,
    question: review.question,
    search: { date: review.search_date, databases: review.databases, terms: review.search_terms, inclusion: review.inclusion_criteria, exclusion: review.exclusion_criteria },
    flow: flowOf(dataset),
    statistics: summarize(studies, review),
    claims: dataset.claims.length ? verifyClaims(dataset.claims, studies, outcomes, review) : [],
    evidence: unique.map((s) => ({
      ref: s.ref,
      study: `${s.first_author} ${s.year}`,
      title: s.title,
      journal: s.journal ?? '',
      design: s.design ?? 'not coded',
      centres: s.centres ?? '',
      sites: s.sites?.join(', ') ?? '',
      interventions: s.interventions?.join(', ') ?? '',
      patients: s.patients === null ? '' : String(s.patients),
      lesions: s.lesions === null ? '' : String(s.lesions),
      complications: frac(outcomeOf(s, 'complications', 'any')),
      control: frac(outcomeOf(s, 'local_control')),
    })),
    counts: { entries: studies.length, unique: unique.length },
    sof: summaryOfFindings(dataset),
    byYear: countBy(unique, 'year'),
    bySite: countBy(unique, 'sites'),
    pooled: pooledAll(studies, outcomes).filter((p): p is Pooled => p !== null),
    changes,
    generated,
    references,
  };
}
