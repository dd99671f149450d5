// Labelled sets for measuring duplicate detection, built from real records (corpus
// fixtures/import/asreview-baseline) and the shipped review. Used by test/corpus/dedupe.test.ts.
import { join } from 'node:path';
import { importFile } from '../../src/biblio/import.js';
import { studyToRecord } from '../../src/biblio/from-study.js';
import type { BibRecord } from '../../src/biblio/record.js';
import { variantsOf, type LabelledSet } from '../biblio/labelled.js';
import { loadDataset } from '../../src/load/dataset.js';
import { corpusPath } from './root.js';

const SHARED = (_root: string) => corpusPath('fixtures', 'import', 'asreview-baseline');

/**
 * The same searches exported by Lens.org (RIS and CSV), Embase, Scopus, Zotero and PubMed. Truth: the
 * databases' own DOIs and PMIDs. The records are then stripped of DOI and PMID, so only the title
 * tier can find them.
 */
export async function crossDatabase(root: string): Promise<LabelledSet> {
  const files = ['_baseline.ris', '_baseline.csv', '_baseline_embase.ris', '_baseline_pubmed.nbib', '_baseline_scopus.ris', '_baseline_zotero.ris'];
  const records: BibRecord[] = [];
  for (const f of files) {
    const r = await importFile(join(SHARED(root), f));
    for (const { record } of r.records) records.push({ ...record, id: `${f}:${record.id}` });
  }
  const parent = records.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  const first = new Map<string, number>();
  records.forEach((r, i) => {
    for (const key of [r.doi && `doi:${r.doi}`, r.pmid && `pmid:${r.pmid}`]) {
      if (!key) continue;
      const j = first.get(key);
      if (j === undefined) first.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, string[]>();
  records.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r.id]));
  return {
    name: 'cross-database exports (identifiers removed)',
    records: records.map((r) => ({ ...r, doi: null, pmid: null })),
    truth: [...groups.values()].filter((g) => g.length > 1),
  };
}

/** The shipped review's 53 publications and the 50 PubMed records, each with variants and look-alikes. */
export async function variants(root: string): Promise<LabelledSet> {
  const pubmed = (await importFile(join(SHARED(root), '_baseline_pubmed.nbib'))).records.map((l) => l.record);
  const studies = loadDataset(join(root, 'data')).studies.filter((s) => s.duplicate_of === null).map(studyToRecord);
  const bases = [...studies.map((r) => ({ ...r, id: `review:${r.id}` })), ...pubmed.map((r) => ({ ...r, id: `pubmed:${r.id}` }))];
  return variantsOf(bases, 'variants of real records (review + PubMed)');
}

export { accuracy } from '../biblio/labelled.js';
