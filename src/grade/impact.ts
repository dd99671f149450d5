// `npa impact REF`: everything that depends on one study, recomputed without it (and its repeat listings), side by side:
// the review's statistics, its numeric claims, the pooled estimates and their certainty, and the overlaps it is in.
import type { ValidDataset } from '../load/dataset.js';
import { summarize } from '../stats/summary.js';
import { verifyClaims } from '../stats/verify.js';
import { loadCohorts, scoreOverlaps } from '../appraisal/cohorts.js';
import { assessReview } from './review.js';
import { InputError } from '../errors.js';

export interface Affected {
  kind: 'statistic' | 'claim' | 'pooled estimate' | 'certainty' | 'overlap';
  id: string;
  with: string;
  without: string;
  changed: boolean;
}

export interface Impact {
  ref: number;
  label: string;
  refs: number[];
  affected: Affected[];
  /** Statistics and claims where only the denominator moves. */
  denominatorOnly: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function impactOf(ds: ValidDataset, ref: number): Impact {
  const study = ds.studies.find((s) => s.ref === ref);
  if (!study) throw new InputError(`no study with ref ${ref} in ${ds.dir}/studies.csv.`);
  const first = study.duplicate_of ?? ref;
  const refs = ds.studies.filter((s) => s.ref === first || s.duplicate_of === first).map((s) => s.ref);
  const rest = ds.studies.filter((s) => !refs.includes(s.ref));
  const affected: Affected[] = [];
  const push = (a: Omit<Affected, 'changed'>) => affected.push({ ...a, changed: a.with !== a.without });

  // Every statistic and claim counts the study in its denominator; listed are those where it is in the numerator
  // (the count changes) or whose verdict changes. The rest are summed up in one line.
  const before = summarize(ds.studies, ds.review);
  const after = new Map(summarize(rest, ds.review).map((s) => [s.id, s]));
  let denominatorOnly = 0;
  for (const s of before) {
    const a = after.get(s.id)!;
    if (s.count === a.count && s.status === a.status) {
      if (s.denominator !== a.denominator) denominatorOnly++;
      continue;
    }
    push({ kind: 'statistic', id: s.id, with: `${s.count}/${s.denominator}${s.percent !== null ? ` (${s.percent.toFixed(0)}%)` : ''} ${s.status}`, without: `${a.count}/${a.denominator}${a.percent !== null ? ` (${a.percent.toFixed(0)}%)` : ''} ${a.status}` });
  }

  const claimsBefore = verifyClaims(ds.claims, ds.studies, ds.outcomes, ds.review);
  const claimsAfter = new Map(verifyClaims(ds.claims, rest, ds.outcomes.filter((o) => !refs.includes(o.ref)), ds.review).map((c) => [c.id, c]));
  for (const c of claimsBefore) {
    const a = claimsAfter.get(c.id)!;
    const show = (x: typeof c) => `${x.status}${x.computed ? ` (computed ${x.computed.count}${x.computed.denominator !== null ? `/${x.computed.denominator}` : ''})` : ''}`;
    const claim = ds.claims.find((x) => x.id === c.id);
    const about = claim?.ref !== null && claim?.ref !== undefined && refs.includes(claim.ref);
    if (!about && c.status === a.status && c.computed?.count === a.computed?.count) {
      if (c.computed?.denominator !== a.computed?.denominator) denominatorOnly++;
      continue;
    }
    push({ kind: 'claim', id: c.id, with: show(c), without: show(a) });
  }

  const withAll = assessReview(ds);
  const withoutIt = assessReview(ds, { without: refs });
  for (const p of withAll.pooled) {
    if (!p.studies.some((s) => refs.includes(s.ref))) continue;
    const q = withoutIt.pooled.find((x) => x.id === p.id);
    const fmt = (m: typeof p.meta) => `${pct(m.transformed!.pred)} (95% CI ${pct(m.transformed!.ciLb)} to ${pct(m.transformed!.ciUb)}), k = ${m.k}, I² = ${(m.model.I2 ?? 0).toFixed(0)}%`;
    push({ kind: 'pooled estimate', id: p.id, with: fmt(p.meta), without: q ? fmt(q.meta) : 'nothing left to pool' });
    const g = withAll.grades.find((x) => x.outcome === p.id)!;
    const h = withoutIt.grades.find((x) => x.outcome === p.id);
    const gtext = (x: typeof g) => `${x.certainty} (${x.domains.filter((d) => !['not serious', 'none', 'not applicable', 'undetected', 'not assessable'].includes(d.judgement)).map((d) => `${d.domain}: ${d.judgement}`).join('; ') || 'no rating down'})`;
    push({ kind: 'certainty', id: p.id, with: gtext(g), without: h ? gtext(h) : 'not assessable' });
  }

  const cohorts = loadCohorts(ds.dir, ds.studies);
  for (const pair of scoreOverlaps(ds.studies, cohorts.rows).filter((p) => p.likely && (refs.includes(p.a) || refs.includes(p.b)))) {
    push({ kind: 'overlap', id: `${pair.a}~${pair.b}`, with: `likely overlap, score ${pair.score}: ${pair.evidence.join('; ')}`, without: 'gone' });
  }
  return { ref, label: `${study.first_author} ${study.year} [${ref}]`, refs, affected, denominatorOnly };
}
