// Cross-row rules over the whole table. Each is a small named function that reports issues;
// suspicious-but-possible values are warnings, impossible ones errors.
import type { Review } from '../schema/review.js';
import type { Issue } from '../issues.js';
import type { LoadedStudy } from './load-studies.js';

export interface RuleContext {
  file: string;
  studies: readonly LoadedStudy[];
  review: Review | null;
}

export type Rule = (ctx: RuleContext) => Issue[];

const at = (ctx: RuleContext, row: LoadedStudy, column: string, value: unknown) => ({
  file: ctx.file,
  line: row.line,
  column,
  ref: row.study.ref,
  value: value === null || value === undefined ? '' : String(value),
});

export const uniqueRef: Rule = (ctx) => {
  const first = new Map<number, number>();
  const out: Issue[] = [];
  for (const row of ctx.studies) {
    if (row.study.ref === null) continue; // a bad ref cell is reported by the cell check
    const seenAt = first.get(row.study.ref);
    if (seenAt !== undefined) {
      out.push({ severity: 'error', code: 'duplicate_ref', ...at(ctx, row, 'ref', row.study.ref), message: `ref is already used on line ${seenAt}` });
    } else first.set(row.study.ref, row.line);
  }
  return out;
};

export const duplicateOfPointsEarlier: Rule = (ctx) => {
  const byRef = new Map(ctx.studies.map((row) => [row.study.ref, row]));
  const out: Issue[] = [];
  for (const row of ctx.studies) {
    const target = row.study.duplicate_of;
    if (target === null) continue;
    const where = at(ctx, row, 'duplicate_of', target);
    const targetRow = byRef.get(target);
    if (!targetRow) out.push({ severity: 'error', code: 'duplicate_of_missing', ...where, message: 'points to a ref that does not exist' });
    else if (target >= row.study.ref) out.push({ severity: 'error', code: 'duplicate_of_not_earlier', ...where, message: 'must point to an earlier entry (a smaller ref)' });
    else if (targetRow.study.duplicate_of !== null)
      out.push({ severity: 'error', code: 'duplicate_of_chain', ...where, message: `points to ref ${target}, which is itself a duplicate; point to ref ${targetRow.study.duplicate_of}` });
  }
  return out;
};

export const lesionsAtLeastPatients: Rule = (ctx) =>
  ctx.studies
    .filter(({ study }) => study.patients !== null && study.lesions !== null && study.lesions < study.patients)
    .map((row) => ({
      severity: 'error' as const,
      code: 'lesions_below_patients',
      ...at(ctx, row, 'lesions', row.study.lesions),
      message: `fewer lesions than patients (${row.study.patients}); every patient has at least one lesion`,
    }));

export const yearInWindow: Rule = (ctx) => {
  const review = ctx.review;
  if (!review) return [];
  // An update's window runs to the year of its last search; a promote the reviewers overrode is a warning.
  const window = { from: review.year_window.from, to: Math.max(review.year_window.to, review.last_search ? Number(review.last_search.slice(0, 4)) : 0) };
  return ctx.studies
    .filter(({ study }) => study.year !== null && (study.year < window.from || study.year > window.to))
    .map((row) => ({
      severity: /Eligibility override:/.test(row.study.notes ?? '') ? ('warning' as const) : ('error' as const),
      code: 'year_out_of_range',
      ...at(ctx, row, 'year', row.study.year),
      message: `outside the review's year window ${window.from}..${window.to}`,
    }));
};

/** A PMID or DOI shown without the page it was seen on is not traceable. */
export const identifierHasSource: Rule = (ctx) => {
  const out: Issue[] = [];
  for (const row of ctx.studies) {
    for (const [id, source] of [['pmid', 'pmid_source'], ['doi', 'doi_source']] as const) {
      if (row.study[id] !== null && row.study[source] === null)
        out.push({ severity: 'error', code: 'identifier_without_source', ...at(ctx, row, source, ''), message: `${id} is set but ${source} is empty: say where it was seen` });
    }
  }
  return out;
};

/** Two entries with the same PMID or DOI are the same publication: the later one needs duplicate_of. */
export const sameIdentifierMarkedDuplicate: Rule = (ctx) => {
  const out: Issue[] = [];
  for (const id of ['pmid', 'doi'] as const) {
    const first = new Map<string, LoadedStudy>();
    for (const row of ctx.studies) {
      const value = row.study[id]?.toLowerCase();
      if (!value) continue;
      const earlier = first.get(value);
      if (!earlier) {
        first.set(value, row);
        continue;
      }
      const root = earlier.study.duplicate_of ?? earlier.study.ref;
      if (row.study.duplicate_of !== root)
        out.push({ severity: 'error', code: 'unmarked_duplicate', ...at(ctx, row, id, row.study[id]), message: `same ${id} as ref ${earlier.study.ref} (line ${earlier.line}); set duplicate_of to ${root}` });
    }
  }
  return out;
};

/** Coding judgements want a note: a study with a design other than its quote is hard to audit. */
export const designHasNote: Rule = (ctx) =>
  ctx.studies
    .filter(({ study }) => study.design !== null && study.design_note === null)
    .map((row) => ({
      severity: 'warning' as const,
      code: 'design_without_note',
      ...at(ctx, row, 'design_note', ''),
      message: `design "${row.study.design}" has no note saying where it came from`,
    }));

/** A study added by screening is a record whose coding is still to be done: say what is missing. */
export const incompleteCoding: Rule = (ctx) =>
  ctx.studies
    .filter((row) => row.study.design === null && !row.invalid?.includes('design'))
    .map((row) => ({
      severity: 'warning' as const,
      code: 'incomplete_record',
      ...at(ctx, row, 'design', ''),
      message: `not yet coded: ${['design', ...(row.study.sites.length ? [] : ['sites']), ...(row.study.interventions.length ? [] : ['interventions']), ...(row.study.patients === null ? ['patients'] : [])].join(', ')}`,
    }));

export const RULES: Record<string, Rule> = {
  uniqueRef,
  duplicateOfPointsEarlier,
  lesionsAtLeastPatients,
  yearInWindow,
  identifierHasSource,
  sameIdentifierMarkedDuplicate,
  designHasNote,
  incompleteCoding,
};

export function runRules(ctx: RuleContext): Issue[] {
  return Object.values(RULES).flatMap((rule) => rule(ctx));
}
