// The numbers of the review the shipped dataset comes from, transcribed by hand once, here:
// Wodajo F. Radiofrequency Ablation for Skeletal Metastases. MSTS Novel Practice Assessment, June 1, 2022.
// Two suites check them from either side: test/published/msts-rfa-2022.test.ts holds the shipped data to them
// (default suite), and test/corpus/review-text.test.ts finds each of them printed in the review's full text.

/** The Sources list: entries numbered 1 to 57. */
export const SOURCES = 57;

/** The entries whose title repeats an earlier entry's: [entry, the earlier entry]. */
export const REPEATS: [number, number][] = [[28, 1], [40, 3], [43, 9], [49, 25]];

/** The search flow (Methods, paragraph 2: 124 citations; 19, 9 and 38 excluded; 57 remaining). */
export const FLOW = {
  identified: 124,
  excluded: [
    { reason: 'review articles', n: 19 },
    { reason: 'visceral metastases', n: 9 },
    { reason: 'not relevant for other reasons (technique papers, case reports, etc.)', n: 38 },
  ],
  included: 57,
};

/** The Results (paragraphs 1-2), by statistic id: the count, and the denominator and percent where printed. */
export const RESULTS: Record<string, { count: number; denominator?: number; percent?: number }> = {
  prospective: { count: 8, denominator: 57, percent: 14 },
  spine: { count: 34, denominator: 57, percent: 60 },
  cement: { count: 34 },
  rfa_vs_rfa_cement: { count: 2 },
  non_spinal: { count: 12, percent: 21 },
  sacrum: { count: 3 },
  cryoablation: { count: 8 },
  microwave: { count: 2 },
  rt_role: { count: 4, percent: 7 },
};
