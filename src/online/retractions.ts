// npa check-retractions: notices about the review's studies from Crossref (updated-by on the study's
// DOI: the publisher's Crossmark updates and Retraction Watch's records; update-to when the DOI is itself
// a notice) and from PubMed (publication type "Retracted Publication" and the comment/correction fields
// of the MEDLINE record: RIN, PRIN, EIN, ECI, CRI, UIN; https://www.nlm.nih.gov/bsd/mms/medlineelements.html
// and https://www.nlm.nih.gov/bsd/policy/errata.html).
import type { Study } from '../schema/study.js';
import { crossrefWork, type CrossrefUpdate } from './crossref.js';
import type { OnlineConfig } from './config.js';
import type { OnlineClient } from './http.js';
import type { Notice, NoticeKind } from '../schema/notices.js';
import { efetchMedline, pubmedRecordUrl, type PubmedRecord } from './pubmed.js';

const CROSSREF_KIND: Record<string, NoticeKind> = {
  retraction: 'retraction',
  removal: 'withdrawal',
  withdrawal: 'withdrawal',
  partial_retraction: 'partial_retraction',
  expression_of_concern: 'expression_of_concern',
  correction: 'correction',
  erratum: 'correction',
  corrigendum: 'correction',
  addendum: 'correction',
  clarification: 'correction',
  new_version: 'update',
  new_edition: 'update',
};

const MEDLINE_KIND: Record<string, [NoticeKind, string]> = {
  RIN: ['retraction', 'Retraction in'],
  PRIN: ['partial_retraction', 'Partial retraction in'],
  EIN: ['correction', 'Erratum in'],
  ECI: ['expression_of_concern', 'Expression of concern in'],
  CRI: ['corrected_republished', 'Corrected and republished in'],
  UIN: ['update', 'Update in'],
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The date in a MEDLINE citation such as "J Vasc Interv Radiol. 2021 Mar 5;32(3):480. PMID: 33612345". */
export function citationDate(text: string): string | null {
  const m = /\.\s+((?:19|20)\d\d)(?:\s+([A-Z][a-z]{2})(?:\s+(\d{1,2}))?)?[;:.]/.exec(text);
  if (!m) return null;
  const month = m[2] ? MONTHS.indexOf(m[2].toLowerCase()) + 1 : 0;
  if (!month) return m[1]!;
  return `${m[1]}-${String(month).padStart(2, '0')}${m[3] ? `-${m[3].padStart(2, '0')}` : ''}`;
}

export function pubmedNotices(ref: number, rec: PubmedRecord, checked: string): Notice[] {
  const out: Notice[] = [];
  for (const [tag, value] of rec.fields) {
    const kind = MEDLINE_KIND[tag];
    if (!kind) continue;
    const pmid = /PMID:\s*(\d+)/.exec(value)?.[1] ?? null;
    out.push({ ref, kind: kind[0], source: 'pubmed', notice_id: pmid, date: citationDate(value), link: pubmedRecordUrl(pmid ?? rec.pmid), detail: `${kind[1]}: ${value}`, checked });
  }
  const types = rec.fields.filter(([t]) => t === 'PT').map(([, v]) => v.trim().toLowerCase());
  if (types.includes('retracted publication') && !out.some((n) => n.kind === 'retraction'))
    out.push({ ref, kind: 'retraction', source: 'pubmed', notice_id: null, date: null, link: pubmedRecordUrl(rec.pmid), detail: 'Publication type: Retracted Publication', checked });
  for (const t of ['retraction of publication', 'expression of concern', 'published erratum'])
    if (types.includes(t)) out.push({ ref, kind: 'other', source: 'pubmed', notice_id: rec.pmid, date: null, link: pubmedRecordUrl(rec.pmid), detail: `the study's PubMed record is itself a notice (publication type: ${t})`, checked });
  return out;
}

function crossrefNotice(ref: number, u: CrossrefUpdate, checked: string, itself: boolean): Notice {
  return {
    ref,
    kind: itself ? 'other' : CROSSREF_KIND[u.type.toLowerCase()] ?? 'other',
    source: u.source === 'retraction-watch' ? 'retraction-watch' : 'crossref',
    notice_id: u.DOI,
    date: u.date,
    link: `https://doi.org/${u.DOI}`,
    detail: itself ? `the study's DOI is itself a ${u.label ?? u.type} notice for ${u.DOI}` : `${u.label ?? u.type}${u.recordId ? ` (Retraction Watch record ${u.recordId})` : ''}`,
    checked,
  };
}

export interface RetractionReport {
  notices: Notice[];
  checked: number[];
  /** Studies with neither DOI nor PMID: nothing to check. */
  noIdentifier: number[];
  /** DOIs Crossref does not know (HTTP 404). */
  unknownDoi: { ref: number; doi: string }[];
}

export async function checkRetractions(client: OnlineClient, config: OnlineConfig, studies: readonly Study[], today: string, progress?: (line: string) => void): Promise<RetractionReport> {
  const notices: Notice[] = [];
  const checked: number[] = [];
  const noIdentifier: number[] = [];
  const unknownDoi: RetractionReport['unknownDoi'] = [];
  const records = await efetchMedline(client, config, [...new Set(studies.map((s) => s.pmid).filter((p): p is string => p !== null))]);
  for (const [i, s] of studies.entries()) {
    if (!s.doi && !s.pmid) {
      noIdentifier.push(s.ref);
      continue;
    }
    progress?.(`check ${i + 1} of ${studies.length}: ref ${s.ref}`);
    checked.push(s.ref);
    if (s.pmid) {
      const rec = records.get(s.pmid);
      if (rec) notices.push(...pubmedNotices(s.ref, rec, today));
    }
    if (s.doi) {
      const work = await crossrefWork(client, config, s.doi);
      if (!work) unknownDoi.push({ ref: s.ref, doi: s.doi });
      else {
        for (const u of work.updatedBy) notices.push(crossrefNotice(s.ref, u, today, false));
        for (const u of work.updateTo) notices.push(crossrefNotice(s.ref, u, today, true));
      }
    }
  }
  return { notices, checked, noIdentifier, unknownDoi };
}
