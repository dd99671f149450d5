// The files of a screening workspace that are not tables of a review (data/DICTIONARY.md, "Files of a screening
// workspace"): the decision log and the search log (written by src/screening/store.ts), npa lookup's proposals
// (src/commands/lookup.ts) and the dedupe decisions (src/biblio/decisions.ts). Their names, columns and codes are
// declared here once: the modules that write and read them and the data dictionary (src/format/dictionary.ts) all
// import them from here, so the dictionary cannot drift from what is written.

export const DECISION_LOG_FILE = 'screening-decisions.csv';
export const SEARCH_LOG_FILE = 'searches.csv';
export const LOOKUP_PENDING_FILE = 'lookup-pending.csv';
export const DEDUPE_DECISIONS_FILE = 'dedupe-decisions.json';

export const STAGES = ['title-abstract', 'full-text'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_DECISIONS: Record<Stage, readonly string[]> = {
  'title-abstract': ['include', 'exclude', 'maybe'],
  'full-text': ['include', 'exclude', 'not-retrieved'],
};

/** The columns of screening-decisions.csv, in order: one row per event. */
export const EVENT_FIELDS = ['when', 'who', 'id', 'stage', 'action', 'decision', 'reason', 'reason_text', 'note'] as const;
/** The kinds of event (the action column). */
export const ACTIONS = ['decide', 'resolve', 'clear', 'fulltext', 'promote', 'unpromote', 'override'] as const;
export type Action = (typeof ACTIONS)[number];

/** The columns of searches.csv, in order: one row per search. */
export const SEARCH_FIELDS = ['n', 'database', 'interface', 'date_searched', 'strategy', 'limits', 'file', 'sha256', 'records', 'new_records', 'who', 'when', 'forced'] as const;

/** The columns of lookup-pending.csv, in order: one row per proposal left for a person. */
export const PENDING_FIELDS = ['ref', 'field', 'value', 'status', 'score', 'agree', 'disagree', 'via', 'url', 'candidate_title', 'candidate_journal', 'candidate_year', 'note'] as const;

/** The two lists of dedupe-decisions.json: pairs a person said are the same publication, and different ones. */
export const DEDUPE_DECISION_KINDS = ['same', 'different'] as const;
export type DedupeDecisionKind = (typeof DEDUPE_DECISION_KINDS)[number];
