// Pure predicates over Study and their composition. Every filter given must hold (AND).
import { foldAccents } from '../text.js';
import type { Design, Intervention, Site } from '../schema/vocab.js';
import type { Study } from '../schema/study.js';

export type Predicate = (study: Study) => boolean;

export interface StudyFilter {
  sites?: readonly Site[];
  designs?: readonly Design[];
  interventions?: readonly Intervention[];
  yearFrom?: number;
  yearTo?: number;
  text?: string;
  annotated?: boolean;
  unique?: boolean;
  refs?: readonly number[];
}

export const hasSite = (site: Site): Predicate => (s) => s.sites.includes(site);
export const hasIntervention = (intervention: Intervention): Predicate => (s) => s.interventions.includes(intervention);
export const designIn = (designs: readonly Design[]): Predicate => (s) => s.design !== null && designs.includes(s.design);
export const yearBetween = (from = -Infinity, to = Infinity): Predicate => (s) => s.year >= from && s.year <= to;
export const isUnique: Predicate = (s) => s.duplicate_of === null;
export const refIn = (refs: readonly number[]): Predicate => (s) => refs.includes(s.ref);

/** Case- and accent-insensitive match on title, authors and journal. */
export const textMatches = (word: string): Predicate => {
  const needle = fold(word);
  return (s) => [s.title, s.authors, s.journal].some((field) => fold(field).includes(needle));
};

export const fold = foldAccents;

export const compose = (predicates: readonly Predicate[]): Predicate => (s) => predicates.every((p) => p(s));

/** Builds the predicate list for a filter; sites and interventions given several times must all hold. */
export function toPredicates(filter: StudyFilter): Predicate[] {
  const out: Predicate[] = [];
  for (const site of filter.sites ?? []) out.push(hasSite(site));
  for (const intervention of filter.interventions ?? []) out.push(hasIntervention(intervention));
  if (filter.designs?.length) out.push(designIn(filter.designs));
  if (filter.yearFrom !== undefined || filter.yearTo !== undefined) out.push(yearBetween(filter.yearFrom, filter.yearTo));
  if (filter.text) out.push(textMatches(filter.text));
  if (filter.annotated !== undefined) out.push((s) => s.annotated === filter.annotated);
  if (filter.unique) out.push(isUnique);
  if (filter.refs?.length) out.push(refIn(filter.refs));
  return out;
}

export function applyFilter(studies: readonly Study[], filter: StudyFilter): Study[] {
  return studies.filter(compose(toPredicates(filter)));
}
