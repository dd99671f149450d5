// A review dataset on disk: DIR/review.json + DIR/studies.csv → typed, validated data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewSchema, type Review } from '../schema/review.js';
import type { Study } from '../schema/study.js';
import { DataError, fileProblem, InputError, isFsError } from '../errors.js';
import { decodeText } from '../bytes.js';
import { noteDataset } from '../io.js';
import { hasErrors, type Issue } from '../issues.js';
import { loadStudies, type LoadedStudy } from './load-studies.js';
import { runRules } from './rules.js';
import { CLAIMS_FILE, displayPath, OUTCOMES_FILE, REVIEW_FILE, SCREENING_FILE, STUDIES_FILE } from './paths.js';
import { SCREENING_META, type Candidate } from '../schema/screening.js';
import { checkScreening } from './screening-rules.js';
import { loadOptionalTable, tableSpec } from './load-table.js';
import { checkOutcomes } from './outcome-rules.js';
import { CLAIM_META, type Claim } from '../schema/claim.js';
import { checkClaims } from './claim-rules.js';
import { OUTCOME_META, type Outcome } from '../schema/outcome.js';
import { settle } from '../io/journal.js';
import { plural } from '../text.js';

export { REVIEW_FILE, STUDIES_FILE } from './paths.js';

const CLAIM_TABLE = tableSpec(CLAIM_META);
const SCREENING_TABLE = tableSpec(SCREENING_META);
const OUTCOME_TABLE = tableSpec(OUTCOME_META);

export interface Dataset {
  dir: string;
  review: Review | null;
  rows: LoadedStudy[];
  studies: Study[];
  /** outcomes.csv, when the review has one (it is optional). */
  outcomes: Outcome[];
  /** claims.csv, when the review has one (optional): its numeric claims for `npa verify`. */
  claims: Claim[];
  /** screening.csv, when a new search is being screened (optional). */
  screening: Candidate[];
  issues: Issue[];
  /**
   * Every row of studies.csv, those with bad cells too (read as null): what the tables read after it (npa validate:
   * appraisal.csv, cohorts.csv, notices.csv) are cross-checked against, so a bad cell is not also a missing study.
   * Set by loadDataset only (the cache holds valid datasets, where it equals `studies`).
   */
  allStudies?: Study[];
}

function readText(path: string, label: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if (!isFsError(error)) throw error;
    throw new InputError(`cannot read ${label} ${path}: ${fileProblem(error)}. Point --data at a folder holding ${REVIEW_FILE} and ${STUDIES_FILE}.`);
  }
  return decodeText(bytes, displayPath(path), 'utf8', false);
}

export function loadReview(text: string, file: string): { review: Review | null; issues: Issue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { review: null, issues: [{ severity: 'error', code: 'malformed_json', file, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const result = ReviewSchema.safeParse(json);
  if (result.success) return { review: result.data, issues: [] };
  return {
    review: null,
    issues: result.error.issues.map((zi) => ({
      severity: 'error' as const,
      code: 'invalid_review_field',
      file,
      column: zi.path.join('.') || '(root)',
      message: zi.message,
    })),
  };
}

/** Loads and checks everything; never throws on data problems (only on unreadable files). */
export function loadDataset(dir: string): Dataset {
  settle(dir); // a change a killed process left half-done is finished before anything is read
  noteDataset(dir);
  const reviewPath = join(dir, REVIEW_FILE);
  const studiesPath = join(dir, STUDIES_FILE);
  const reviewText = readText(reviewPath, 'review metadata');
  const studiesText = readText(studiesPath, 'study table');
  const reviewFile = displayPath(reviewPath);
  const studiesFile = displayPath(studiesPath);
  const { review, issues: reviewIssues } = loadReview(reviewText, reviewFile);
  const { studies: rows, all, issues: rowIssues } = loadStudies(studiesText, studiesFile);
  const ruleIssues = runRules({ file: studiesFile, studies: all, review });
  const byLine = (a: Issue, b: Issue) => (a.line ?? 0) - (b.line ?? 0);
  const studiesAll = all.map((r) => r.study);
  // The optional tables: each read, cell-checked and cross-checked by the one optional-table loader.
  const outcomes = loadOptionalTable(dir, OUTCOMES_FILE, OUTCOME_TABLE, (f, r) => checkOutcomes(f, r, studiesAll), 'outcome table');
  const claims = loadOptionalTable(dir, CLAIMS_FILE, CLAIM_TABLE, (f, r) => checkClaims(f, r, studiesAll), 'claims table');
  const screening = loadOptionalTable(dir, SCREENING_FILE, SCREENING_TABLE, (f, r) => checkScreening(f, r, studiesAll, review), 'screening log');
  const issues = [...reviewIssues, ...[...rowIssues, ...ruleIssues].sort(byLine), ...outcomes.issues, ...claims.issues, ...screening.issues];
  return { dir, review, rows, studies: rows.map((r) => r.study), outcomes: outcomes.rows, claims: claims.rows, screening: screening.rows, issues, allStudies: studiesAll };
}

export interface ValidDataset extends Dataset {
  review: Review;
}

/** For every command but validate: refuse invalid data rather than print wrong numbers. */
export function requireValidDataset(dir: string): ValidDataset {
  const dataset = loadDataset(dir);
  if (hasErrors(dataset.issues) || dataset.review === null) {
    const errors = dataset.issues.filter((i) => i.severity === 'error');
    throw new DataError(`the dataset in ${displayPath(dir)} is invalid (${plural(errors.length, 'error')}); nothing was computed. Run \`npa validate --data ${displayPath(dir)}\` for the full list.`, errors);
  }
  return dataset as ValidDataset;
}
