// The report's numbered reference list in Vancouver style (ICMJE/NLM, as AMA and most medical journals use),
// rendered by citation-js's CSL processor (@citation-js/plugin-csl, citeproc-js, its bundled "vancouver" style)
// from each study's bibliographic fields, numbered by the study's ref, with PubMed and DOI links.
import type { Study } from '../schema/study.js';
import { studyToRecord } from '../biblio/from-study.js';
import { toCsl } from '../biblio/formats/csljson.js';

export interface Reference {
  ref: number;
  /** The formatted entry without its number. */
  text: string;
  pmid: string | null;
  doi: string | null;
}

export async function vancouverReferences(studies: readonly Study[]): Promise<Reference[]> {
  const unique = studies.filter((s) => s.duplicate_of === null);
  if (unique.length === 0) return [];
  // citation-js is CommonJS: bundled, its exports may sit on the namespace's default.
  const core = (await import('@citation-js/core')) as typeof import('@citation-js/core') & { default?: typeof import('@citation-js/core') };
  const Cite = core.Cite ?? core.default!.Cite;
  await import('@citation-js/plugin-csl');
  // Without URL, DOI and PMID: the links are given once, after the entry, as PubMed and DOI links.
  const items = unique.map((s) => {
    const item = toCsl(studyToRecord(s));
    // "ND" is two initials, not one given name: citeproc would shorten it to "N".
    const author = ((item.author ?? []) as { family?: string; given?: string; literal?: string }[]).map((a) => (a.given && /^[A-Z]{2,3}$/.test(a.given) ? { ...a, given: a.given.split('').join('. ') + '.' } : a));
    // The Sources list says "et al." after the sixth author: a seventh name makes the style write it.
    if (/et al\.?\s*$/.test(s.authors)) author.push({ literal: 'et al.' });
    const journal = typeof item['container-title'] === 'string' ? (item['container-title'] as string).replace(/\.(?=\S)/g, '. ') : undefined;
    return { ...item, id: String(s.ref), type: 'article-journal', author, 'container-title': journal, URL: undefined, DOI: undefined, PMID: undefined };
  });
  const entries = new Cite(items).format('bibliography', { format: 'text', template: 'vancouver', lang: 'en-US', asEntryArray: true });
  const byId = new Map(entries.map(([id, text]) => [id, text.replace(/^\s*\d+\.\s*/, '').replace(/\s+/g, ' ').trim()]));
  return unique.map((s) => ({ ref: s.ref, text: byId.get(String(s.ref)) ?? '', pmid: s.pmid, doi: s.doi }));
}
