// Study fields: names and metadata (type, kind, allowed values, meaning). No zod here, so the CLI can
// offer field and value choices without loading the validator; src/schema/study.ts adds the codecs.
import { CENTRES, DESIGNS, INTERVENTIONS, SITES } from './vocab.js';

/** How a field behaves in counts and filters. */
export type FieldKind = 'id' | 'category' | 'multi' | 'bool' | 'number' | 'text';

export interface FieldMeta {
  /** Type as shown in the data dictionary. */
  type: string;
  kind: FieldKind;
  required: boolean;
  values?: readonly string[];
  /** Whole numbers: the smallest accepted value (the codec checks it; the dictionary states it). */
  min?: number;
  description: string;
}

/** A whole-number field: its bound and whether it may be empty, declared once for codec and dictionary. */
export function intField<K extends FieldKind, R extends boolean>(min: number, required: R, kind: K, description: string) {
  return { type: `integer >= ${min}${required ? '' : ' or empty'}`, kind, required, min, description };
}

export const FIELD_META = {
  ref: intField(1, true, 'id', "Number of the entry in the review's numbered Sources list (unique)."),
  duplicate_of: intField(1, false, 'number', 'When the Sources list cites the same publication again: the ref of its first listing. Empty for a first (or only) listing.'),
  authors: {
    type: 'text', kind: 'text', required: true,
    description: 'Authors exactly as the Sources list prints them (including "et al.").',
  },
  first_author: {
    type: 'text', kind: 'text', required: true,
    description: 'Surname and initials of the first author as listed.',
  },
  year: intField(1900, true, 'number', 'Publication year as listed.'),
  title: { type: 'text', kind: 'text', required: true, description: 'Article title as listed.' },
  journal: { type: 'text', kind: 'category', required: true, description: 'Journal as listed (full or abbreviated).' },
  volume: { type: 'text', kind: 'text', required: false, description: 'Journal volume as listed.' },
  issue: { type: 'text', kind: 'text', required: false, description: 'Journal issue as listed.' },
  pages: { type: 'text', kind: 'text', required: false, description: 'Page range or article number as listed.' },
  pmid: {
    type: 'digits or empty', kind: 'text', required: false,
    description: 'PubMed ID, only when seen printed on a source page with a matching title; empty otherwise (never guessed).',
  },
  pmid_source: { type: 'URL or empty', kind: 'text', required: false, description: 'Page on which the PMID was seen.' },
  doi: {
    type: 'DOI or empty', kind: 'text', required: false,
    description: 'Digital Object Identifier, only when seen printed on a source page; empty otherwise (never guessed).',
  },
  doi_source: { type: 'URL or empty', kind: 'text', required: false, description: 'Page on which the DOI was seen.' },
  design: {
    type: 'enum or empty', kind: 'category', required: true, values: DESIGNS,
    description: 'Study design as the source states it (prospective and rct count as prospectively collected data). Empty only for a study added by screening and not yet coded (a warning).',
  },
  design_note: { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the design coding.' },
  centres: {
    type: 'enum or empty', kind: 'category', required: false, values: CENTRES,
    description: 'Single- or multi-centre; empty when the source does not say.',
  },
  patients: intField(0, false, 'number', 'Number of patients treated or analysed as the source states it; empty when not stated.'),
  lesions: intField(0, false, 'number', 'Number of lesions (tumours) treated as the source states it; empty when not stated.'),
  counts_note: { type: 'text', kind: 'text', required: false, description: 'Quote for patients/lesions.' },
  sites: {
    type: "';'-separated list", kind: 'multi', required: false, values: SITES,
    description: 'Skeletal sites treated (acetabulum counts as pelvis; sacrum is its own site). Empty when unknown.',
  },
  sites_note: { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the site coding.' },
  interventions: {
    type: "';'-separated list", kind: 'multi', required: false, values: INTERVENTIONS,
    description: 'Treatments patients received in the studied arms (cement covers cementoplasty, vertebroplasty, kyphoplasty, osteoplasty and vertebral augmentation).',
  },
  interventions_note: { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the intervention coding.' },
  rfa_vs_rfa_cement: {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'The study compares outcomes of RFA alone with RFA plus cementoplasty.',
  },
  rt_role: {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'The study tries to elucidate the role of external beam radiotherapy in addition to ablation.',
  },
  industry_ties: {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'A source states authors are consultants of, or funded by, a device maker (true) or states no conflicts (false); empty when not known.',
  },
  industry_note: { type: 'text', kind: 'text', required: false, description: 'Quote for industry_ties.' },
  annotated: {
    type: 'true/false', kind: 'bool', required: true,
    description: "The study has an entry in the review's annotated bibliography.",
  },
  coding_source: {
    type: 'URL or "review text"', kind: 'text', required: true,
    description: 'Where the coded study fields (design, centres, counts, sites, interventions) came from.',
  },
  notes: { type: 'text', kind: 'text', required: false, description: 'Curator notes: judgements, discrepancies between the review and the source.' },
} satisfies Record<string, FieldMeta>;

export type FieldName = keyof typeof FIELD_META;
export const FIELD_NAMES = Object.keys(FIELD_META) as FieldName[];
export const fieldMeta = (name: FieldName): FieldMeta => FIELD_META[name];

/** Fields whose values can be counted and cross-tabulated (`npa count --by`). */
export const COUNTABLE_FIELDS = FIELD_NAMES.filter((name) => {
  const kind = fieldMeta(name).kind;
  return kind === 'category' || kind === 'multi' || kind === 'bool' || name === 'year';
});
