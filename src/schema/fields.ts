// Study fields (one row of data/studies.csv): each declared once with its codec spec and meaning (see
// declare.ts). No zod here, so the CLI can offer field and value choices without loading the validator;
// src/schema/study.ts turns the declarations into the codecs.
import { boolField, enumField, intField, listField, patternField, textField, type FieldMeta } from './declare.js';
import { CENTRES, DESIGNS, INTERVENTIONS, SITES } from './vocab.js';

export { type FieldKind, type FieldMeta } from './declare.js';

export const FIELD_META = {
  ref: intField(1, "Number of the entry in the review's numbered Sources list (unique).", { required: true, kind: 'id' }),
  duplicate_of: intField(1, 'When the Sources list cites the same publication again: the ref of its first listing. Empty for a first (or only) listing.'),
  authors: textField('Authors exactly as the Sources list prints them (including "et al.").', { required: true }),
  first_author: textField('Surname and initials of the first author as listed.', { required: true }),
  year: intField(1900, 'Publication year as listed.', { required: true }),
  title: textField('Article title as listed.', { required: true }),
  journal: textField('Journal as listed (full or abbreviated).', { required: true, kind: 'category' }),
  volume: textField('Journal volume as listed.'),
  issue: textField('Journal issue as listed.'),
  pages: textField('Page range or article number as listed.'),
  pmid: patternField(
    /^[1-9]\d{0,8}$/, 'PubMed ID (1 to 9 digits, no leading 0)', 'expected a PubMed ID (digits, no leading zero)',
    'PubMed ID, only when seen printed on a source page with a matching title; empty otherwise (never guessed).',
  ),
  pmid_source: textField('Page on which the PMID was seen: its URL, optionally followed by a note.'),
  doi: patternField(
    /^10\.\d{4,9}\/\S+$/, 'DOI (10.<registrant>/<suffix>, no URL prefix)', 'expected a DOI such as 10.1000/xyz (no https://doi.org/ prefix)',
    'Digital Object Identifier, only when seen printed on a source page; empty otherwise (never guessed).',
  ),
  doi_source: textField('Page on which the DOI was seen: its URL, optionally followed by a note.'),
  design: enumField(
    DESIGNS,
    'Study design as the source states it (prospective and rct count as prospectively collected data). Empty only for a study added by screening and not yet coded (a warning).',
    { required: 'column' },
  ),
  design_note: textField('Quote or reason for the design coding.'),
  centres: enumField(CENTRES, 'Single- or multi-centre; empty when the source does not say.'),
  patients: intField(0, 'Number of patients treated or analysed as the source states it; empty when not stated.'),
  lesions: intField(0, 'Number of lesions (tumours) treated as the source states it; empty when not stated.'),
  counts_note: textField('Quote for patients/lesions.'),
  sites: listField(
    SITES,
    'Skeletal sites treated (acetabulum counts as pelvis; sacrum is its own site). Empty when not coded (JSON null); none for a coded empty list (JSON []).',
  ),
  sites_note: textField('Quote or reason for the site coding.'),
  interventions: listField(
    INTERVENTIONS,
    'Treatments patients received in the studied arms (cement covers cementoplasty, vertebroplasty, kyphoplasty, osteoplasty and vertebral augmentation). Empty when not coded (JSON null); none for a coded empty list (JSON []).',
  ),
  interventions_note: textField('Quote or reason for the intervention coding.'),
  rfa_vs_rfa_cement: boolField('The study compares outcomes of RFA alone with RFA plus cementoplasty.'),
  rt_role: boolField('The study tries to elucidate the role of external beam radiotherapy in addition to ablation.'),
  industry_ties: boolField('A source states authors are consultants of, or funded by, a device maker (true) or states no conflicts (false); empty when not known.'),
  industry_note: textField('Quote for industry_ties.'),
  annotated: boolField("The study has an entry in the review's annotated bibliography.", { required: true }),
  coding_source: textField(
    'Where the coded study fields (design, centres, counts, sites, interventions) came from: a URL or "review text", optionally followed by a note.',
    { required: true },
  ),
  notes: textField('Curator notes: judgements, discrepancies between the review and the source.'),
} satisfies Record<string, FieldMeta>;

export type FieldName = keyof typeof FIELD_META;
export const FIELD_NAMES = Object.keys(FIELD_META) as FieldName[];
export const fieldMeta = (name: FieldName): FieldMeta => FIELD_META[name];

/** Fields whose values can be counted and cross-tabulated (`npa count --by`). */
export const COUNTABLE_FIELDS = FIELD_NAMES.filter((name) => {
  const kind = fieldMeta(name).kind;
  return kind === 'category' || kind === 'multi' || kind === 'bool' || name === 'year';
});
