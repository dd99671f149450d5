// Scores a de-duplication against labelled truth the way bib-dedupe scores tools (record level):
// for each record outside every true cluster, kept = TN, removed = FP; for each true cluster, if at
// least one member is kept: TN += 1, FN += kept - 1, TP += removed; if every member is removed:
// FP += 1, TP += size - 1. Sensitivity = TP / (TP + FN).
// "Removed" means: in a found group and not the group's kept record. Sensitivity is reported twice:
// with only the automatic merges, and counting the pairs sent for review as found: a person who
// reads the review list merges each pair the labels call one publication and leaves the others apart.
// (If a person merged every pair on the list, the false merges that would make are `acceptAllFp`.)
import type { DedupeResult } from './dedupe.js';

export interface DedupeScore {
  fp: number;
  tp: number;
  fn: number;
  tn: number;
  sensitivity: number;
  /** The same counts after a person merged the review pairs that are true duplicates and refused the others. */
  withReview: { fp: number; tp: number; fn: number; tn: number; sensitivity: number };
  /** False merges if a person merged every pair on the review list. */
  acceptAllFp: number;
  reviewPairs: number;
  /** Review pairs that are true duplicates. */
  reviewTrue: number;
}

/** Reads a bib-dedupe clusters.csv body: header `merged_ids`, one row per cluster, ids joined by `;`. */
export function parseClusters(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.trim().replace(/^"|"$/g, ''))
    .filter(Boolean)
    .map((l) => l.split(';').map((s) => s.trim()).filter(Boolean));
}

/** Record-level counts for a partition given as groups (each group: ids, first is kept). */
export function scoreGroups(ids: readonly string[], truth: readonly string[][], groups: readonly { keep: string; ids: readonly string[] }[]) {
  const removed = new Set<string>();
  for (const g of groups) for (const id of g.ids) if (id !== g.keep) removed.add(id);
  const inTruth = new Set<string>();
  let fp = 0, tp = 0, fn = 0, tn = 0;
  for (const cluster of truth) {
    const present = cluster;
    for (const id of present) inTruth.add(id);
    const kept = present.filter((id) => !removed.has(id)).length;
    if (kept >= 1) {
      tn += 1;
      fn += kept - 1;
      tp += present.length - kept;
    } else {
      fp += 1;
      tp += present.length - 1;
    }
  }
  for (const id of ids) {
    if (inTruth.has(id)) continue;
    if (removed.has(id)) fp++;
    else tn++;
  }
  return { fp, tp, fn, tn, sensitivity: tp + fn ? tp / (tp + fn) : 1 };
}

/** Groups after also merging the given review pairs (union-find over the found groups and the pairs). */
function withPairs(ids: readonly string[], result: DedupeResult, pairs: readonly { ids: readonly [string, string] }[]): { keep: string; ids: string[] }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    if (p !== x) parent.set(x, p);
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const c of result.clusters) for (const id of c.ids) union(c.ids[0]!, id);
  for (const m of pairs) union(m.ids[0], m.ids[1]);
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const r = find(id);
    const list = groups.get(r);
    if (list) list.push(id);
    else groups.set(r, [id]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => ({ keep: g[0]!, ids: g }));
}

export function scoreDedupe(ids: readonly string[], truth: readonly string[][], result: DedupeResult): DedupeScore {
  const auto = scoreGroups(ids, truth, result.clusters);
  const clusterOf = new Map<string, number>();
  truth.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  const truePairs = result.maybe.filter((m) => clusterOf.has(m.ids[0]) && clusterOf.get(m.ids[0]) === clusterOf.get(m.ids[1]));
  const review = scoreGroups(ids, truth, withPairs(ids, result, truePairs));
  const acceptAllFp = scoreGroups(ids, truth, withPairs(ids, result, result.maybe)).fp;
  return { ...auto, withReview: review, acceptAllFp, reviewPairs: result.maybe.length, reviewTrue: truePairs.length };
}
