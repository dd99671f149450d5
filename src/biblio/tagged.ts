// Reader for line-tagged formats (RIS, MEDLINE, Web of Science): a small state machine over lines
// that yields raw records (tag/value pairs in input order) and reports every structural problem with
// its line. The formats differ only in the hooks of a TaggedSpec.
import type { Line } from './lines.js';

export interface RawRecord {
  line: number;
  fields: [tag: string, value: string][];
  /** Set when the record is structurally damaged; such a record is skipped, never half-imported. */
  problem?: string;
}

export interface Problem {
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface TaggedSpec {
  /** A tag line → [tag, value], or null. */
  tag(text: string): [string, string] | null;
  /** A tag that opens a record. */
  opens(tag: string): boolean;
  /** A tag that closes a record (RIS and WoS ER); MEDLINE closes on a blank line instead. */
  closes(tag: string): boolean;
  closesOnBlank: boolean;
  /** A line that continues the previous field inside a record. */
  continues(text: string): boolean;
  /** For a continuation: true when each line is a new value of the same tag (WoS author lists). */
  repeatsOnContinuation?(tag: string): boolean;
  /** Tags allowed outside a record (file headers such as WoS FN/VR/EF). */
  header?(tag: string): boolean;
  /** A non-tag line outside a record that means lost content (not export noise): an error. */
  strayIsError?(text: string): boolean;
  /** Name of the closing tag, for messages. */
  closerName: string;
  /** The field every complete record ends with, where the format has one (PubMed's MEDLINE: SO, the source). */
  lastTag?: string;
}

export interface TaggedResult<T> {
  records: T[];
  problems: Problem[];
  /** Non-blank lines outside any record that are not tags (export banners, "Record 1 of 2", ...). */
  junkLines: number;
}

/**
 * Reads records and hands each to `convert` as soon as it closes, so the raw tag lists of a large
 * export are never all in memory at once.
 */
export function readTagged<T>(lines: Iterable<Line>, spec: TaggedSpec, convert: (raw: RawRecord, index: number) => T): TaggedResult<T> {
  const records: T[] = [];
  const problems: Problem[] = [];
  let junkLines = 0;
  let current: RawRecord | null = null;
  let lastLine = 0;
  // How the records before the last one ended: by their closer (ER, a blank line) or otherwise. When
  // every earlier record ended with its closer and the last did not, the file was cut (issue 10 §6).
  let closedProperly = 0;
  let closedOtherwise = 0;
  // The same for the format's last field (MEDLINE's SO), which tells a cut record even when blank lines cannot.
  let endedWithLast = 0;
  let endedOtherwise = 0;

  // A record is converted when it closes; every problem of a record is found while it is open.
  const close = (properly = false) => {
    if (current) {
      if (spec.lastTag) {
        if (current.fields[current.fields.length - 1]?.[0] === spec.lastTag) endedWithLast++;
        else endedOtherwise++;
      }
      records.push(convert(current, records.length));
      if (properly) closedProperly++;
      else closedOtherwise++;
    }
    current = null;
  };

  for (const { text, number } of lines) {
    lastLine = number;
    const blank = text.trim() === '';
    if (current === null) {
      if (blank) continue;
      const tagged = spec.tag(text);
      if (tagged && spec.opens(tagged[0])) {
        current = { line: number, fields: [[tagged[0], tagged[1]]] };
      } else if (tagged && spec.header?.(tagged[0])) {
        continue;
      } else if (tagged && !spec.closes(tagged[0])) {
        problems.push({ line: number, severity: 'error', message: `tag ${tagged[0]} outside a record (a record starts with ${describeOpener(spec)})` });
      } else if (tagged) {
        problems.push({ line: number, severity: 'error', message: `${tagged[0]} with no open record` });
      } else if (spec.strayIsError?.(text)) {
        problems.push({ line: number, severity: 'error', message: 'a continuation line outside any record (content with no tag to belong to)' });
      } else {
        junkLines++;
      }
      continue;
    }
    if (blank) {
      if (spec.closesOnBlank) close(true);
      continue;
    }
    const tagged = spec.tag(text);
    if (tagged) {
      const [tag, value] = tagged;
      if (spec.closes(tag)) {
        close(true);
      } else if (spec.opens(tag) && !spec.closesOnBlank) {
        const open: RawRecord = current;
        problems.push({ line: open.line, severity: 'error', message: `record has no ${spec.closerName} before the next record starts on line ${number}` });
        open.problem = `no ${spec.closerName} before line ${number}`;
        close();
        current = { line: number, fields: [[tag, value]] };
      } else if (spec.opens(tag)) {
        close();
        current = { line: number, fields: [[tag, value]] };
      } else {
        current.fields.push([tag, value]);
      }
      continue;
    }
    if (spec.continues(text) && current.fields.length > 0) {
      const last = current.fields[current.fields.length - 1]!;
      const more = text.trim();
      if (spec.repeatsOnContinuation?.(last[0])) current.fields.push([last[0], more]);
      else last[1] = last[1] === '' ? more : `${last[1]} ${more}`;
      continue;
    }
    const open: RawRecord = current;
    problems.push({ line: number, severity: 'error', message: `line is neither a tag nor a continuation: ${JSON.stringify(text.slice(0, 40))}` });
    open.problem ??= `unreadable line ${number}`;
  }
  if (current !== null) {
    const open: RawRecord = current;
    if (spec.lastTag) {
      // Its last field is there: complete, with or without the closing blank line.
      if (open.fields[open.fields.length - 1]?.[0] === spec.lastTag) {
        close(true);
        return { records, problems, junkLines };
      }
      if (endedWithLast > 0 && endedOtherwise === 0) {
        const message = `the file looks cut off: every earlier record (${endedWithLast}) ends with its ${spec.lastTag} field, but the last one, from line ${open.line} to the end (line ${lastLine}), does not; it is incomplete`;
        problems.push({ line: open.line, severity: 'error', message });
        open.problem = 'cut off at the end of the file';
        close();
        return { records, problems, junkLines };
      }
    }
    if (closedProperly > 0 && closedOtherwise === 0) {
      const how = spec.closesOnBlank ? 'is followed by a blank line' : `ends with ${spec.closerName}`;
      const message = `the file looks cut off: every earlier record (${closedProperly}) ${how}, but the last one, from line ${open.line} to the end (line ${lastLine}), does not; it may be incomplete`;
      // RIS and WoS end every record with ER, so a missing one is certain damage: the record is refused.
      // A MEDLINE file without its closing blank line may be hand-edited; the record is kept, with a warning.
      if (spec.closesOnBlank) {
        problems.push({ line: open.line, severity: 'warning', message: `${message}; imported as complete` });
      } else {
        problems.push({ line: open.line, severity: 'error', message });
        open.problem = 'cut off at the end of the file';
      }
      close();
      return { records, problems, junkLines };
    }
    if (!spec.closesOnBlank) problems.push({ line: open.line, severity: 'warning', message: `last record has no ${spec.closerName} (file ends on line ${lastLine}); imported as complete` });
    close();
  }
  return { records, problems, junkLines };
}

function describeOpener(spec: TaggedSpec): string {
  for (const tag of ['TY', 'PMID', 'PT']) if (spec.opens(tag)) return tag;
  return 'its opening tag';
}

const PADDED = /^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*?)\s*$/;

/** MEDLINE-style tags: up to four characters padded to four, then "- " ("PMID- 1", "TI  - x", "FAU - y"). */
export function paddedTag(text: string): [string, string] | null {
  if (text.length < 5 || text[4] !== '-') return null;
  const m = PADDED.exec(text);
  return m ? [m[1]!, m[2] ?? ''] : null;
}
