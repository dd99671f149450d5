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
import { NothingToPoolError } from '../synthesis/rules.js';
import { MetaAnalysisError } from '../meta/rma.js';
import type { VersionDiff } from '../release/versions.js';

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
  evidence: { ref: number; study: string; design: string; centres: string; sites: string; interventions: string; patients: string; lesions: string; complications: string; control: string }[];
  byYear: { value: string; count: number }[];
  bySite: { value: string; count: number }[];
  pooled: Pooled[];
  changes: VersionDiff | null;
  generated: string;
}

const frac = (o: Outcome | undefined) => (o && o.events !== null && o.denominator !== null ? `${o.events}/${o.denominator} ${o.unit ?? ''}`.trim() : '');

function pooled(studies: readonly Study[], outcomes: readonly Outcome[], label: string, outcome: 'complications' | 'local_control'): Pooled | null {
  try {
    const data = fromOutcomes(studies, outcomes, { outcome, measure: 'PLO', severity: outcome === 'complications' ? 'any' : undefined });
    if (data.labels.length < 2) return null;
    const r = runMeta(data, { method: 'REML', test: 'z', level: 0.95, leaveOneOut: false });
    const t = r.transformed!;
    return { label, k: r.k, estimate: t.pred, ciLb: t.ciLb, ciUb: t.ciUb, piLb: t.piLb, piUb: t.piUb, I2: r.model.I2, tau2: r.model.tau2 };
  } catch (error) {
    // Nothing to fit (no study with data, a model that cannot be fitted) leaves the section out; a bug does not.
    if (error instanceof NothingToPoolError || error instanceof MetaAnalysisError) return null;
    throw error;
  }
}

export function buildReport(dataset: ValidDataset, changes: VersionDiff | null, generated: string): ReportModel {
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
      design: s.design ?? 'not coded',
      centres: s.centres ?? '',
      sites: s.sites.join(', '),
      interventions: s.interventions.join(', '),
      patients: s.patients === null ? '' : String(s.patients),
      lesions: s.lesions === null ? '' : String(s.lesions),
      complications: frac(outcomeOf(s, 'complications', 'any')),
      control: frac(outcomeOf(s, 'local_control')),
    })),
    byYear: countBy(unique, 'year'),
    bySite: countBy(unique, 'sites'),
    pooled: [pooled(studies, outcomes, 'Any complication', 'complications'), pooled(studies, outcomes, 'Local tumour control', 'local_control')].filter((p): p is Pooled => p !== null),
    changes,
    generated,
  };
}
