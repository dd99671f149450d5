// Groups records that are the same publication. Precision first: a false merge drops a study from a
// review, so only clear cases merge and anything uncertain goes to a `maybe` list for a person.
//   Tier 1: the same DOI or PMID.
//   Tier 2: the same (or nearly the same) normalised title, compared only inside blocks (title
//           prefix, title suffix, first author + year + start page), corroborated by year, first
//           author, volume, start page and journal, with no field in conflict.
// Never merged automatically: different DOIs or PMIDs, conference abstracts vs articles, preprints vs
// journal versions (these go to `maybe`); errata, retractions, comments and replies are never the
// paper they concern (not even `maybe`).
import { distance } from 'fastest-levenshtein';
import type { BibRecord } from './record.js';
import { familyName, sameFamily, isConference, isPreprint, journalsCompatible, normalizeTitle, normalizeVolume, noticeKind, startPage } from './normalize.js';

export interface Cluster {
  keep: string;
  ids: string[];
  rule: string;
  score: number;
}

export interface Maybe {
  ids: [string, string];
  reason: string;
  score: number;
}

export interface Decisions {
  /** Pairs a person said are the same publication. */
  same: [string, string][];
  /** Pairs a person said are different publications. */
  different: [string, string][];
}

export interface DedupeResult {
  records: number;
  clusters: Cluster[];
  maybe: Maybe[];
  /** Blocks too large to compare pair by pair (for example a title like "Editorial"), by key. */
  oversizedBlocks: { key: string; size: number }[];
}

export interface DedupeOptions {
  decisions?: Decisions;
  /** Largest block compared pair by pair. */
  maxBlock?: number;
}

interface Prepared {
  r: BibRecord;
  index: number;
  title: string;
  author: string;
  volume: string;
  page: string;
  notice: string | null;
  conference: boolean;
  preprint: boolean;
}

function prepare(r: BibRecord, index: number): Prepared {
  return {
    r,
    index,
    title: normalizeTitle(r.title),
    author: familyName(r.authors[0]),
    volume: normalizeVolume(r.volume),
    page: startPage(r.pages),
    notice: noticeKind(r.title),
    conference: isConference(r.type),
    preprint: isPreprint(r.journal, r.doi, r.publisher),
  };
}

export function titleSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  if (Math.abs(a.length - b.length) / longest > 0.2) return 1 - Math.abs(a.length - b.length) / longest;
  return 1 - distance(a, b) / longest;
}

/** Strips a journal name appended to a title by some exports ("Title. Journal of X"). */
function withoutJournal(title: string, journal: string | null): string {
  const j = normalizeTitle(journal);
  return j && title.endsWith(` ${j}`) ? title.slice(0, -j.length - 1) : title;
}

interface Verdict {
  kind: 'same' | 'maybe' | 'different';
  rule: string;
  score: number;
}

export function compare(a: Prepared, b: Prepared): Verdict {
  const ra = a.r;
  const rb = b.r;
  if (ra.doi && rb.doi && ra.doi === rb.doi) return { kind: 'same', rule: 'doi', score: 1 };
  if (ra.pmid && rb.pmid && ra.pmid === rb.pmid) return { kind: 'same', rule: 'pmid', score: 1 };

  let sim = titleSimilarity(a.title, b.title);
  if (sim < 1) sim = Math.max(sim, titleSimilarity(withoutJournal(a.title, rb.journal), withoutJournal(b.title, ra.journal)));
  if (sim < 0.85) return { kind: 'different', rule: 'title', score: sim };

  // A notice about a paper (erratum, retraction, comment, reply) is never the paper: certainly different.
  if (a.notice !== b.notice) return { kind: 'different', rule: `${a.notice ?? b.notice} notice vs the paper`, score: sim };

  const conflicts: string[] = [];
  if (ra.doi && rb.doi) conflicts.push('different DOIs');
  if (ra.pmid && rb.pmid) conflicts.push('different PMIDs');
  if (a.conference !== b.conference) conflicts.push('conference abstract vs article');
  if (a.preprint !== b.preprint) conflicts.push('preprint vs journal version');
  if (ra.year !== null && rb.year !== null && Math.abs(ra.year - rb.year) > 1) conflicts.push(`years ${ra.year} and ${rb.year}`);
  if (a.volume && b.volume && a.volume !== b.volume) conflicts.push(`volumes ${ra.volume} and ${rb.volume}`);
  if (a.page && b.page && a.page !== b.page) conflicts.push(`pages ${ra.pages} and ${rb.pages}`);
  if (a.author && b.author && !sameFamily(a.author, b.author)) conflicts.push(`first authors ${ra.authors[0]} and ${rb.authors[0]}`);
  const journals = journalsCompatible(ra.journal ?? ra.journalAbbrev, rb.journal ?? rb.journalAbbrev) ?? journalsCompatible(ra.journalAbbrev, rb.journalAbbrev);

  let support = 0;
  if (a.author && b.author && sameFamily(a.author, b.author)) support++;
  if (a.volume && a.volume === b.volume) support++;
  if (a.page && a.page === b.page) support++;
  if (journals === true) support++;
  const sameYear = ra.year !== null && ra.year === rb.year;
  const score = Number((0.6 * sim + 0.1 * Math.min(support, 4)).toFixed(4));

  if (conflicts.length > 0) return { kind: 'maybe', rule: conflicts.join('; '), score };
  if (sim === 1 && sameYear && support >= 1) return { kind: 'same', rule: 'title+year', score };
  if (sim >= 0.95 && (sameYear || ra.year === null || rb.year === null) && support >= 2) return { kind: 'same', rule: 'similar title+fields', score };
  if (sim === 1 && support >= 2) return { kind: 'same', rule: 'title+fields', score };
  if (sim >= 0.95 && support >= 3) return { kind: 'same', rule: 'similar title+fields', score };
  return { kind: 'maybe', rule: sim === 1 ? 'same title, little else to confirm' : `similar titles (${sim.toFixed(2)})`, score };
}

class UnionFind {
  parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function completeness(r: BibRecord): number {
  return (r.doi ? 4 : 0) + (r.pmid ? 4 : 0) + (r.abstract ? 2 : 0) + [r.title, r.year, r.journal, r.volume, r.issue, r.pages].filter((v) => v !== null).length + (r.authors.length ? 1 : 0);
}

export function dedupe(records: readonly BibRecord[], options: DedupeOptions = {}): DedupeResult {
  const maxBlock = options.maxBlock ?? 200;
  const prepared = records.map(prepare);
  const indexById = new Map(records.map((r, i) => [r.id, i]));
  const pairKey = (i: number, j: number) => (i < j ? `${i}:${j}` : `${j}:${i}`);
  const different = new Set<string>();
  const same: [number, number][] = [];
  for (const [x, y] of options.decisions?.different ?? []) {
    const i = indexById.get(x);
    const j = indexById.get(y);
    if (i !== undefined && j !== undefined) different.add(pairKey(i, j));
  }
  for (const [x, y] of options.decisions?.same ?? []) {
    const i = indexById.get(x);
    const j = indexById.get(y);
    if (i !== undefined && j !== undefined) same.push([i, j]);
  }

  // Candidate pairs: identifiers first, then title and author blocks.
  const blocks = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const list = blocks.get(key);
    if (list) list.push(i);
    else blocks.set(key, [i]);
  };
  for (const p of prepared) {
    if (p.r.doi) add(`doi:${p.r.doi}`, p.index);
    if (p.r.pmid) add(`pmid:${p.r.pmid}`, p.index);
    const compact = p.title.replace(/ /g, '');
    if (compact.length >= 10) {
      add(`t1:${compact.slice(0, 24)}`, p.index);
      add(`t2:${compact.slice(-24)}`, p.index);
    }
    if (p.author && p.r.year !== null && p.page) add(`a:${p.author}:${p.r.year}:${p.page}`, p.index);
  }

  const verdicts = new Map<string, Verdict & { i: number; j: number }>();
  const oversizedBlocks: { key: string; size: number }[] = [];
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    if (members.length > maxBlock && !key.startsWith('doi:') && !key.startsWith('pmid:')) {
      oversizedBlocks.push({ key, size: members.length });
      continue;
    }
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x]!;
        const j = members[y]!;
        const k = pairKey(i, j);
        if (verdicts.has(k)) continue;
        verdicts.set(k, { ...compare(prepared[i]!, prepared[j]!), i: Math.min(i, j), j: Math.max(i, j) });
      }
    }
  }

  // Merge clear pairs (identifiers first), never across a pair a person marked as different.
  const uf = new UnionFind(records.length);
  const members = new Map<number, number[]>();
  const membersOf = (root: number) => members.get(root) ?? [root];
  const maybe: Maybe[] = [];
  const ruleOf = new Map<number, Set<string>>();
  const scoreOf = new Map<number, number>();
  const merge = (i: number, j: number, rule: string, score: number): boolean => {
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) return true;
    const a = membersOf(ri);
    const b = membersOf(rj);
    if (a.some((x) => b.some((y) => different.has(pairKey(x, y))))) return false;
    uf.union(ri, rj);
    const root = uf.find(ri);
    members.set(root, [...a, ...b]);
    const rules = new Set([...(ruleOf.get(ri) ?? []), ...(ruleOf.get(rj) ?? []), rule]);
    ruleOf.set(root, rules);
    scoreOf.set(root, Math.min(scoreOf.get(ri) ?? 1, scoreOf.get(rj) ?? 1, score));
    return true;
  };
  for (const [i, j] of same) merge(i, j, 'person', 1);
  const ordered = [...verdicts.values()].sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  for (const v of ordered) {
    if (different.has(pairKey(v.i, v.j))) continue;
    if (v.kind === 'same') {
      if (!merge(v.i, v.j, v.rule, v.score)) maybe.push({ ids: [records[v.i]!.id, records[v.j]!.id], reason: `${v.rule}, but a person marked a member as different`, score: v.score });
    }
  }
  // One uncertain pair per pair of groups (the best-scoring one), not one per member.
  const shown = new Set<string>();
  for (const v of ordered) {
    if (v.kind !== 'maybe' || different.has(pairKey(v.i, v.j))) continue;
    const ri = uf.find(v.i);
    const rj = uf.find(v.j);
    if (ri === rj || shown.has(pairKey(ri, rj))) continue;
    shown.add(pairKey(ri, rj));
    maybe.push({ ids: [records[v.i]!.id, records[v.j]!.id], reason: v.rule, score: v.score });
  }

  const clusters: Cluster[] = [];
  for (const [root, list] of members) {
    if (uf.find(root) !== root) continue;
    const sorted = [...list].sort((a, b) => a - b);
    const keep = sorted.reduce((best, i) => (completeness(records[i]!) > completeness(records[best]!) ? i : best), sorted[0]!);
    clusters.push({ keep: records[keep]!.id, ids: sorted.map((i) => records[i]!.id), rule: [...(ruleOf.get(root) ?? [])].sort().join('+'), score: scoreOf.get(root) ?? 1 });
  }
  clusters.sort((a, b) => indexById.get(a.ids[0]!)! - indexById.get(b.ids[0]!)!);
  maybe.sort((a, b) => b.score - a.score);
  return { records: records.length, clusters, maybe, oversizedBlocks };
}

/** The records with every cluster reduced to its kept record, in input order. */
export function keepOnly(records: readonly BibRecord[], result: DedupeResult): BibRecord[] {
  const drop = new Set<string>();
  for (const c of result.clusters) for (const id of c.ids) if (id !== c.keep) drop.add(id);
  return records.filter((r) => !drop.has(r.id));
}
