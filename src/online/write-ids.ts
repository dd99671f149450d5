// Writing accepted identifiers into studies.csv: only confident proposals, only into empty cells (the
// identifier and its source both empty), the source set to the record's URL, how it was found and the
// date. The table is re-serialised with csv-stringify (byte-identical for rows that do not change when
// the file uses its quoting, as npa's files do) and replaced atomically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../io.js';
import { STUDIES_FILE } from '../load/paths.js';
import type { Proposal } from './lookup.js';

export interface Written {
  ref: number;
  field: 'pmid' | 'doi';
  value: string;
  source: string;
}

export function sourceText(p: Proposal, date: string): string {
  return `${p.url} (npa lookup ${date}: found by ${p.via.join(' + ')}; ${p.agree.join(', ')} agree)`;
}

/** Writes the confident proposals; returns what was written and what was left (with the reason). */
export function writeIdentifiers(dir: string, proposals: readonly Proposal[], date: string): { written: Written[]; skipped: { proposal: Proposal; reason: string }[] } {
  const path = join(dir, STUDIES_FILE);
  const text = readFileSync(path, 'utf8');
  const bom = text.startsWith('\uFEFF');
  const rows = parse(text, { bom: true, relax_column_count: false }) as string[][];
  const header = rows[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  const refCol = col('ref');
  const written: Written[] = [];
  const skipped: { proposal: Proposal; reason: string }[] = [];
  for (const p of proposals) {
    if (p.status !== 'confident') continue;
    const row = rows.find((r, i) => i > 0 && r[refCol]?.trim() === String(p.ref));
    const [valueCol, sourceCol] = [col(p.field), col(`${p.field}_source`)];
    if (!row || valueCol < 0 || sourceCol < 0) {
      skipped.push({ proposal: p, reason: `ref ${p.ref} or column ${p.field} not found in ${STUDIES_FILE}` });
      continue;
    }
    if (row[valueCol]!.trim() || row[sourceCol]!.trim()) {
      skipped.push({ proposal: p, reason: `${p.field} or ${p.field}_source already holds a value; npa never overwrites it` });
      continue;
    }
    const source = sourceText(p, date);
    row[valueCol] = p.value;
    row[sourceCol] = source;
    written.push({ ref: p.ref, field: p.field, value: p.value, source });
  }
  if (written.length) writeFileAtomic(path, (bom ? '\uFEFF' : '') + stringify(rows, { record_delimiter: text.includes('\r\n') ? '\r\n' : '\n' }));
  return { written, skipped };
}
