// Labelled sets for measuring duplicate detection: real records each with variants a search really
// produces, labelled by construction. The default suite builds them from the shipped review
// (test/biblio/dedupe.test.ts); the corpus suite adds real exports (test/corpus/labelled.ts).
import type { BibRecord } from '../../src/biblio/record.js';

export interface LabelledSet {
  name: string;
  records: BibRecord[];
  /** Groups of ids that are the same publication (by construction or by database identifiers). */
  truth: string[][];
}

const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * Real records each with variants a
 * search really produces: duplicates that must merge (case and punctuation, HTML, diacritics,
 * abbreviated journal, initials for names, shortened pages, online-first year, a missing DOI,
 * a MEDLINE [translated title]) and look-alikes that must not (erratum, comment, reply, conference
 * abstract, preprint). Labels by construction.
 */
export function variantsOf(bases: BibRecord[], name: string): LabelledSet {
  const records: BibRecord[] = [];
  const truth: string[][] = [];
  bases.forEach((base, n) => {
    const title = base.title ?? '';
    const group = [base.id];
    const dup = (suffix: string, change: Partial<BibRecord>) => {
      const r = { ...base, ...change, id: `${base.id}/${suffix}` };
      records.push(r);
      group.push(r.id);
    };
    const other = (suffix: string, change: Partial<BibRecord>) => records.push({ ...base, ...change, id: `${base.id}/${suffix}` });
    records.push(base);
    // Each base gets two of the eight duplicate kinds and one look-alike, in rotation.
    const dupKinds: (() => void)[] = [
      () => dup('case', { title: `${title.toUpperCase()}.`, doi: null }),
      () => dup('html', { title: title.replace(/(\w+)/, '<i>$1</i>'), journal: base.journalAbbrev ?? base.journal, journalAbbrev: null }),
      () => dup('ascii', { title: strip(title), authors: base.authors.map(strip), pmid: null }),
      () => dup('initials', { authors: base.authors.map((a) => a.replace(/, (\p{L})[\p{L}.\s-]*/u, ' $1')), doi: null }),
      () => dup('pages', { pages: base.pages?.replace(/^(\d+)(\d\d)-\1(\d\d)$/, '$1$2-$3') ?? null, doi: null, pmid: null }),
      () => dup('online-first', { year: base.year === null ? null : base.year - 1, doi: null, pmid: null }),
      () => dup('translated', { title: `[${title}]`, abstract: null, doi: null }),
      () => dup('no-ids', { doi: null, pmid: null, abstract: null, keywords: [] }),
    ];
    const lookAlikes: (() => void)[] = [
      () => other('erratum', { title: `Erratum: ${title}`, doi: base.doi ? `${base.doi}.err` : null, pmid: base.pmid ? `9${base.pmid}` : null, pages: '99' }),
      () => other('comment', { title: `Comment on: ${title}`, authors: ['Critic, A'], doi: null, pmid: null, pages: '100-101' }),
      () => other('reply', { title: `Reply to: ${title}`, doi: null, pmid: null, pages: '102' }),
      () => other('abstract', { type: 'CONF', doi: null, pmid: null, volume: null, pages: null, journal: 'Annual Meeting Abstracts' }),
      () => other('preprint', { journal: 'medRxiv', journalAbbrev: null, publisher: 'Cold Spring Harbor Laboratory', doi: `10.1101/2020.01.${String(n).padStart(2, '0')}.${n}`, pmid: null, volume: null, issue: null, pages: null }),
    ];
    dupKinds[(2 * n) % dupKinds.length]!();
    dupKinds[(2 * n + 1) % dupKinds.length]!();
    lookAlikes[n % lookAlikes.length]!();
    truth.push(group);
  });
  return { name, records, truth };
}

export interface Accuracy {
  truePairs: number;
  foundPairs: number;
  correct: number;
  precision: number;
  recall: number;
  falsePairs: [string, string][];
  missedPairs: [string, string][];
}

function pairsOf(groups: string[][]): Set<string> {
  const out = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) out.add([g[i], g[j]].sort().join('\u0000'));
  return out;
}

export function accuracy(truth: string[][], found: string[][]): Accuracy {
  const t = pairsOf(truth);
  const f = pairsOf(found);
  const correct = [...f].filter((p) => t.has(p)).length;
  const split = (p: string) => p.split('\u0000') as [string, string];
  return {
    truePairs: t.size,
    foundPairs: f.size,
    correct,
    precision: f.size === 0 ? 1 : correct / f.size,
    recall: t.size === 0 ? 1 : correct / t.size,
    falsePairs: [...f].filter((p) => !t.has(p)).map(split),
    missedPairs: [...t].filter((p) => !f.has(p)).map(split),
  };
}
