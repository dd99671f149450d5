// Eligibility checks from review.json's criteria, run where a mistake is made: when a record is added,
// shown in the screener, and promoted. Year window, language, publication type.
import type { BibRecord } from '../biblio/record.js';
import type { Review } from '../schema/review.js';
import type { Candidate } from '../schema/screening.js';

export interface EligibilityProblem {
  criterion: 'year' | 'language' | 'publication_type';
  message: string;
}

/** The update's year window: the review's, extended to the year of the last search. */
export function yearWindow(review: Review): { from: number; to: number } {
  const last = review.last_search ? Number(review.last_search.slice(0, 4)) : review.year_window.to;
  return { from: review.year_window.from, to: Math.max(review.year_window.to, last) };
}

const ENGLISH = /^(en|eng|english)$/i;
const NOTE_PREFIX = 'eligibility: ';

/** Problems visible on an imported record (language and type are kept only as a note in the log). */
export function checkRecord(r: Pick<BibRecord, 'year' | 'language' | 'type' | 'title'>, review: Review): EligibilityProblem[] {
  const out: EligibilityProblem[] = [];
  const w = yearWindow(review);
  if (r.year !== null && (r.year < w.from || r.year > w.to)) out.push({ criterion: 'year', message: `year ${r.year} is outside ${w.from}..${w.to}` });
  const languages = review.eligibility?.languages ?? (review.inclusion_criteria.some((c) => /english/i.test(c)) ? ['English'] : []);
  if (r.language && languages.length && !languages.some((l) => r.language!.toLowerCase() === l.toLowerCase() || (ENGLISH.test(l) && ENGLISH.test(r.language!))))
    out.push({ criterion: 'language', message: `language "${r.language}" is not ${languages.join(' or ')}` });
  const types = review.eligibility?.excluded_types ?? defaultExcludedTypes(review);
  const title = r.title ?? '';
  if (types.includes('conference_abstract') && (r.type === 'CONF' || r.type === 'ABST' || r.type === 'CPAPER')) out.push({ criterion: 'publication_type', message: 'a conference abstract' });
  if (types.includes('review') && /\b(systematic review|meta-analysis|a review|literature review|narrative review|review of the literature)\b/i.test(title))
    out.push({ criterion: 'publication_type', message: 'a review article (title)' });
  if (types.includes('case_report') && /\bcase report\b/i.test(title)) out.push({ criterion: 'publication_type', message: 'a case report (title)' });
  return out;
}

function defaultExcludedTypes(review: Review): ('review' | 'case_report' | 'conference_abstract')[] {
  const text = review.exclusion_criteria.join(' ').toLowerCase();
  return [...(text.includes('review') ? ['review' as const] : []), ...(text.includes('case report') ? ['case_report' as const] : []), ...(text.includes('conference') ? ['conference_abstract' as const] : [])];
}

export const eligibilityNote = (problems: readonly EligibilityProblem[]): string | null => (problems.length ? NOTE_PREFIX + problems.map((p) => p.message).join('; ') : null);

/** Problems of a record in the log: its year now, and what was noted when it was added. */
export function checkCandidate(c: Candidate, review: Review): string[] {
  const out = checkRecord({ year: c.year, language: null, type: 'JOUR', title: c.title }, review).map((p) => p.message);
  const noted = c.notes?.split(/\s*\|\s*/).find((n) => n.startsWith(NOTE_PREFIX));
  if (noted) for (const m of noted.slice(NOTE_PREFIX.length).split('; ')) if (!out.includes(m)) out.push(m);
  return out;
}
