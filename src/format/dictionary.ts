// data/DICTIONARY.md, generated from the field declarations and the vocabularies so it cannot drift from the schema.
// Every table npa reads is declared as fields in src/schema/ and listed in DICTIONARY_TABLES below (a test fails when
// a table declared in src/schema/ or loaded with tableSpec() is missing here).
import { BOOL_FALSE, BOOL_TRUE, type FieldMeta } from '../schema/declare.js';
import { FIELD_META } from '../schema/fields.js';
import { OUTCOME_META } from '../schema/outcome.js';
import { CLAIM_META } from '../schema/claim.js';
import { SCREENING_META } from '../schema/screening.js';
import { APPRAISAL_FILE, APPRAISAL_META, CONSENSUS, NO_INFORMATION, TOOLS } from '../schema/appraisal.js';
import { COHORT_META, COHORTS_FILE } from '../schema/cohorts.js';
import { NOTICE_META, NOTICES_FILE } from '../schema/notices.js';
import { DECISION_META, GRADE_DOMAINS, GRADE_FILE, JUDGEMENTS } from '../schema/grade.js';
import { DESIGN_LABELS, INTERVENTION_LABELS, SITE_LABELS } from '../schema/vocab.js';
import {
  ACTIONS, DECISION_LOG_FILE, DEDUPE_DECISION_KINDS, DEDUPE_DECISIONS_FILE, EVENT_FIELDS, LOOKUP_PENDING_FILE, PENDING_FIELDS, SEARCH_FIELDS, SEARCH_LOG_FILE,
  STAGE_DECISIONS, STAGES, type Action, type DedupeDecisionKind, type Stage,
} from '../schema/workspace.js';
import { CLAIMS_FILE, OUTCOMES_FILE, SCREENING_FILE, STUDIES_FILE } from '../load/paths.js';
import { markdownTable, mdCode } from './markdown.js';

function vocabTable(title: string, labels: Record<string, string>): string[] {
  return [`### ${title}`, '', markdownTable(['value', 'meaning'], Object.entries(labels).map(([v, m]) => [mdCode(v), m])).trimEnd(), ''];
}

const REQUIRED_TEXT = { true: 'yes', false: 'no', column: 'yes (may be empty)' } as const;

const codeList = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

/** What the dictionary says a field allows, all derived from its declaration (schema/declare.ts). */
function allowedValues(meta: FieldMeta): string {
  if (meta.codec.kind === 'bool') return `${codeList([BOOL_TRUE[0], BOOL_FALSE[0]])} (also ${BOOL_TRUE.slice(1).map((t, i) => `${t}/${BOOL_FALSE[i + 1]}`).join(', ')}; any case)`;
  return meta.values ? codeList(meta.values) : '';
}

function fieldTable(fields: Record<string, FieldMeta>): string[] {
  const rows = Object.entries(fields).map(([name, meta]) => [mdCode(name), meta.type, REQUIRED_TEXT[`${meta.required}`], { markdown: allowedValues(meta) }, meta.description]);
  return [markdownTable(['column', 'type', 'required', 'allowed values', 'meaning'], rows).trimEnd()];
}

/** One data file: its name, what it is and what writes it (prose), and its fields (the declaration itself). */
export interface DictionaryTable {
  file: string;
  about: string[];
  fields: Record<string, FieldMeta>;
}

/** Every CSV table npa reads from a review folder, in the order the dictionary shows them. */
export const DICTIONARY_TABLES: readonly DictionaryTable[] = [
  {
    file: STUDIES_FILE,
    about: [
      "Required. One row per entry of the review's numbered Sources list, written by a person (`npa code apply` and",
      '`npa screen promote` also change it). UTF-8 CSV with a header row; a BOM and CRLF line ends are accepted. An',
      'empty cell means "not known" (never zero or false). Lists are `;`-separated. In every table below, a column that',
      'is not required may be left out of the header (its cells read as empty). `npa validate` checks every table in',
      'this dictionary that is present.',
    ],
    fields: FIELD_META,
  },
  {
    file: OUTCOMES_FILE,
    about: [
      'Optional, written by a person. One row per study, outcome, arm, severity and time point; only numbers a source',
      'states, each with its source and the sentence that states them. Checked by `npa validate`: the ref must exist',
      '(and be a first listing), events must not exceed the denominator, standard deviations must not be negative, and',
      'each outcome needs its own columns (complications: events, denominator, unit, severity; local_control: events,',
      'denominator, unit; pain: scale, n, baseline_mean, followup_mean).',
    ],
    fields: OUTCOME_META,
  },
  {
    file: CLAIMS_FILE,
    about: [
      "Optional, written by a person. The review's numeric claims, each sentence quoted verbatim with the numbers it",
      'prints and what in the data it is about; `npa verify` recomputes them.',
    ],
    fields: CLAIM_META,
  },
  {
    file: SCREENING_FILE,
    about: [
      'Optional: the records of a new search being screened (`npa screen add` writes it, the other `npa screen`',
      'commands update it), each with its duplicate status and its final outcome, a readable mirror of',
      'screening-decisions.csv (every decision, by whom and when). Checked by `npa validate`: ids are unique,',
      'duplicate_of points to a record or to ref:N of the dataset, a duplicate takes no decision, only an exclusion has',
      "a reason (a code of review.json's exclusion_reasons or fulltext_reasons), and ref is set only for an included",
      'record that is in studies.csv.',
    ],
    fields: SCREENING_META,
  },
  {
    file: APPRAISAL_FILE,
    about: [
      'Optional, written by a person (by hand or in a spreadsheet): risk-of-bias judgements, one row per study, tool',
      `domain and rater; a row with rater \`${CONSENSUS}\` is the agreed judgement. \`npa rob\` shows and compares them;`,
      '`npa grade` and the forest plot of `npa meta --rob` use them. Checked by `npa validate`: the ref must exist and',
      'be a first listing, domain and judgement must be ones the tool allows ("Risk-of-bias tools" below), a rater',
      "judges a domain once, and a warning when the tool does not fit the study's design.",
    ],
    fields: APPRAISAL_META,
  },
  {
    file: COHORTS_FILE,
    about: [
      'Optional, written by a person: where and when each study enrolled its patients, as its source states it, one',
      'row per study and institution. `npa overlap` scores pairs of studies that may share patients from it.',
      'Checked by `npa validate`: the ref must exist and be a first listing, and a period must not end before it starts.',
    ],
    fields: COHORT_META,
  },
  {
    file: NOTICES_FILE,
    about: [
      'Optional, written by `npa check-retractions` (never by hand): retractions, corrections and expressions of',
      'concern about the studies, as Crossref, Retraction Watch and PubMed report them, one row per notice and source.',
      '`npa validate` checks that each ref exists and warns about every included study that is retracted or withdrawn.',
    ],
    fields: NOTICE_META,
  },
  {
    file: GRADE_FILE,
    about: [
      "Optional, written by `npa grade --set`: a person's GRADE decisions, one per outcome and domain, each confirming",
      "or overriding npa's proposal with a reason. Checked by `npa validate`: the judgement must be one the domain",
      'allows ("GRADE judgements" below).',
    ],
    fields: DECISION_META,
  },
];

function toolTable(): string[] {
  const rows = Object.values(TOOLS).map((t) => [mdCode(t.id), t.name, { markdown: codeList(t.domains.map((d) => d.id)) }, { markdown: codeList(t.judgements) }]);
  return [
    '### Risk-of-bias tools (appraisal.csv)',
    '',
    `\`${NO_INFORMATION}\` means the sources seen say nothing on the domain.`,
    '',
    markdownTable(['tool', 'name', 'domains', 'judgements'], rows).trimEnd(),
    '',
  ];
}

function gradeTable(): string[] {
  const rows = GRADE_DOMAINS.map((d) => [mdCode(d), { markdown: codeList(JUDGEMENTS[d]) }]);
  return ['### GRADE judgements (grade.csv)', '', markdownTable(['domain', 'judgements'], rows).trimEnd(), ''];
}

/** What each column (or key) of a workspace file means: one entry per name of its declaration, no more, no less. */
type Meanings<K extends string> = Record<K, string>;

const EVENT_MEANINGS: Meanings<(typeof EVENT_FIELDS)[number]> = {
  when: 'When the event was recorded: an ISO 8601 date-time in UTC. Events carried over from an older screening.csv keep its `when` (may be empty).',
  who: 'Who: `--who`, else git\'s user.name, else `$USER` (an empty name is refused); never empty.',
  id: 'The record, by its `id` in screening.csv (e.g. `PubMed:90000002`).',
  stage: `The screening stage: ${codeList(STAGES)}. Full-text, override and unpromote events are at \`full-text\`; a promotion is at \`full-text\` in a two-stage protocol, else at \`title-abstract\`.`,
  action: `What happened: ${codeList(ACTIONS)} (see "Actions" below).`,
  decision: 'For `decide` and `resolve`: the decision, one the stage allows ("Decisions per stage" below). For `promote`, `unpromote` and `override`: the ref in studies.csv. For `clear`: `resolution` when the resolution is withdrawn, else empty. Empty for `fulltext`.',
  reason: "Only with decision `exclude`: a code of review.json's `exclusion_reasons` (at `full-text` also `fulltext_reasons`); a full-text exclusion must have one. Empty otherwise.",
  reason_text: 'Free text with the reason; required when the reason is `other`.',
  note: "For `decide` and `resolve`: the reviewer's note (`--note`, or the notes or note column of `--file`). For `clear` and `unpromote`: why (`--reason`; the screener's undo writes \"undo in the screener\"). For `fulltext`: the full text's path or URL. For `override`: the `--override` reason and the eligibility checks the record failed. Empty for `promote`.",
};

const ACTION_MEANINGS: Meanings<Action> = {
  decide: "A reviewer's vote on a record at a stage (`npa screen decide`, `npa screen review`). The same person deciding again replaces their vote.",
  resolve: "The final decision at a stage where the reviewers disagree or a second vote is missing (`npa screen resolve`); it stands over the votes.",
  clear: "Withdraws the person's own vote at the stage, or (decision `resolution`) the resolution (`npa screen clear`, undo in `npa screen review`).",
  fulltext: 'Where the full text of the record is (`npa screen fulltext`): its path or URL in `note`.',
  promote: 'The included record was added to studies.csv as a new study (`npa screen promote`); `decision` holds its ref.',
  unpromote: 'The record was taken back out of studies.csv (`npa screen unpromote`); `decision` holds the ref it had.',
  override: 'The record was promoted although it failed the eligibility checks (`npa screen promote --override`); `decision` holds its ref, `note` the reason and the checks.',
};

const SEARCH_MEANINGS: Meanings<(typeof SEARCH_FIELDS)[number]> = {
  n: 'The search\'s number: 1, 2, … in the order logged.',
  database: 'The database searched: `--database` of `npa screen add` (default: the export\'s file name without its extension); `PubMed` for `npa search pubmed`.',
  interface: "The interface or platform: `--interface`, else review.json's `search_strategies` entry for the database, else the database's name; the E-utilities for `npa search pubmed`.",
  date_searched: 'The day the search was run, YYYY-MM-DD: `--date` of `npa screen add` (default today); the day of the run for `npa search pubmed`.',
  strategy: "The strategy as run: `--strategy` or `--strategy-file`, else review.json's saved strategy for the database, else its `search_terms` joined with AND. For `npa search pubmed`: the query as PubMed translated it (else the saved strategy).",
  limits: "Limits applied: `--limits`, else the saved strategy's limits. For `npa search pubmed`: the date type and window, and the saved strategy.",
  file: 'The export file: its name for `npa screen add`; for `npa search pubmed`, the MEDLINE file it saved, relative to the workspace.',
  sha256: "SHA-256 (hex) of the file's bytes: `npa screen add` refuses a file logged before unless `--force`.",
  records: 'How many records the file holds.',
  new_records: "`npa screen add`: the file's records that are new (not duplicates of the dataset, the screening log or each other). 0 for `npa search pubmed`: its file's records are counted when it is added with `npa screen add`, in a row of its own.",
  who: 'Who ran the search: `--who`, else git\'s user.name or `$USER` (for `npa search pubmed`, `$USER`).',
  when: 'When the row was written: an ISO 8601 date-time in UTC.',
  forced: 'The `--force` reason when a file, or records already in the log, were added again on purpose; empty otherwise.',
};

const PENDING_MEANINGS: Meanings<(typeof PENDING_FIELDS)[number]> = {
  ref: 'The study (its ref in studies.csv).',
  field: 'The identifier proposed: `pmid` or `doi`.',
  value: 'The PMID or DOI proposed.',
  status: '`confident`: title, first author and year agree, with volume, first page or journal, nothing disagrees and no other record matches as well. `review`: less than that, for a person to judge. `conflict`: the PubMed record\'s DOI contradicts studies.csv\'s or Crossref\'s; never written by npa.',
  score: 'The weighted share of the compared fields that agree, 0 to 1 (src/online/match.ts).',
  agree: 'The fields that agree, `;`-separated: of title, first_author, year, journal, volume, first_page; `doi` when the PubMed record carries studies.csv\'s DOI, `pmid` when the proposed DOI is the one the PubMed record carries.',
  disagree: 'The fields that disagree, `;`-separated.',
  via: 'How the record was found, joined by " + ": ECitMatch, ESearch on the DOI or on title words, Crossref\'s bibliographic query, or the PubMed record that carries the DOI.',
  url: "The candidate record: its PubMed page, or its Crossref record (api.crossref.org).",
  candidate_title: "The candidate record's own title (empty when it has none).",
  candidate_journal: "The candidate record's own journal (empty when it has none).",
  candidate_year: "The candidate record's own year (empty when it has none).",
  note: 'Why a person must look, when npa knows: the DOIs in conflict, more than one record matching, a DOI Crossref does not know.',
};

const DEDUPE_MEANINGS: Meanings<DedupeDecisionKind> = {
  same: 'Pairs a person said are the same publication: always put in one group.',
  different: 'Pairs a person said are different publications: never put in one group (nor are their groups merged).',
};

/** A file of a screening workspace that has no field declarations: what it is, and its columns (or keys) with their meanings. */
export interface WorkspaceFile {
  file: string;
  about: string[];
  /** The header of the first table: column for a CSV file, key for JSON. */
  nameHeader: 'column' | 'key';
  /** The columns (or keys) as the code declares them, in order, each with its meaning. */
  columns: readonly string[];
  meanings: Record<string, string>;
  /** More tables after the columns (the codes a column takes). */
  more?: string[];
}

const meaningTable = (header: string, names: readonly string[], meanings: Record<string, string>): string[] =>
  [markdownTable([header, 'meaning'], names.map((n) => [mdCode(n), { markdown: meanings[n]! }])).trimEnd()];

/** The files a screening workspace holds besides the tables above, in the order the dictionary shows them. */
export const WORKSPACE_FILES: readonly WorkspaceFile[] = [
  {
    file: DECISION_LOG_FILE,
    about: [
      'Written by npa, never by hand: every decision of the screening, one row per event, by whom and when. The `npa screen`',
      'commands that record something (decide, resolve, clear, fulltext, review, promote, unpromote) save it, atomically and',
      'together with screening.csv, whose decision columns are derived from it; `npa screen add` creates it only to carry',
      'over the decisions of a screening.csv made before this log existed. Append-only: a decision is changed by recording a new event',
      '(deciding again replaces that reviewer\'s vote, `npa screen clear` withdraws one) and every earlier event stays (`npa',
      'screen history ID`). Read by the `npa screen` commands, `npa prisma`, `npa report` and `npa release`, which stop (exit',
      '2, naming line and column) at a missing column, an unknown stage or action, or a row without `who`.',
    ],
    nameHeader: 'column',
    columns: EVENT_FIELDS,
    meanings: EVENT_MEANINGS,
    more: [
      '#### Actions',
      '',
      ...meaningTable('action', ACTIONS, ACTION_MEANINGS),
      '',
      '#### Decisions per stage',
      '',
      markdownTable(['stage', 'decisions'], STAGES.map((st: Stage) => [mdCode(st), { markdown: codeList(STAGE_DECISIONS[st]) }])).trimEnd(),
    ],
  },
  {
    file: SEARCH_LOG_FILE,
    about: [
      'Written by npa, not by hand: the search log (PRISMA-S), one row per search. `npa screen add` appends one per export',
      'file it adds, `npa search pubmed` one per search it runs; saved atomically, under the workspace\'s lock. Read with the',
      'decision log (every column must be present, else exit 2); `npa screen add` refuses a file whose sha256 is logged',
      'already, unless `--force "why"`.',
    ],
    nameHeader: 'column',
    columns: SEARCH_FIELDS,
    meanings: SEARCH_MEANINGS,
  },
  {
    file: LOOKUP_PENDING_FILE,
    about: [
      'Written by `npa lookup` (atomically), replaced whole on every run: the PMID and DOI proposals left for a person. Without',
      '`--accept` it holds every proposal; with it, the ones not confident and the confident ones that were not written (as',
      'when a cell already held a value). npa never reads it back: a person decides each proposal, and an identifier they accept',
      'goes into studies.csv (pmid or doi, with its source) by hand. Edits to this file are lost at the next run.',
    ],
    nameHeader: 'column',
    columns: PENDING_FIELDS,
    meanings: PENDING_MEANINGS,
  },
  {
    file: DEDUPE_DECISIONS_FILE,
    about: [
      "A person's de-duplication decisions, written by `npa dedupe --mark-same A,B`, `--mark-different A,B` and `--review`",
      '(atomically, under the folder\'s lock; in the `--data` folder unless `--decisions FILE`); a person may also edit it by hand. Every',
      '`npa dedupe` run and `npa screen add` read and apply it. A JSON object with two lists of pairs,',
      '`{"same": [["A", "B"], ...], "different": [...]}`; each pair names two records by the ids `npa dedupe` gives them (an',
      "input record's own id, or a study's ref when run on the dataset; `npa screen add` also reads a ref as `ref:N`).",
      'Marking a pair one way takes it off the other list; a list left out reads as empty. Anything else stops the command',
      '(exit 2).',
    ],
    nameHeader: 'key',
    columns: DEDUPE_DECISION_KINDS,
    meanings: DEDUPE_MEANINGS,
  },
];

function workspaceSection(): string[] {
  return [
    '## Files of a screening workspace',
    '',
    'A workspace (`npa init DIR`, then `--data DIR`) is a copy of the review folder, where npa keeps these files besides',
    'the tables above. `npa validate` does not check them; npa checks each file when it reads it.',
    '',
    ...WORKSPACE_FILES.flatMap((f) => [`### ${f.file}`, '', ...f.about, '', ...meaningTable(f.nameHeader, f.columns, f.meanings), '', ...(f.more ? [...f.more, ''] : [])]),
  ];
}

export function dictionaryMarkdown(): string {
  const lines = [
    '# Data dictionary',
    '',
    '<!-- Generated by `npm run dictionary` from the field declarations in src/schema/; do not edit by hand. -->',
    '',
    ...DICTIONARY_TABLES.flatMap((t) => [`## ${t.file}`, '', ...t.about, '', ...fieldTable(t.fields), '']),
    '## Vocabularies',
    '',
    ...vocabTable('design', DESIGN_LABELS),
    ...vocabTable('sites', SITE_LABELS),
    ...vocabTable('interventions', INTERVENTION_LABELS),
    ...toolTable(),
    ...gradeTable(),
    '## review.json',
    '',
    'Required. Review-level metadata, written by a person, validated by `ReviewSchema` (src/schema/review.ts): title,',
    'question, authors, dates, databases, search terms, inclusion and exclusion criteria, the controlled list of',
    'exclusion reasons, the year window, the search flow exactly as printed, and `published_statistics` (the numbers',
    'the review printed, keyed by the statistic ids of `npa summary`, each with the sentence it comes from).',
    '',
    ...workspaceSection(),
  ];
  return lines.join('\n');
}
