// DIR/notices.csv (declared in src/schema/notices.ts): retractions, corrections and expressions of concern about
// the review's studies, as Crossref and PubMed report them (npa check-retractions). One row per notice and source;
// the table is derived from the services and rewritten per checked study, so it holds no decision of a person.
// `npa validate` reads it (checkNotices) and warns about every included study that is retracted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { NOTICE_FIELDS, NOTICE_META, NOTICES_FILE, type Notice, type NoticeKind } from '../schema/notices.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import { loadTable, tableSpec } from '../load/load-table.js';
import { displayPath } from '../load/paths.js';

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
