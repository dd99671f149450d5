// DIR/notices.csv: retractions, corrections and expressions of concern about the review's studies, as
// Crossref and PubMed report them (npa check-retractions). One row per notice and source; the table is
// derived from the services and rewritten per checked study, so it holds no decision of a person.
// `npa validate` reads it (checkNotices) and warns about every included study that is retracted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { enumField, intField, patternField, textField, type FieldMeta, type RowOf } from '../schema/declare.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import { loadTable, tableSpec } from '../load/load-table.js';
import { displayPath } from '../load/paths.js';

export const NOTICES_FILE = 'notices.csv';

export const NOTICE_KINDS = ['retraction', 'partial_retraction', 'withdrawal', 'expression_of_concern', 'correction', 'corrected_republished', 'update', 'other'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_SOURCES = ['crossref', 'retraction-watch', 'pubmed'] as const;

export const NOTICE_META = {
  ref: intField(1, 'The study the notice is about (its ref in studies.csv).', { required: true, kind: 'id' }),
  kind: enumField(NOTICE_KINDS, 'What the notice does to the study.', { required: true }),
  source: enumField(NOTICE_SOURCES, 'Who reports it: Crossref (publisher metadata), Retraction Watch (through Crossref), PubMed.', { required: true }),
  notice_id: textField('DOI or PMID of the notice itself, when known.'),
  date: patternField(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD', 'expected YYYY, YYYY-MM or YYYY-MM-DD', 'Date of the notice as the source gives it.'),
  link: patternField(/^https?:\/\//, 'http(s) URL', 'expected an http(s) URL', 'Where the notice (or the record that reports it) can be read.', { required: true }),
  detail: textField('The label or citation the source gives.'),
  checked: patternField(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD', 'expected YYYY-MM-DD', 'Date npa check-retractions found it.', { required: true }),
} satisfies Record<string, FieldMeta>;

export type NoticeField = keyof typeof NOTICE_META;
export const NOTICE_FIELDS = Object.keys(NOTICE_META) as NoticeField[];
export type Notice = RowOf<typeof NOTICE_META>;
const NOTICE_TABLE = tableSpec(NOTICE_META);

/** Kinds that take a study out of the evidence (validate warns about them). */
export const WITHDRAWN: readonly NoticeKind[] = ['retraction', 'withdrawal'];

export function readNotices(dir: string): { notices: Notice[]; issues: Issue[] } {
  const path = join(dir, NOTICES_FILE);
  if (!existsSync(path)) return { notices: [], issues: [] };
  const table = loadTable<Notice>(readFileSync(path, 'utf8'), displayPath(path), NOTICE_TABLE);
  return { notices: table.rows.map((r) => r.value), issues: table.issues };
}

/** The validator's hook: the table's own problems, refs that do not exist, and a warning per retracted study. */
export function checkNotices(dir: string, studies: readonly Study[]): Issue[] {
  const path = join(dir, NOTICES_FILE);
  if (!existsSync(path)) return [];
  const shown = displayPath(path);
  const table = loadTable<Notice>(readFileSync(path, 'utf8'), shown, NOTICE_TABLE);
  const issues = [...table.issues];
  const byRef = new Map(studies.map((s) => [s.ref, s]));
  const warned = new Set<number>();
  for (const { value: n, line } of table.rows) {
    if (!byRef.has(n.ref)) {
      issues.push({ severity: 'error', code: 'notice_ref_missing', file: shown, line, column: 'ref', value: String(n.ref), message: 'no study in studies.csv has this ref' });
      continue;
    }
    if (WITHDRAWN.includes(n.kind) && !warned.has(n.ref)) {
      warned.add(n.ref);
      issues.push({
        severity: 'warning', code: 'included_study_retracted', file: shown, line, column: 'kind', ref: n.ref, value: n.kind,
        message: `included study ref ${n.ref} has a ${n.kind} notice (${n.source}${n.date ? `, ${n.date}` : ''}: ${n.link}); decide whether it stays in the evidence (npa impact ${n.ref} shows what removing it changes)`,
      });
    }
  }
  return issues;
}

export function noticesCsv(notices: readonly Notice[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return stringify([NOTICE_FIELDS, ...notices.map((n) => NOTICE_FIELDS.map((f) => cell(n[f])))], { record_delimiter: '\n' });
}
