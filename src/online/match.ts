// Does a database record describe the study? Field by field: which agree, which disagree, a score, and
// whether the match is confident enough to write without a person. The comparisons are the de-duplicator's
// (src/biblio/normalize.ts), so "the same publication" means one thing throughout npa.
import { titleSimilarity } from '../biblio/dedupe.js';
import { familyName, journalsCompatible, normalizeTitle, normalizeVolume, sameFamily, startPage } from '../biblio/normalize.js';
import type { Study } from '../schema/study.js';

export interface Candidate {
  title: string | null;
  journal: string | null;
  journalAbbrev?: string | null;
  year: number | null;
  volume: string | null;
  pages: string | null;
  firstAuthor: string | null;
}

export type FieldName = 'title' | 'first_author' | 'year' | 'journal' | 'volume' | 'first_page';

export interface Evidence {
  agree: FieldName[];
  disagree: FieldName[];
  /** 0..1: weighted share of the fields that agree. */
  score: number;
  titleSimilarity: number;
  confident: boolean;
}

const WEIGHTS: Record<FieldName, number> = { title: 0.4, first_author: 0.15, year: 0.15, journal: 0.1, volume: 0.1, first_page: 0.1 };

/** A title at least this similar (1 − edit distance / length, normalised) counts as the same title. */
export const TITLE_AGREES = 0.9;

export function compareStudy(study: Study, c: Candidate): Evidence {
  const agree: FieldName[] = [];
  const disagree: FieldName[] = [];
  const judge = (field: FieldName, verdict: boolean | null) => {
    if (verdict === true) agree.push(field);
    else if (verdict === false) disagree.push(field);
  };
  const sim = titleSimilarity(normalizeTitle(study.title), normalizeTitle(c.title));
  judge('title', c.title ? sim >= TITLE_AGREES : null);
  const fa = familyName(study.first_author);
  const fb = familyName(c.firstAuthor ?? undefined);
  judge('first_author', fa && fb ? sameFamily(fa, fb) : null);
  // An online-first record can carry the year before the issue's: one year apart is neither for nor against.
  judge('year', c.year === null ? null : c.year === study.year ? true : Math.abs(c.year - study.year) === 1 ? null : false);
  const journal = [c.journal, c.journalAbbrev].filter(Boolean).map((j) => journalsCompatible(study.journal, j));
  judge('journal', journal.includes(true) ? true : journal.includes(false) ? false : null);
  const va = normalizeVolume(study.volume);
  const vb = normalizeVolume(c.volume);
  judge('volume', va && vb ? va === vb : null);
  const pa = startPage(study.pages);
  const pb = startPage(c.pages);
  judge('first_page', pa && pb ? pa === pb : null);
  const score = Math.round(agree.reduce((s, f) => s + WEIGHTS[f], 0) * 100) / 100;
  // Confident: the same title, first author and year, one more bibliographic detail in agreement, and
  // nothing at all in disagreement. Anything less is for a person.
  const confident =
    agree.includes('title') && agree.includes('first_author') && agree.includes('year') &&
    (agree.includes('volume') || agree.includes('first_page') || agree.includes('journal')) && disagree.length === 0;
  return { agree, disagree, score, titleSimilarity: Math.round(sim * 100) / 100, confident };
}
