// The review's Results statistics, each recomputed from the study records and set beside the
// value the review printed. Definitions live here once; numbers are never rounded in this module.
import { hasIntervention, hasSite, designIn, isUnique, type Predicate } from '../query/filter.js';
import type { PublishedStat, Review } from '../schema/review.js';
import type { Study } from '../schema/study.js';
import { PROSPECTIVE_DESIGNS } from '../schema/vocab.js';

export type Status = 'match' | 'differs' | 'not reported';

export interface StatDefinition {
  id: string;
  label: string;
  /** How the count is defined, for people reading the output and the README. */
  definition: string;
  /** Studies counted in the numerator (taken from the denominator's studies). */
  select: Predicate;
  /** Restricts the denominator to a subset (default: all studies in scope). */
  within?: Predicate;
  /** False when the field the statistic reads is unknown for a study. */
  known?: Predicate;
}

export interface Statistic {
  id: string;
  label: string;
  definition: string;
  count: number;
  denominator: number;
  percent: number | null;
  /** Studies in the denominator whose relevant field is not coded (counted as "no"). */
  unknown: number;
  published: { count: number | null; denominator: number | null; percent: number | null } | null;
  status: Status;
}

const all: Predicate = () => true;
const sitesKnown: Predicate = (s) => (s.sites?.length ?? 0) > 0;
const interventionsKnown: Predicate = (s) => (s.interventions?.length ?? 0) > 0;
const nonSpinal: Predicate = (s) => (s.sites ?? []).some((site) => site !== 'spine');
const rtRole: Predicate = (s) => s.rt_role === true;

export const STATISTICS: readonly StatDefinition[] = [
  { id: 'included', label: 'Citations included', definition: 'entries in scope', select: all },
  { id: 'unique_studies', label: 'Unique publications', definition: 'entries with no duplicate_of', select: isUnique },
  {
    id: 'prospective', label: 'Prospectively collected data', definition: 'design is prospective or rct',
    select: designIn(PROSPECTIVE_DESIGNS), known: (s) => s.design !== null && s.design !== 'unclear',
  },
  { id: 'spine', label: 'Spinal metastases', definition: 'sites include spine', select: hasSite('spine'), known: sitesKnown },
  {
    id: 'cement', label: 'Cementoplasty in addition to RFA', definition: 'interventions include cement and rfa',
    select: (s) => hasIntervention('cement')(s) && hasIntervention('rfa')(s), known: interventionsKnown,
  },
  {
    id: 'rfa_vs_rfa_cement', label: 'Compare RFA vs RFA + cementoplasty', definition: 'rfa_vs_rfa_cement is true',
    select: (s) => s.rfa_vs_rfa_cement === true, known: (s) => s.rfa_vs_rfa_cement !== null,
  },
  { id: 'non_spinal', label: 'Non-spinal metastases', definition: 'sites include sacrum, pelvis, extremity or other', select: nonSpinal, known: sitesKnown },
  {
    id: 'non_spinal_only', label: 'Only non-spinal metastases', definition: 'sites known and none is spine',
    select: (s) => sitesKnown(s) && !hasSite('spine')(s), known: sitesKnown,
  },
  { id: 'non_spinal_pelvis', label: '  of non-spinal: pelvis', definition: 'sites include pelvis, among non_spinal', select: hasSite('pelvis'), within: nonSpinal },
  { id: 'sacrum', label: 'Sacral lesions', definition: 'sites include sacrum', select: hasSite('sacrum'), known: sitesKnown },
  { id: 'cryoablation', label: 'Cryoablation', definition: 'interventions include cryoablation', select: hasIntervention('cryoablation'), known: interventionsKnown },
  { id: 'microwave', label: 'Microwave ablation', definition: 'interventions include microwave', select: hasIntervention('microwave'), known: interventionsKnown },
  { id: 'rt_role', label: 'Role of radiotherapy with RFA', definition: 'rt_role is true', select: rtRole, known: (s) => s.rt_role !== null },
  { id: 'rt_role_spinal', label: '  of those: spinal', definition: 'sites include spine, among rt_role', select: hasSite('spine'), within: rtRole, known: sitesKnown },
];

export function statusOf(count: number, denominator: number, published: PublishedStat | undefined): Status {
  if (!published || published.count === null) return 'not reported';
  if (published.count !== count) return 'differs';
  if (published.denominator !== null && published.denominator !== denominator) return 'differs';
  return 'match';
}

const percentOf = (count: number, denominator: number) => (denominator === 0 ? null : (100 * count) / denominator);

function publishedView(p: PublishedStat | undefined): Statistic['published'] {
  return p ? { count: p.count, denominator: p.denominator, percent: p.percent } : null;
}

export function computeStatistic(def: StatDefinition, studies: readonly Study[], published: PublishedStat | undefined): Statistic {
  const base = def.within ? studies.filter(def.within) : studies;
  const count = base.filter(def.select).length;
  const unknown = def.known ? base.filter((s) => !def.known!(s)).length : 0;
  return {
    id: def.id,
    label: def.label,
    definition: def.definition,
    count,
    denominator: base.length,
    percent: percentOf(count, base.length),
    unknown,
    published: publishedView(published),
    status: statusOf(count, base.length, published),
  };
}

/** The flow the review printed, checked against its own arithmetic: identified − excluded = included? */
export function flowStatistic(review: Review): Statistic {
  const excluded = review.flow.excluded.reduce((sum, e) => sum + e.n, 0);
  const count = review.flow.identified - excluded;
  const published = { count: review.flow.included, denominator: review.flow.identified, percent: null, quote: '' };
  return {
    id: 'flow_remaining',
    label: 'Search flow: identified − excluded',
    definition: `${review.flow.identified} − (${review.flow.excluded.map((e) => e.n).join(' + ')}), from the review's own flow`,
    count,
    denominator: review.flow.identified,
    percent: percentOf(count, review.flow.identified),
    unknown: 0,
    published: publishedView(published),
    status: statusOf(count, review.flow.identified, published),
  };
}

export function summarize(studies: readonly Study[], review: Review): Statistic[] {
  return [
    ...STATISTICS.map((def) => computeStatistic(def, studies, review.published_statistics[def.id])),
    flowStatistic(review),
  ];
}
