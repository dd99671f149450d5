// PubMed MEDLINE text (.nbib, .txt): "PMID- 12345", tags padded to four characters then "- ",
// continuation lines indented by six spaces, records separated by blank lines.
import { handled, normalizeDoi, set, type Setter } from '../fields.js';
import type { Line } from '../lines.js';
import { paddedTag, readTagged, type TaggedSpec } from '../tagged.js';
import { recordFromFields } from './ris.js';
import type { ParsedFile } from './types.js';

export const MEDLINE_SPEC: TaggedSpec = {
  tag: paddedTag,
  opens: (tag) => tag === 'PMID',
  closes: () => false,
  closesOnBlank: true,
  continues: (text) => /^\s/.test(text),
  strayIsError: (text) => /^\s/.test(text),
  closerName: 'blank line',
  // PubMed ends every record with its source line ("SO  - J Vasc Interv Radiol. 2020;31(10):1745-1752."): a
  // last record without it, in a file whose other records all have it, was cut off.
  lastTag: 'SO',
};

const doiFromId: Setter = (record, value) => {
  if (/\[doi\]\s*$/i.test(value)) record.doi ??= normalizeDoi(value.replace(/\s*\[doi\]\s*$/i, ''));
};

const MEDLINE_READ: Record<string, Setter> = {
  PMID: (record, value) => {
    set.pmid(record, value);
    if (record.pmid) record.id = record.pmid;
  },
  TI: set.title,
  BTI: set.title,
  AB: set.abstract,
  // Full author names when present; the short forms (AU) are kept only if no FAU exists (below).
  FAU: set.author,
  AU: handled,
  CN: set.author,
  DP: set.year,
  JT: set.journal,
  TA: set.journalAbbrev,
  VI: set.volume,
  IP: set.issue,
  PG: set.pages,
  LID: doiFromId,
  AID: doiFromId,
  IS: set.issn,
  LA: set.language,
  OT: set.keyword,
  MH: set.keyword,
  PT: handled,
  PB: set.publisher,
};

export function parseMedline(lines: Iterable<Line>, file: string): ParsedFile {
  const unmapped: Record<string, number> = {};
  const { records, problems, junkLines } = readTagged(lines, MEDLINE_SPEC, (r, i) => {
    const record = recordFromFields(r.fields, `${file}#${i + 1}`, MEDLINE_READ, unmapped);
    if (record.authors.length === 0) for (const [tag, value] of r.fields) if (tag === 'AU' && value.trim()) record.authors.push(value.trim());
    const types = r.fields.filter(([t]) => t === 'PT').map(([, v]) => v.toLowerCase());
    record.type = types.some((t) => t.includes('congress') || t.includes('meeting abstract')) ? 'CONF' : 'JOUR';
    // MEDLINE pages are printed shortened ("1745-52"); the hub keeps them as printed.
    return { record, line: r.line, problem: r.problem };
  });
  return { format: 'medline', records, problems, unmapped, junkLines };
}
