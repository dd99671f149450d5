// The ids of `npa summary`'s statistics, apart from their definitions so that checks can use them
// without loading the statistics; test/summary.test.ts keeps the two lists equal.
export const STATISTIC_IDS: readonly string[] = [
  'included', 'unique_studies', 'prospective', 'spine', 'cement', 'rfa_vs_rfa_cement', 'non_spinal', 'non_spinal_only',
  'non_spinal_pelvis', 'sacrum', 'cryoablation', 'microwave', 'rt_role', 'rt_role_spinal', 'flow_remaining',
];
