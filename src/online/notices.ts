// DIR/notices.csv (declared in src/schema/notices.ts): retractions, corrections and expressions of concern about
// the review's studies, as Crossref and PubMed report them (npa check-retractions). One row per notice and source;
// the table is derived from the services and rewritten per checked study, so it holds no decision of a person.
// `npa validate` reads it (loadNotices with the studies) and warns about every included study that is retracted.
import { stringify } from 'csv-stringify/sync';
import { NOTICE_FIELDS, NOTICE_META, NOTICES_FILE, type Notice, type NoticeKind } from '../schema/notices.js';
import type { Study } from '../schema/study.js';
import type { Issue } from '../issues.js';
import { loadOptionalTable, tableSpec, type LoadedRow } from '../load/load-table.js';

const NOTICE_TABLE = tableSpec(NOTICE_META);

/** Kinds that take a study out of the evidence (validate warns about them). */
export const WITHDRAWN: readonly NoticeKind[] = ['retraction', 'withdrawal'];

/**
 * DIR/notices.csv by the one optional-table loader (strict UTF-8, an empty file is damage). Given the
 * studies, also the validator's checks: a ref no study has is an error, and each retracted or withdrawn
 * included study a warning.
 */
export function loadNotices(dir: string, studies?: readonly Study[]): { notices: Notice[]; issues: Issue[] } {
  const table = loadOptionalTable(dir, NOTICES_FILE, NOTICE_TABLE, (file, all) => (studies ? checkRows(file, all, studies) : []), 'notices table');
  return { notices: table.rows, issues: table.issues };
}

function checkRows(file: string, rows: readonly LoadedRow<Notice>[], studies: readonly Study[]): Issue[] {
  const issues: Issue[] = [];
  const byRef = new Map(studies.map((s) => [s.ref, s]));
  const warned = new Set<number>();
  for (const { value: n, line, invalid } of rows) {
    if (invalid?.length) continue; // a row whose cells failed: reported by the loader
    if (!byRef.has(n.ref)) {
      issues.push({ severity: 'error', code: 'notice_ref_missing', file, line, column: 'ref', value: String(n.ref), message: 'no study in studies.csv has this ref' });
      continue;
    }
    if (WITHDRAWN.includes(n.kind) && !warned.has(n.ref)) {
      warned.add(n.ref);
      issues.push({
        severity: 'warning', code: 'included_study_retracted', file, line, column: 'kind', ref: n.ref, value: n.kind,
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
