// The choice lists of `npa meta`, declared once and free of imports (the CLI lists them in its help
// without loading the engine): effect measures, tau^2 estimators, tests, subgroup fields.
import type { Measure } from '../meta/escalc.js';
import type { Method } from '../meta/rma.js';
import type { Study } from '../schema/study.js';

export const PROPORTION_MEASURES = ['PR', 'PLO', 'PAS', 'PFT'] as const satisfies readonly Measure[];
export const MEASURES = [...PROPORTION_MEASURES, 'RR', 'OR', 'RD', 'MD', 'SMD', 'MC', 'GEN'] as const satisfies readonly Measure[];
/** The tau^2 estimators offered (the engine's list, src/meta/rma.ts METHODS, must hold each). */
export const METHODS = ['FE', 'EE', 'DL', 'REML', 'ML', 'PM', 'HS', 'SJ', 'HE'] as const satisfies readonly Method[];
/** Tests the CLI offers (metafor's "adhoc" is not offered). */
export const TESTS = ['z', 'knha'] as const;
/** Study fields with one value per study, which can split a subgroup analysis. */
export const SUBGROUP_FIELDS = ['design', 'centres', 'annotated', 'rt_role', 'rfa_vs_rfa_cement', 'industry_ties', 'year', 'journal'] as const satisfies readonly (keyof Study)[];
