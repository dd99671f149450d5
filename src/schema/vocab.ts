// Controlled vocabularies: declared once, used by the schema, the CLI choices and the dictionary.

export const DESIGNS = ['prospective', 'retrospective', 'rct', 'rct_protocol', 'unclear'] as const;
export type Design = (typeof DESIGNS)[number];

export const DESIGN_LABELS: Record<Design, string> = {
  prospective: 'prospectively collected, non-randomised',
  retrospective: 'retrospective',
  rct: 'randomised controlled trial',
  rct_protocol: 'published protocol of a randomised trial (no results yet)',
  unclear: 'design not stated or not a clinical series (e.g. technical note)',
};

/** Designs whose data were collected prospectively (the review's "prospectively collected data"). */
export const PROSPECTIVE_DESIGNS: readonly Design[] = ['prospective', 'rct'];

export const CENTRES = ['single', 'multi'] as const;
export type Centres = (typeof CENTRES)[number];

export const SITES = ['spine', 'sacrum', 'pelvis', 'extremity', 'other'] as const;
export type Site = (typeof SITES)[number];

export const SITE_LABELS: Record<Site, string> = {
  spine: 'cervical, thoracic or lumbar spine',
  sacrum: 'sacrum (coded apart from spine and pelvis)',
  pelvis: 'pelvis, including the acetabulum',
  extremity: 'long bones of the limbs',
  other: 'any other bone (ribs, scapula, sternum, skull, ...)',
};

export const INTERVENTIONS = [
  'rfa',
  'cement',
  'cryoablation',
  'microwave',
  'radiotherapy',
  'embolization',
  'brachytherapy',
  'surgery',
  'fixation',
  'other',
] as const;
export type Intervention = (typeof INTERVENTIONS)[number];

export const INTERVENTION_LABELS: Record<Intervention, string> = {
  rfa: 'radiofrequency ablation',
  cement: 'cementoplasty, vertebroplasty, kyphoplasty, osteoplasty or vertebral augmentation',
  cryoablation: 'cryoablation',
  microwave: 'microwave ablation',
  radiotherapy: 'external beam radiotherapy (including SBRT)',
  embolization: 'transarterial embolization',
  brachytherapy: 'brachytherapy (e.g. 125I seed implantation)',
  surgery: 'open surgery (e.g. vertebrectomy)',
  fixation: 'internal fixation (screws, rods)',
  other: 'any other treatment (laser, HIFU, 131I, bisphosphonates, ...)',
};

export const OUTCOMES = ['complications', 'local_control', 'pain'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const UNITS = ['patients', 'lesions', 'procedures'] as const;
export type Unit = (typeof UNITS)[number];

/** The risk-of-bias tools (src/schema/appraisal.ts describes each). */
export const TOOL_IDS = ['rob2', 'robins_i', 'jbi_case_series'] as const;

export const SEVERITIES = ['any', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
