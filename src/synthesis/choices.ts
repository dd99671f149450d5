// The choice lists of `npa meta`, declared once and free of imports (the CLI lists them in its help
// without loading the engine): effect measures, tau^2 estimators, tests, subgroup fields.
import type { Measure } from '../meta/escalc.js';
import type { Method } from '../meta/rma.js';
import type { Study } from '../schema/study.js';

export const PROPORTION_MEASURES = ['PR', 'PLO', 'PAS', 'PFT'] as const satisfies readonly Measure[];
export const MEASURES = [...PROPORTION_MEASURES, 'RR', 'OR', 'RD', 'MD', 'SMD', 'MC', 'GEN'] as const satisfies readonly Measure[];
/** The tau^2 estimators offered (the engine's list, src/meta/rma.ts METHODS, must hold each). */
export const METHODS = ['FE', 'EE', 'DL', 'REML', 'ML', 'PM', 'HS', 'SJ', 'HE', 'EB'] as const satisfies readonly Method[];
/** Other ways to pool, each shown beside the inverse-variance model: GLMM (rma.glmm, proportions), MH and PETO (rma.mh, rma.peto, 2x2 tables). */
export const POOLINGS = ['GLMM', 'MH', 'PETO'] as const;
/** --method takes an estimator or one of the other poolings. */
export const METHOD_CHOICES = [...METHODS, ...POOLINGS] as const;
/** Tests the CLI offers: z; t (t distribution); knha (Knapp-Hartung); adhoc (Knapp-Hartung, factor at least 1). */
export const TESTS = ['z', 't', 'knha', 'adhoc'] as const;
/** Which studies get --add (metafor's to). */
export const ZERO_CELL_RULES = ['only0', 'all', 'if0all', 'none'] as const;
/** Study fields with one value per study, which can split a subgroup analysis. */
export const SUBGROUP_FIELDS = ['design', 'centres', 'annotated', 'rt_role', 'rfa_vs_rfa_cement', 'industry_ties', 'year', 'journal'] as const satisfies readonly (keyof Study)[];
