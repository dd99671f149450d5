// The study record: one row of data/studies.csv. Declared once; the TypeScript type, the loader,
// the CLI's field choices and data/DICTIONARY.md are all derived from FIELDS.
import { z } from 'zod';
import {
  boolCell,
  enumCell,
  intCell,
  listCell,
  patternCell,
  requiredBoolCell,
  requiredEnumCell,
  requiredIntCell,
  requiredTextCell,
  textCell,
} from './cells.js';
import { CENTRES, DESIGNS, INTERVENTIONS, SITES } from './vocab.js';

/** How a field behaves in counts and filters. */
export type FieldKind = 'id' | 'category' | 'multi' | 'bool' | 'number' | 'text';

export interface FieldMeta {
  /** Type as shown in the data dictionary. */
  type: string;
  kind: FieldKind;
  required: boolean;
  values?: readonly string[];
  description: string;
}

interface FieldSpec<C extends z.ZodType> {
  codec: C;
  meta: FieldMeta;
}

function field<C extends z.ZodType>(codec: C, meta: FieldMeta): FieldSpec<C> {
  return { codec: codec.describe(meta.description) as C, meta };
}

const PMID_RE = /^[1-9]\d{0,8}$/;
const DOI_RE = /^10\.\d{4,9}\/\S+$/;

export const FIELDS = {
  ref: field(requiredIntCell(1), {
    type: 'integer >= 1', kind: 'id', required: true,
    description: "Number of the entry in the review's numbered Sources list (unique).",
  }),
  duplicate_of: field(intCell(1), {
    type: 'integer or empty', kind: 'number', required: false,
    description: 'When the Sources list cites the same publication again: the ref of its first listing. Empty for a first (or only) listing.',
  }),
  authors: field(requiredTextCell(), {
    type: 'text', kind: 'text', required: true,
    description: 'Authors exactly as the Sources list prints them (including "et al.").',
  }),
  first_author: field(requiredTextCell(), {
    type: 'text', kind: 'text', required: true,
    description: 'Surname and initials of the first author as listed.',
  }),
  year: field(requiredIntCell(1900), {
    type: 'integer', kind: 'number', required: true,
    description: 'Publication year as listed.',
  }),
  title: field(requiredTextCell(), { type: 'text', kind: 'text', required: true, description: 'Article title as listed.' }),
  journal: field(requiredTextCell(), { type: 'text', kind: 'category', required: true, description: 'Journal as listed (full or abbreviated).' }),
  volume: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Journal volume as listed.' }),
  issue: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Journal issue as listed.' }),
  pages: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Page range or article number as listed.' }),
  pmid: field(patternCell(PMID_RE, 'expected a PubMed ID (digits, no leading zero)'), {
    type: 'digits or empty', kind: 'text', required: false,
    description: 'PubMed ID, only when seen printed on a source page with a matching title; empty otherwise (never guessed).',
  }),
  pmid_source: field(textCell(), { type: 'URL or empty', kind: 'text', required: false, description: 'Page on which the PMID was seen.' }),
  doi: field(patternCell(DOI_RE, 'expected a DOI such as 10.1000/xyz (no https://doi.org/ prefix)'), {
    type: 'DOI or empty', kind: 'text', required: false,
    description: 'Digital Object Identifier, only when seen printed on a source page; empty otherwise (never guessed).',
  }),
  doi_source: field(textCell(), { type: 'URL or empty', kind: 'text', required: false, description: 'Page on which the DOI was seen.' }),
  design: field(requiredEnumCell(DESIGNS), {
    type: 'enum', kind: 'category', required: true, values: DESIGNS,
    description: 'Study design as the source states it. prospective and rct count as prospectively collected data.',
  }),
  design_note: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the design coding.' }),
  centres: field(enumCell(CENTRES), {
    type: 'enum or empty', kind: 'category', required: false, values: CENTRES,
    description: 'Single- or multi-centre; empty when the source does not say.',
  }),
  patients: field(intCell(0), {
    type: 'integer >= 0 or empty', kind: 'number', required: false,
    description: 'Number of patients treated or analysed as the source states it; empty when not stated.',
  }),
  lesions: field(intCell(0), {
    type: 'integer >= 0 or empty', kind: 'number', required: false,
    description: 'Number of lesions (tumours) treated as the source states it; empty when not stated.',
  }),
  counts_note: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Quote for patients/lesions.' }),
  sites: field(listCell(SITES), {
    type: "';'-separated list", kind: 'multi', required: false, values: SITES,
    description: 'Skeletal sites treated (acetabulum counts as pelvis; sacrum is its own site). Empty when unknown.',
  }),
  sites_note: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the site coding.' }),
  interventions: field(listCell(INTERVENTIONS), {
    type: "';'-separated list", kind: 'multi', required: false, values: INTERVENTIONS,
    description: 'Treatments patients received in the studied arms (cement covers cementoplasty, vertebroplasty, kyphoplasty, osteoplasty and vertebral augmentation).',
  }),
  interventions_note: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Quote or reason for the intervention coding.' }),
  rfa_vs_rfa_cement: field(boolCell(), {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'The study compares outcomes of RFA alone with RFA plus cementoplasty.',
  }),
  rt_role: field(boolCell(), {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'The study tries to elucidate the role of external beam radiotherapy in addition to ablation.',
  }),
  industry_ties: field(boolCell(), {
    type: 'true/false or empty', kind: 'bool', required: false,
    description: 'A source states authors are consultants of, or funded by, a device maker (true) or states no conflicts (false); empty when not known.',
  }),
  industry_note: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Quote for industry_ties.' }),
  annotated: field(requiredBoolCell(), {
    type: 'true/false', kind: 'bool', required: true,
    description: "The study has an entry in the review's annotated bibliography.",
  }),
  coding_source: field(requiredTextCell(), {
    type: 'URL or "review text"', kind: 'text', required: true,
    description: 'Where the coded study fields (design, centres, counts, sites, interventions) came from.',
  }),
  notes: field(textCell(), { type: 'text', kind: 'text', required: false, description: 'Curator notes: judgements, discrepancies between the review and the source.' }),
};

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

type Shape = { [K in FieldName]: (typeof FIELDS)[K]['codec'] };
const shape = Object.fromEntries(FIELD_NAMES.map((name) => [name, FIELDS[name].codec])) as Shape;

/** One study row as parsed from the CSV cells. */
export const StudySchema = z.object(shape);
export type Study = z.output<typeof StudySchema>;
/** The CSV record as strings, before the codecs run. */
export type RawStudyRow = Record<FieldName, string>;

/** Fields whose values can be counted and cross-tabulated (`npa count --by`). */
export const COUNTABLE_FIELDS = FIELD_NAMES.filter((name) => {
  const kind = FIELDS[name].meta.kind;
  return kind === 'category' || kind === 'multi' || kind === 'bool' || name === 'year';
});
