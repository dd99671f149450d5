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
  ];
  return lines.join('\n');
}
