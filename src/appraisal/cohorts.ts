// data/cohorts.csv (declared in src/schema/cohorts.ts) read and checked against studies.csv, and `npa overlap`:
// every pair of unique studies scored for a possibly shared patient cohort.
import { COHORT_META, COHORTS_FILE, type CohortRow } from '../schema/cohorts.js';
import { loadOptionalTable, tableSpec, type LoadedRow } from '../load/load-table.js';
import type { Issue } from '../issues.js';
import type { Study } from '../schema/study.js';
import { foldAccents } from '../text.js';

const COHORT_TABLE = tableSpec(COHORT_META);

/** Months since year 0; a bare year starts in January and ends in December. */
const month = (s: string, end: boolean) => {
  const [y, m] = s.split('-');
  return Number(y) * 12 + (m ? Number(m) - 1 : end ? 11 : 0);
};

function checkCohorts(file: string, rows: readonly LoadedRow<CohortRow>[], studies: readonly Study[]): Issue[] {
  const issues: Issue[] = [];
  const refs = new Map(studies.map((s) => [s.ref, s]));
  for (const { value: r, line } of rows) {
    if (r.ref !== null && !refs.has(r.ref)) issues.push({ severity: 'error', code: 'unknown_ref', file, line, column: 'ref', value: String(r.ref), message: 'no study with this ref in studies.csv' });
    else if (r.ref !== null && refs.get(r.ref)!.duplicate_of !== null) issues.push({ severity: 'error', code: 'duplicate_listing', file, line, column: 'ref', value: String(r.ref), message: 'this listing repeats another; code the first listing' });
    if (r.period_start && r.period_end && month(r.period_start, false) > month(r.period_end, true))
      issues.push({ severity: 'error', code: 'period_order', file, line, column: 'period_end', value: r.period_end, message: `ends before it starts (${r.period_start})` });
    if (!r.institution && !r.period_start && !r.period_end) issues.push({ severity: 'warning', code: 'empty_cohort', file, line, column: 'institution', message: 'neither an institution nor a period' });
  }
  return issues;
}

export function loadCohorts(dir: string, studies: readonly Study[]): { file: string | null; rows: CohortRow[]; issues: Issue[] } {
  return loadOptionalTable(dir, COHORTS_FILE, COHORT_TABLE, (file, all) => checkCohorts(file, all, studies));
}

// ---- scoring ------------------------------------------------------------------------------------------------

const fold = foldAccents;

/** "Wallace AN" and "Wallace A" → "wallace a"; "et al." dropped. Surname = last word before the initials. */
export function authorKeys(authors: string | null): string[] {
  if (!authors) return [];
  return authors
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a && !/^et al\.?$/i.test(a))
    .map((a) => {
      const words = fold(a).replace(/[^a-z\s-]/g, '').split(/\s+/).filter(Boolean);
      const initials = words.length > 1 ? words[words.length - 1]! : '';
      const surname = words.length > 1 ? words[words.length - 2]! : words[0] ?? '';
      return `${surname} ${initials.charAt(0)}`.trim();
    });
}

export interface OverlapPair {
  a: number;
  b: number;
  score: number;
  likely: boolean;
  evidence: string[];
}

export interface OverlapWeights {
  institution: number;
  periodOverlap: number;
  periodDisjoint: number;
  author: number;
  maxAuthors: number;
  site: number;
  intervention: number;
  nested: number;
  threshold: number;
}

/** The points each kind of evidence adds; a pair is listed as a likely overlap at `threshold` or more. */
export const OVERLAP_WEIGHTS: OverlapWeights = { institution: 3, periodOverlap: 2, periodDisjoint: -3, author: 1, maxAuthors: 3, site: 0.5, intervention: 0.5, nested: 0.5, threshold: 4 };

const periodOf = (rows: readonly CohortRow[]) => {
  const starts = rows.filter((r) => r.period_start).map((r) => month(r.period_start!, false));
  const ends = rows.filter((r) => r.period_end).map((r) => month(r.period_end!, true));
  return starts.length && ends.length ? { start: Math.min(...starts), end: Math.max(...ends), text: `${rows.find((r) => r.period_start)!.period_start}..${rows.find((r) => r.period_end)!.period_end}`, monthly: rows.every((r) => (!r.period_start || r.period_start.includes('-')) && (!r.period_end || r.period_end.includes('-'))) } : null;
};

/** Scores every pair of unique studies; returns the pairs with any positive evidence, highest score first. */
export function scoreOverlaps(studies: readonly Study[], cohorts: readonly CohortRow[], w: OverlapWeights = OVERLAP_WEIGHTS): OverlapPair[] {
  const unique = studies.filter((s) => s.duplicate_of === null);
  const info = unique.map((s) => {
    const rows = cohorts.filter((c) => c.ref === s.ref);
    return {
      s,
      institutions: new Set(rows.map((r) => r.institution).filter((x): x is string => Boolean(x)).map(fold)),
      names: new Map(rows.filter((r) => r.institution).map((r) => [fold(r.institution!), r.institution!])),
      period: periodOf(rows),
      authors: new Set(authorKeys(s.authors)),
    };
  });
  const pairs: OverlapPair[] = [];
  for (let i = 0; i < info.length; i++) {
    for (let j = i + 1; j < info.length; j++) {
      const x = info[i]!;
      const y = info[j]!;
      const evidence: string[] = [];
      let score = 0;
      const sharedInst = [...x.institutions].filter((n) => y.institutions.has(n));
      if (sharedInst.length) {
        score += w.institution;
        evidence.push(`same institution: ${sharedInst.map((n) => x.names.get(n)).join('; ')}`);
      }
      const sharedAuthors = [...x.authors].filter((a) => y.authors.has(a));
      if (!sharedInst.length && x.institutions.size && y.institutions.size) {
        score += w.periodDisjoint;
        evidence.push(`different institutions: ${[...x.names.values()].join('; ')} and ${[...y.names.values()].join('; ')}`);
      }
      // Enrolment years say something only about studies already linked by an institution or an author.
      if (x.period && y.period && (sharedInst.length || sharedAuthors.length)) {
        const shared = Math.min(x.period.end, y.period.end) - Math.max(x.period.start, y.period.start) + 1;
        if (shared > 0 && shared <= 12 && (!x.period.monthly || !y.period.monthly)) {
          score += w.periodOverlap / 2;
          evidence.push(`enrolment periods meet in one year only (given as years): ${x.period.text} and ${y.period.text}`);
        } else if (shared > 0) {
          score += w.periodOverlap;
          evidence.push(`enrolment periods overlap: ${x.period.text} and ${y.period.text}`);
        } else {
          score += w.periodDisjoint;
          evidence.push(`enrolment periods do not overlap: ${x.period.text} and ${y.period.text}`);
        }
      }
      if (sharedAuthors.length) {
        score += Math.min(sharedAuthors.length, w.maxAuthors) * w.author;
        evidence.push(`${sharedAuthors.length} shared author${sharedAuthors.length > 1 ? 's' : ''}: ${sharedAuthors.join(', ')}`);
      }
      if (score <= 0) continue; // site and intervention alone say nothing about shared patients
      const sites = (x.s.sites ?? []).filter((t) => (y.s.sites ?? []).includes(t));
      if (sites.length) {
        score += w.site;
        evidence.push(`same site: ${sites.join(', ')}`);
      }
      const interventions = (x.s.interventions ?? []).filter((t) => (y.s.interventions ?? []).includes(t));
      if (interventions.length) {
        score += w.intervention;
        evidence.push(`same intervention: ${interventions.join(', ')}`);
      }
      const nx = x.s.patients;
      const ny = y.s.patients;
      if (nx !== null && ny !== null && nx !== ny) {
        score += w.nested;
        evidence.push(`sample sizes could nest: ${Math.min(nx, ny)} patients within ${Math.max(nx, ny)}`);
      }
      pairs.push({ a: x.s.ref, b: y.s.ref, score, likely: score >= w.threshold, evidence });
    }
  }
  return pairs.sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);
}

/** Sets of studies joined by likely overlaps (connected components), each sorted by ref. */
export function overlapSets(pairs: readonly OverlapPair[]): number[][] {
  const parent = new Map<number, number>();
  const find = (r: number): number => {
    const p = parent.get(r) ?? r;
    if (p === r) return r;
    const root = find(p);
    parent.set(r, root);
    return root;
  };
  for (const p of pairs.filter((q) => q.likely)) {
    if (!parent.has(p.a)) parent.set(p.a, p.a);
    if (!parent.has(p.b)) parent.set(p.b, p.b);
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, number[]>();
  for (const r of parent.keys()) groups.set(find(r), [...(groups.get(find(r)) ?? []), r]);
  return [...groups.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

export type CohortPolicy = 'all' | 'one-per-cohort' | 'exclude-overlap';

/**
 * The studies to pool under a cohort policy. one-per-cohort keeps the largest study of each overlapping set (most
 * patients; ties: lowest ref; `size` may give the pooled denominator instead); exclude-overlap leaves out every study
 * that belongs to an overlapping set.
 */
export function applyCohortPolicy<T extends { ref: number; patients: number | null }>(studies: readonly T[], sets: readonly number[][], policy: CohortPolicy, size?: (s: T) => number | null): { kept: T[]; dropped: { ref: number; reason: string }[] } {
  if (policy === 'all') return { kept: [...studies], dropped: [] };
  const dropped: { ref: number; reason: string }[] = [];
  const drop = new Set<number>();
  for (const set of sets) {
    const members = studies.filter((s) => set.includes(s.ref));
    if (members.length === 0) continue;
    if (policy === 'exclude-overlap') {
      for (const m of members) {
        drop.add(m.ref);
        dropped.push({ ref: m.ref, reason: `in overlapping set ${set.join(', ')}` });
      }
      continue;
    }
    const n = (s: T) => (size ? size(s) : s.patients) ?? -1;
    const keep = [...members].sort((p, q) => n(q) - n(p) || p.ref - q.ref)[0]!;
    for (const m of members) {
      if (m.ref === keep.ref) continue;
      drop.add(m.ref);
      dropped.push({ ref: m.ref, reason: `overlaps ref ${keep.ref}, the largest of set ${set.join(', ')}` });
    }
  }
  return { kept: studies.filter((s) => !drop.has(s.ref)), dropped };
}
