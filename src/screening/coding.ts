// Coding sheets for new studies: a CSV with the coding columns (allowed values in '#' header comments),
// validated cell by cell with the dataset's own codecs, merged into studies.csv with the coder and the
// source; and two coders' sheets compared field by field.
import { stringify } from 'csv-stringify/sync';
import type { Issue } from '../issues.js';
import { readCsv } from '../load/read-csv.js';
import { codecOf, fieldMeta, type FieldName } from '../schema/study.js';
import { agreement } from './agreement.js';
import type { RawTable } from './studies-file.js';

export const CONTEXT_COLUMNS = ['ref', 'first_author', 'year', 'title'] as const;
export const CODING_COLUMNS = ['design', 'design_note', 'centres', 'patients', 'lesions', 'counts_note', 'sites', 'sites_note', 'interventions', 'interventions_note', 'rfa_vs_rfa_cement', 'rt_role', 'industry_ties', 'industry_note', 'coding_source'] as const satisfies readonly FieldName[];
export const SHEET_COLUMNS = [...CONTEXT_COLUMNS, ...CODING_COLUMNS, 'coder'] as const;

export function codingSheet(studies: RawTable, refs: readonly number[], reviewId: string): string {
  const comments = [
    `# npa coding sheet (${reviewId}). Fill the empty cells from the source named in coding_source; leave a cell empty when the source does not say.`,
    '# Lists are ";"-separated; booleans are true/false; ref, first_author, year and title are for orientation and are not merged.',
    ...CODING_COLUMNS.map((c) => `# ${c}: ${fieldMeta(c).values ? fieldMeta(c).values!.join(' | ') : fieldMeta(c).type} — ${fieldMeta(c).description.split('. ')[0]!.replace(/\.$/, '')}`),
    '# coder: who coded the row (or give npa code apply --coder NAME)',
  ];
  const rows = studies.rows.filter((r) => refs.includes(Number(r.ref))).map((r) => SHEET_COLUMNS.map((c) => ((CONTEXT_COLUMNS as readonly string[]).includes(c) ? r[c] ?? '' : '')));
  return comments.join('\n') + '\n' + stringify([[...SHEET_COLUMNS], ...rows], { record_delimiter: '\n' });
}

/** Refs added by screening and not yet coded. */
export const uncodedRefs = (studies: RawTable): number[] => studies.rows.filter((r) => r.coding_source === 'not yet coded').map((r) => Number(r.ref));

export interface SheetRow {
  line: number;
  ref: number;
  cells: Partial<Record<(typeof CODING_COLUMNS)[number], string>>;
  coder: string;
}

/** Reads and validates a sheet: comments skipped (line numbers kept), every cell checked with the dataset's codec. */
export function readSheet(text: string, file: string, knownRefs: ReadonlySet<number>): { rows: SheetRow[]; issues: Issue[] } {
  const blanked = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => (l.startsWith('#') ? '' : l)).join('\n');
  const table = readCsv(blanked, file);
  const issues: Issue[] = [...table.issues];
  if (!table.header.includes('ref')) issues.push({ severity: 'error', code: 'missing_column', file, column: 'ref', message: 'the sheet needs a ref column' });
  for (const h of table.header) if (!(SHEET_COLUMNS as readonly string[]).includes(h)) issues.push({ severity: 'error', code: 'unknown_column', file, column: h, message: 'not a column of the coding sheet', accepted: SHEET_COLUMNS });
  const rows: SheetRow[] = [];
  const seen = new Set<number>();
  for (const { line, record } of table.rows) {
    const ref = Number(record.ref);
    const at = (column: string, value: string, message: string, accepted?: readonly string[]) => issues.push({ severity: 'error', code: 'invalid_value', file, line, column, value, message, ...(accepted ? { accepted } : {}) });
    if (!Number.isInteger(ref) || !knownRefs.has(ref)) { at('ref', record.ref ?? '', 'no study has this ref'); continue; }
    if (seen.has(ref)) { at('ref', record.ref ?? '', 'the same ref twice in one sheet'); continue; }
    seen.add(ref);
    const cells: SheetRow['cells'] = {};
    for (const c of CODING_COLUMNS) {
      if (!(c in record)) continue;
      const value = (record[c] ?? '').trim();
      const parsed = codecOf(c).safeParse(value);
      if (!parsed.success) at(c, value, parsed.error.issues[0]?.message ?? 'invalid', fieldMeta(c).values);
      else cells[c] = value;
    }
    if (Object.values(cells).some((v) => v) && !cells.coding_source) at('coding_source', '', 'say where the coding came from (the page or document read)');
    rows.push({ line, ref, cells, coder: (record.coder ?? '').trim() });
  }
  return { rows, issues };
}

/** Merges validated rows into the raw study table; returns what changed. */
export function mergeSheet(studies: RawTable, rows: readonly SheetRow[], coder: string, file: string, date: string): { changed: { ref: number; fields: string[] }[] } {
  const changed: { ref: number; fields: string[] }[] = [];
  for (const row of rows) {
    const target = studies.rows.find((r) => Number(r.ref) === row.ref)!;
    const fields: string[] = [];
    for (const [c, v] of Object.entries(row.cells)) {
      if (v === undefined || v === '' || target[c] === v) continue;
      target[c] = v;
      fields.push(c);
    }
    if (!fields.length) continue;
    const who = row.coder || coder;
    target.notes = `${target.notes ? `${target.notes} ` : ''}Coded by ${who} (${fields.join(', ')}; npa code apply ${file}, ${date}).`;
    changed.push({ ref: row.ref, fields });
  }
  return { changed };
}

export interface FieldAgreement {
  field: string;
  n: number;
  agreement: number | null;
  kappa: number | null;
  differences: { ref: number; a: string; b: string }[];
}

/** Two coders' sheets, field by field, on the refs both coded (cells both filled). */
export function compareSheets(a: readonly SheetRow[], b: readonly SheetRow[]): FieldAgreement[] {
  const byRef = new Map(b.map((r) => [r.ref, r]));
  return CODING_COLUMNS.filter((c) => !c.endsWith('_note') && c !== 'coding_source').map((field) => {
    const pairs: [string, string][] = [];
    const differences: FieldAgreement['differences'] = [];
    for (const ra of a) {
      const rb = byRef.get(ra.ref);
      const va = ra.cells[field] ?? '';
      const vb = rb?.cells[field] ?? '';
      if (!rb || !va || !vb) continue;
      const norm = (v: string) => v.split(';').map((x) => x.trim()).sort().join(';');
      pairs.push([norm(va), norm(vb)]);
      if (norm(va) !== norm(vb)) differences.push({ ref: ra.ref, a: va, b: vb });
    }
    const r = agreement(pairs);
    const categorical = fieldMeta(field).kind === 'category' || fieldMeta(field).kind === 'bool' || fieldMeta(field).kind === 'multi';
    return { field, n: r.n, agreement: r.agreement, kappa: categorical ? r.kappa : null, differences };
  });
}
