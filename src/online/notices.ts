// DIR/notices.csv: retractions, corrections and expressions of concern about the review's studies, as
// Crossref and PubMed report them (npa check-retractions). One row per notice and source; the table is
// derived from the services and rewritten per checked study, so it holds no decision of a person.
// `npa validate` reads it (checkNotices) and warns about every included study that is retracted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { requiredEnumCell, requiredIntCell, requiredTextCell, textCell } from '../schema/cells.js';
import type { FieldMeta } from '../schema/fields.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import { loadTable, tableSpec } from '../load/load-table.js';
import { displayPath } from '../load/paths.js';

export const NOTICES_FILE = 'notices.csv';

export const NOTICE_KINDS = ['retraction', 'partial_retraction', 'withdrawal', 'expression_of_concern', 'correction', 'corrected_republished', 'update', 'other'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_SOURCES = ['crossref', 'retraction-watch', 'pubmed'] as const;

export const NOTICE_META = {
  ref: { type: 'integer >= 1', kind: 'id', required: true, description: 'The study the notice is about (its ref in studies.csv).' },
  kind: { type: 'enum', kind: 'category', required: true, values: NOTICE_KINDS, description: 'What the notice does to the study.' },
  source: { type: 'enum', kind: 'category', required: true, values: NOTICE_SOURCES, description: 'Who reports it: Crossref (publisher metadata), Retraction Watch (through Crossref), PubMed.' },
  notice_id: { type: 'text', kind: 'text', required: false, description: 'DOI or PMID of the notice itself, when known.' },
  date: { type: 'YYYY, YYYY-MM, YYYY-MM-DD or empty', kind: 'text', required: false, description: 'Date of the notice as the source gives it.' },
  link: { type: 'URL', kind: 'text', required: true, description: 'Where the notice (or the record that reports it) can be read.' },
  detail: { type: 'text', kind: 'text', required: false, description: 'The label or citation the source gives.' },
  checked: { type: 'YYYY-MM-DD', kind: 'text', required: true, description: 'Date npa check-retractions found it.' },
} satisfies Record<string, FieldMeta>;

export type NoticeField = keyof typeof NOTICE_META;
export const NOTICE_FIELDS = Object.keys(NOTICE_META) as NoticeField[];

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const CODECS = {
  ref: requiredIntCell(1),
  kind: requiredEnumCell(NOTICE_KINDS),
  source: requiredEnumCell(NOTICE_SOURCES),
  notice_id: textCell(),
  date: textCell().refine((v) => v === null || DATE_RE.test(v as string), { message: 'expected YYYY, YYYY-MM or YYYY-MM-DD' }),
  link: requiredTextCell().refine((v) => /^https?:\/\//.test(v as string), { message: 'expected an http(s) URL' }),
  detail: textCell(),
  checked: requiredTextCell().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v as string), { message: 'expected YYYY-MM-DD' }),
} satisfies Record<NoticeField, z.ZodType>;

export const NoticeSchema = z.object(CODECS);
export type Notice = z.output<typeof NoticeSchema>;
const NOTICE_TABLE = tableSpec(NOTICE_META, (name: NoticeField) => CODECS[name], NoticeSchema);

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
