// Thin wrappers around the @stdlib distribution functions, named after R's (pnorm, qt, ...), so the
// code that follows metafor line by line reads the same. No distribution is computed by hand here.
//
// Known limitation: the allowed chi-square package exposes only the lower-tail CDF, so upper-tail
// probabilities are 1 - cdf. Their absolute error is ~1e-16, so a p-value below ~1e-15 comes out as
// 0 (R computes those tails directly and prints e.g. 1.99676459084592e-26). Normal and t tails use
// symmetry and keep full relative precision.
import chisqCdfImpl from '@stdlib/stats-base-dists-chisquare-cdf';
import chisqQuantileImpl from '@stdlib/stats-base-dists-chisquare-quantile';
import normCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal CDF, P(Z <= x). */
export function pnorm(x: number): number {
  return normCdfImpl(x, 0, 1);
}

/** Standard normal quantile. */
export function qnorm(p: number): number {
  return normQuantileImpl(p, 0, 1);
}

/** Student t CDF, P(T <= x) with `df` degrees of freedom. */
export function pt(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** Student t quantile. */
export function qt(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/** Chi-square CDF, P(X <= x). */
export function pchisq(x: number, df: number): number {
  return chisqCdfImpl(x, df);
}

/** Chi-square upper tail, P(X > x), as 1 - cdf (see the limitation above). */
export function pchisqUpper(x: number, df: number): number {
  if (df === 1 && x >= 0) return 2 * pnorm(-Math.sqrt(x)); // exact identity, full precision in the tail
  return Math.max(0, 1 - chisqCdfImpl(x, df));
}

/** Chi-square quantile. */
export function qchisq(p: number, df: number): number {
  return chisqQuantileImpl(p, df);
}

/** Two-sided p-value for a z statistic. */
export function pvalNormal(z: number): number {
  return 2 * pnorm(-Math.abs(z));
}

/** Two-sided p-value for a t statistic. */
export function pvalT(t: number, df: number): number {
  return 2 * pt(-Math.abs(t), df);
}
