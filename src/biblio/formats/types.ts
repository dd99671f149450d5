import type { BibRecord } from '../record.js';
import type { Problem } from '../tagged.js';

export type FormatId = 'ris' | 'medline' | 'ovid' | 'wos' | 'bibtex' | 'csljson' | 'csv' | 'json';

export interface ParsedRecord {
  record: BibRecord;
  line: number;
  /** Set when the record is damaged and must not be imported as it is. */
  problem?: string;
}

export interface ParsedFile {
  format: FormatId;
  records: ParsedRecord[];
  problems: Problem[];
  /** Input fields (tags, columns) that no hub field takes, with how often they occurred. */
  unmapped: Record<string, number>;
  junkLines: number;
}
