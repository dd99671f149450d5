// The study record: one row of data/studies.csv. Names and metadata come from fields.ts; this file
// adds one cell codec per field. The TypeScript type, the loader and the dictionary all derive from these.
import { z } from 'zod';
import {
  boolCell,
  enumCell,
  intCodec,
  listCell,
  patternCell,
  requiredBoolCell,
  requiredTextCell,
  textCell,
} from './cells.js';
import { FIELD_META, FIELD_NAMES, type FieldName } from './fields.js';
import { CENTRES, DESIGNS, INTERVENTIONS, SITES } from './vocab.js';

export { FIELD_META, FIELD_NAMES, COUNTABLE_FIELDS, fieldMeta, type FieldName, type FieldMeta, type FieldKind } from './fields.js';

const PMID_RE = /^[1-9]\d{0,8}$/;
const DOI_RE = /^10\.\d{4,9}\/\S+$/;

const CODECS = {
  ref: intCodec(FIELD_META.ref),
  duplicate_of: intCodec(FIELD_META.duplicate_of),
  authors: requiredTextCell(),
  first_author: requiredTextCell(),
  year: intCodec(FIELD_META.year),
  title: requiredTextCell(),
  journal: requiredTextCell(),
  volume: textCell(),
  issue: textCell(),
  pages: textCell(),
  pmid: patternCell(PMID_RE, 'expected a PubMed ID (digits, no leading zero)'),
  pmid_source: textCell(),
  doi: patternCell(DOI_RE, 'expected a DOI such as 10.1000/xyz (no https://doi.org/ prefix)'),
  doi_source: textCell(),
  design: enumCell(DESIGNS),
  design_note: textCell(),
  centres: enumCell(CENTRES),
  patients: intCodec(FIELD_META.patients),
  lesions: intCodec(FIELD_META.lesions),
  counts_note: textCell(),
  sites: listCell(SITES),
  sites_note: textCell(),
  interventions: listCell(INTERVENTIONS),
  interventions_note: textCell(),
  rfa_vs_rfa_cement: boolCell(),
  rt_role: boolCell(),
  industry_ties: boolCell(),
  industry_note: textCell(),
  annotated: requiredBoolCell(),
  coding_source: requiredTextCell(),
  notes: textCell(),
} satisfies Record<FieldName, z.ZodType>;

/** The codec of one field, carrying the field's meaning as its zod description. */
export const codecOf = (name: FieldName): z.ZodType => CODECS[name];

for (const name of FIELD_NAMES) CODECS[name].describe(FIELD_META[name].description);

/** One study row as parsed from the CSV cells. */
export const StudySchema = z.object(CODECS);
export type Study = z.output<typeof StudySchema>;
/** The CSV record as strings, before the codecs run. */
export type RawStudyRow = Record<FieldName, string>;
