// The shipped review's certainty assessment end to end: pooled analyses of its poolable outcomes (the same code as
// `npa meta`: fromOutcomes + runMeta, logit proportions, REML, 95%), the appraisal, the overlap policy, the person's
// decisions in grade.csv, and the impact of leaving a study out.
import type { Issue } from '../issues.js';
import type { ValidDataset } from '../load/dataset.js';
import type { Study } from '../schema/study.js';
import { fromOutcomes } from '../synthesis/input.js';
import { runMeta, type MetaResult } from '../synthesis/run.js';
import { settle, loadAppraisal } from '../appraisal/load.js';
import { applyCohortPolicy, loadCohorts, overlapSets, scoreOverlaps, type CohortPolicy } from '../appraisal/cohorts.js';
import { gradeOutcome, type OutcomeGrade, type Threshold } from './grade.js';
import { GRADE_OUTCOMES } from '../schema/grade.js';
import { loadDecisions } from './decisions.js';

const refOf = (label: string) => Number(/\[(\d+)\]/.exec(label)?.[1]);

export interface Pooled {
  id: string;
  label: string;
  meta: MetaResult;
  studies: Study[];
  events: number[];
  denominators: number[];
}

/** Pools one outcome over the given studies; null when fewer than one study has data. */
export function pool(studies: readonly Study[], ds: ValidDataset, id: string): Pooled | null {
  const o = GRADE_OUTCOMES.find((x) => x.id === id)!;
  const input = fromOutcomes(studies, ds.outcomes, { outcome: o.outcome, measure: 'PLO', severity: o.severity });
  if (input.labels.length === 0) return null;
  let meta: MetaResult;
  try {
    meta = runMeta(input, { method: 'REML', test: 'z', level: 0.95, leaveOneOut: false });
  } catch {
    return null;
  }
  const idx = meta.studies.map((s) => input.labels.indexOf(s.label));
  const xi = (input.input as unknown as { xi: number[] }).xi;
  const ni = (input.input as unknown as { ni: number[] }).ni;
  return {
    id, label: o.label, meta,
    studies: meta.studies.map((s) => studies.find((x) => x.ref === refOf(s.label))!),
    events: idx.map((i) => xi[i]!),
    denominators: idx.map((i) => ni[i]!),
  };
}

export interface ReviewCertainty {
  grades: OutcomeGrade[];
  pooled: Pooled[];
  issues: Issue[];
  policy: CohortPolicy;
  dropped: { ref: number; reason: string }[];
}

/** GRADE for each poolable outcome of the review; `without` leaves studies out (and their repeat listings). */
export function assessReview(ds: ValidDataset, options: { policy?: CohortPolicy; without?: readonly number[] } = {}): ReviewCertainty {
  const without = new Set(options.without ?? []);
  const studies = ds.studies.filter((s) => !without.has(s.ref) && !(s.duplicate_of !== null && without.has(s.duplicate_of)));
  const appraisal = loadAppraisal(ds.dir, ds.studies);
  const decisions = loadDecisions(ds.dir);
  const cohorts = loadCohorts(ds.dir, ds.studies);
  const policy = options.policy ?? 'all';
  const sets = overlapSets(scoreOverlaps(studies, cohorts.rows));
  const thresholds = (ds.review as { certainty?: { thresholds?: Record<string, Threshold> } }).certainty?.thresholds ?? {};
  const settled = settle(appraisal.rows);
  const grades: OutcomeGrade[] = [];
  const pooledAll: Pooled[] = [];
  let dropped: { ref: number; reason: string }[] = [];
  for (const o of GRADE_OUTCOMES) {
    // The overlap policy picks per outcome: the largest study is the one with the largest pooled denominator.
    const first = pool(studies, ds, o.id);
    if (!first) continue;
    let pooled = first;
    if (policy !== 'all') {
      const sizes = new Map(first.studies.map((s, i) => [s.ref, first.denominators[i]!]));
      const chosen = applyCohortPolicy(first.studies, sets, policy, (s) => sizes.get(s.ref) ?? null);
      dropped = [...dropped, ...chosen.dropped.map((d) => ({ ...d, reason: `${o.label}: ${d.reason}` }))];
      const again = pool(chosen.kept, ds, o.id);
      if (!again) continue;
      pooled = again;
    }
    pooledAll.push(pooled);
    grades.push(gradeOutcome({
      outcome: o.id, label: o.label, meta: pooled.meta, studies: pooled.studies, appraisal: settled,
      threshold: thresholds[o.id] ?? null, decisions: decisions.rows, events: pooled.events, denominators: pooled.denominators,
    }));
  }
  return { grades, pooled: pooledAll, issues: [...appraisal.issues, ...cohorts.issues, ...decisions.issues], policy, dropped };
}
