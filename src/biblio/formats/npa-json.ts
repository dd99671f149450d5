// npa's own JSON (the hub records as written by `--to json`), read back field by field.
import { emptyRecord, type BibRecord } from '../record.js';
import type { Problem } from '../tagged.js';
import { parseJsonText } from './csljson.js';
import type { ParsedFile, ParsedRecord } from './types.js';

const STRING_FIELDS = ['type', 'title', 'journal', 'journalAbbrev', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'language', 'publisher'] as const;
const LIST_FIELDS = ['authors', 'keywords', 'issn', 'urls'] as const;

export function looksLikeNpaJson(text: string): boolean {
  return /^\s*\[\s*\{\s*"id"\s*:\s*"[^"]*"\s*,\s*"type"\s*:/.test(text) && /"authors"\s*:/.test(text.slice(0, 4000));
}

export function parseNpaJson(text: string, file: string): ParsedFile {
  const problems: Problem[] = [];
  const parsed = parseJsonText(text);
  if ('problem' in parsed) return { format: 'json', records: [], problems: [parsed.problem], unmapped: {}, junkLines: 0 };
  const data = parsed.data;
  if (!Array.isArray(data)) {
    problems.push({ line: 1, severity: 'error', message: 'expected a CSL-JSON array of items' });
    return { format: 'json', records: [], problems, unmapped: {}, junkLines: 0 };
  }
  const unmapped: Record<string, number> = {};
  const records: ParsedRecord[] = data.map((item: Record<string, unknown>, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ line: 1, severity: 'error', message: `item ${i + 1} is not a record (an object)` });
      return { record: emptyRecord(`${file}#${i + 1}`), line: 1, problem: 'not an object' };
    }
    const r: BibRecord = emptyRecord(typeof item?.id === 'string' ? item.id : `${file}#${i + 1}`);
    for (const key of Object.keys(item ?? {})) {
      if ((STRING_FIELDS as readonly string[]).includes(key)) {
        const v = item[key];
        (r as unknown as Record<string, unknown>)[key] = typeof v === 'string' ? v : null;
      } else if ((LIST_FIELDS as readonly string[]).includes(key)) {
        const v = item[key];
        (r as unknown as Record<string, unknown>)[key] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      } else if (key === 'year') r.year = typeof item.year === 'number' ? item.year : null;
      else if (key !== 'id') unmapped[key] = (unmapped[key] ?? 0) + 1;
    }
    if (!r.type) r.type = 'GEN';
    return { record: r, line: 1 };
  });
  return { format: 'json', records, problems, unmapped, junkLines: 0 };
}
