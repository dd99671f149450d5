// npa lookup: PMIDs and DOIs for studies that lack them, from PubMed (ECitMatch, ESearch, EFetch) and
// Crossref (bibliographic query, works). Each proposal carries its evidence; only a confident one may be
// written, and only into an empty cell. A PMID and a DOI must describe the same article: the PubMed
// record's own DOI is the cross-check, and a disagreement is reported, never resolved by npa.
import { normalizeDoi } from '../biblio/fields.js';
import { normalizeText, startPage } from '../biblio/normalize.js';
import type { Study } from '../schema/study.js';
import { crossrefQuery, crossrefRecordUrl, crossrefWork, type CrossrefWork } from './crossref.js';
import type { OnlineConfig } from './config.js';
import type { OnlineClient } from './http.js';
import { compareStudy, type Candidate, type Evidence } from './match.js';
import { ecitmatch, efetchMedline, esearch, pubmedRecordUrl, type PubmedRecord } from './pubmed.js';

export type ProposalStatus = 'confident' | 'review' | 'conflict';

export interface Proposal {
  ref: number;
  field: 'pmid' | 'doi';
  value: string;
  status: ProposalStatus;
  /** How the candidate was found: ECitMatch, ESearch (DOI), ESearch (title), PubMed record, Crossref query. */
  via: string[];
  score: number;
  agree: string[];
  disagree: string[];
  url: string;
  candidate: { title: string | null; journal: string | null; year: number | null };
  note: string;
}

export interface LookupReport {
  proposals: Proposal[];
  /** Refs looked up, and those for which no database offered anything. */
  checked: number[];
  nothingFound: { ref: number; field: 'pmid' | 'doi' }[];
}

const pubmedCandidate = (r: PubmedRecord): Candidate => ({
  title: r.record.title,
  // MEDLINE's JT may end with the title's own abbreviation ("... : JVIR").
  journal: r.record.journal?.replace(/\s+:\s+[^:]*$/, '') ?? null,
  journalAbbrev: r.record.journalAbbrev,
  year: r.record.year,
  volume: r.record.volume,
  pages: r.record.pages,
  firstAuthor: r.record.authors[0] ?? null,
});

const crossrefCandidate = (w: CrossrefWork): Candidate => ({ title: w.title, journal: w.journal, year: w.year, volume: w.volume, pages: w.page, firstAuthor: w.firstAuthor });

const STOP = new Set(['with', 'from', 'that', 'this', 'their', 'after', 'without', 'versus', 'under', 'using', 'into', 'over', 'what', 'which', 'were', 'been', 'have', 'between', 'among', 'study', 'the', 'and', 'for']);

/** ESearch on title words: the eight longest distinctive words, each in [ti]. */
export function titleQuery(title: string): string | null {
  const words = [...new Set(normalizeText(title).split(' ').filter((w) => w.length >= 4 && !STOP.has(w) && !/^\d+$/.test(w)))];
  if (words.length < 2) return null;
  return words.sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 8).map((w) => `${w}[ti]`).join(' AND ');
}

/** The citation as one reference string, for Crossref's query.bibliographic. */
export const referenceString = (s: Study) => [s.first_author, s.title, s.journal, s.year, s.volume, s.pages].filter(Boolean).join(' ');

function proposal(ref: number, field: 'pmid' | 'doi', value: string, via: string[], ev: Evidence, url: string, c: Candidate, note = ''): Proposal {
  return { ref, field, value, status: ev.confident ? 'confident' : 'review', via, score: ev.score, agree: ev.agree, disagree: ev.disagree, url, candidate: { title: c.title, journal: c.journal, year: c.year }, note };
}

/** Keeps one confident proposal per study and field only when it is the only one; otherwise all go to a person. */
function settle(list: Proposal[]): Proposal[] {
  const confident = list.filter((p) => p.status === 'confident');
  if (confident.length > 1) for (const p of confident) { p.status = 'review'; p.note = [p.note, 'more than one record matches'].filter(Boolean).join('; '); }
  return list.sort((a, b) => Number(b.status === 'confident') - Number(a.status === 'confident') || b.score - a.score).slice(0, 3);
}

export async function lookup(client: OnlineClient, config: OnlineConfig, studies: readonly Study[], progress?: (line: string) => void): Promise<LookupReport> {
  const proposals: Proposal[] = [];
  const nothingFound: LookupReport['nothingFound'] = [];
  const checked: number[] = [];
  // Every PMID already in the data, fetched at once: each carries the DOI PubMed holds for it.
  const known = await efetchMedline(client, config, [...new Set(studies.map((s) => s.pmid).filter((p): p is string => p !== null))]);

  for (const [i, study] of studies.entries()) {
    progress?.(`lookup ${i + 1} of ${studies.length}: ref ${study.ref}`);
    const doi = study.doi ? normalizeDoi(study.doi) : null;
    // Cross-check a pair that is already complete.
    if (study.pmid && doi) {
      const rec = known.get(study.pmid);
      const recDoi = rec?.record.doi ?? null;
      if (rec && recDoi && recDoi !== doi) {
        checked.push(study.ref);
        const ev = compareStudy(study, pubmedCandidate(rec));
        proposals.push({ ...proposal(study.ref, 'doi', recDoi, ['PubMed record'], ev, pubmedRecordUrl(study.pmid), pubmedCandidate(rec)), status: 'conflict', note: `PubMed record ${study.pmid} carries DOI ${recDoi}; studies.csv has ${doi}. Not changed: a person decides.` });
      }
      continue;
    }
    checked.push(study.ref);
    const found: Proposal[] = [];

    // ---- PMID ----
    let pubmedDoi: { doi: string; pmid: string; rec: PubmedRecord } | null = null;
    if (!study.pmid) {
      const via = new Map<string, string[]>();
      const add = (pmid: string, how: string) => via.set(pmid, [...(via.get(pmid) ?? []), how]);
      if (doi) for (const id of (await esearch(client, config, `"${doi}"[aid]`, { max: 3 })).ids) add(id, 'ESearch (DOI)');
      const first = startPage(study.pages);
      if (study.volume || first) {
        const m = await ecitmatch(client, config, { journal: study.journal, year: String(study.year), volume: study.volume ?? '', firstPage: first, author: study.first_author, key: `ref${study.ref}` });
        if (m.status === 'found') add(m.pmid, 'ECitMatch');
        if (m.status === 'ambiguous') for (const p of m.pmids) add(p, 'ECitMatch (ambiguous)');
      }
      const q = via.size === 0 ? titleQuery(study.title) : null;
      if (q) for (const id of (await esearch(client, config, q, { max: 5 })).ids) add(id, 'ESearch (title)');
      const records = await efetchMedline(client, config, [...via.keys()]);
      const list: Proposal[] = [];
      for (const [pmid, how] of via) {
        const rec = records.get(pmid);
        if (!rec) continue;
        const c = pubmedCandidate(rec);
        const ev = compareStudy(study, c);
        const p = proposal(study.ref, 'pmid', pmid, how, ev, pubmedRecordUrl(pmid), c);
        const recDoi = rec.record.doi;
        if (doi && recDoi && recDoi !== doi) {
          p.status = 'conflict';
          p.note = `PubMed record carries DOI ${recDoi}; studies.csv has ${doi}`;
        } else if (doi && recDoi === doi) {
          p.agree = [...p.agree, 'doi'];
        }
        list.push(p);
      }
      const settled = settle(list);
      found.push(...settled);
      const chosen = settled.find((p) => p.status === 'confident');
      if (chosen) {
        const recDoi = records.get(chosen.value)?.record.doi;
        if (recDoi) pubmedDoi = { doi: recDoi, pmid: chosen.value, rec: records.get(chosen.value)! };
      }
      if (!list.length) nothingFound.push({ ref: study.ref, field: 'pmid' });
    } else {
      const rec = known.get(study.pmid);
      if (rec?.record.doi) pubmedDoi = { doi: rec.record.doi, pmid: study.pmid, rec };
    }

    // ---- DOI ----
    if (!doi) {
      const works = new Map<string, { work: CrossrefWork | null; via: string[] }>();
      for (const w of await crossrefQuery(client, config, referenceString(study))) works.set(w.doi, { work: w, via: ['Crossref query'] });
      if (pubmedDoi) {
        const entry = works.get(pubmedDoi.doi);
        if (entry) entry.via.push(`PubMed record ${pubmedDoi.pmid}`);
        else works.set(pubmedDoi.doi, { work: await crossrefWork(client, config, pubmedDoi.doi), via: [`PubMed record ${pubmedDoi.pmid}`] });
      }
      const list: Proposal[] = [];
      for (const [value, { work, via }] of works) {
        const fromPubmed = pubmedDoi?.doi === value;
        // Crossref's record of the DOI when it has one; else the PubMed record that carries the DOI.
        const c: Candidate = work ? crossrefCandidate(work) : pubmedCandidate(pubmedDoi!.rec);
        const ev = compareStudy(study, c);
        const url = fromPubmed ? pubmedRecordUrl(pubmedDoi!.pmid) : crossrefRecordUrl(value);
        const p = proposal(study.ref, 'doi', value, via, ev, url, c, work ? '' : 'Crossref does not know this DOI');
        if (fromPubmed) p.agree = [...p.agree, 'pmid'];
        if (pubmedDoi && !fromPubmed && p.status === 'confident') {
          p.status = 'conflict';
          p.note = `PubMed record ${pubmedDoi.pmid} carries DOI ${pubmedDoi.doi} instead`;
        }
        if (!work && p.status === 'confident') p.status = 'review';
        list.push(p);
      }
      // A confident Crossref DOI that PubMed contradicts puts PubMed's DOI in conflict too.
      if (pubmedDoi && list.some((p) => p.status === 'conflict')) {
        for (const p of list) if (p.value === pubmedDoi.doi) { p.status = 'conflict'; p.note = [p.note, 'Crossref matches another DOI'].filter(Boolean).join('; '); }
      }
      const settled = settle(list);
      found.push(...settled);
      if (!list.length) nothingFound.push({ ref: study.ref, field: 'doi' });
    }
    proposals.push(...found);
  }
  return { proposals, checked, nothingFound };
}
