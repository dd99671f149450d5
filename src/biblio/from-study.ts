// A dataset study as a hub record, for export and de-duplication. Authors as listed ("Levy J,
// Hopkins T, ..., et al.") become "Levy, J"; "et al." is dropped (the list is not complete).
import type { Study } from '../schema/study.js';
import { emptyRecord, type BibRecord } from './record.js';

export function authorsFromListing(listing: string): string[] {
  return listing
    .replace(/,?\s*et al\.?\s*$/i, '')
    .replace(/\.$/, '')
    .split(/,\s*/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      const m = /^(.*\S)\s+([A-Z][A-Za-z]{0,3})$/.exec(a);
      return m && /^[A-Z]+$/.test(m[2]!) ? `${m[1]}, ${m[2]}` : a;
    });
}

export function studyToRecord(s: Study): BibRecord {
  const r = emptyRecord(String(s.ref));
  r.title = s.title;
  r.authors = authorsFromListing(s.authors);
  r.year = s.year;
  r.journal = s.journal;
  r.volume = s.volume;
  r.issue = s.issue;
  r.pages = s.pages;
  r.doi = s.doi ?? null; // as coded: a DOI keeps its case (compared without it)
  r.pmid = s.pmid;
  return r;
}
