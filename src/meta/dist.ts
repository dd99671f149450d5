// Thin wrappers around the @stdlib distribution functions, named after R's (pnorm, qt, ...), so the
// code that follows metafor line by line reads the same.
//
// Chi-square: both tails come from @stdlib/math-base-special-gammainc (a port of Boost's regularised
// incomplete gamma), so the upper tail is computed directly and keeps full relative precision far
// into the tail (R prints e.g. 1.99676459084592e-26; so does this). One region of that port is
// inaccurate: for x > 1000 with a < x (chi-square x > 2,000 above its df) it sums the large-x
// asymptotic series (Boost issue #168), relative error up to ~4e-3 (k = 2,500: p = 0.22689 where R
// gives 0.22324; tails near 1e-148 off by 9e-4). There this module picks the method Boost uses for
// that zone otherwise: Temme's uniform expansion near the centre, else the series for P or the
// continued fraction for Q, from the same stdlib package's own helpers. The quantile is stdlib's, then polished by
// Newton steps on this CDF (as R's qgamma does) so it is as accurate as the CDF.
import betaincImpl from '@stdlib/math-base-special-betainc';
import gammaincImpl from '@stdlib/math-base-special-gammainc';
import chisqQuantileImpl from '@stdlib/stats-base-dists-chisquare-quantile';
import normCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import regularisedGammaPrefix from '@stdlib/math-base-special-gammainc/lib/regularised_gamma_prefix.js';
import lowerGammaSeries from '@stdlib/math-base-special-gammainc/lib/lower_gamma_series.js';
import upperGammaFraction from '@stdlib/math-base-special-gammainc/lib/upper_gamma_fraction.js';
import igammaTemmeLarge from '@stdlib/math-base-special-gammainc/lib/igamma_temme_large.js';

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

/**
 * Regularised incomplete gamma: P(a, x) (upper = false) or Q(a, x) = 1 - P(a, x) (upper = true),
 * each computed directly (no 1 - other-tail cancellation).
 */
export function gammaincReg(x: number, a: number, upper: boolean): number {
  if (Number.isNaN(x) || Number.isNaN(a) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return upper ? 1 : 0;
  if (x === Number.POSITIVE_INFINITY) return upper ? 0 : 1;
  // The branch of the stdlib/Boost port that is inaccurate: x > 1000 with a < x (or |a - 50| < x),
  // where it sums the large-x asymptotic series (relative error up to ~4e-3 for a in the hundreds
  // or thousands, e.g. the upper tail at df = 2,499). Elsewhere stdlib is accurate to a few ulps.
  const boostAsymptotic = x > 1000 && (a < x || Math.abs(a - 50) / x < 1);
  if (!boostAsymptotic) return gammaincImpl(x, a, true, upper);
  // Boost's own choice for this zone without the asymptotic branch: Temme's uniform expansion near
  // the centre, else the series for P (x < a) or the continued fraction for Q.
  const sigma = Math.abs((x - a) / a);
  if (a > 20 && (a > 200 ? 20 / a > sigma * sigma : sigma < 0.4)) {
    // Temme's uniform expansion gives Q when x >= a, P when x < a
    const r = igammaTemmeLarge(a, x);
    const isQ = x >= a;
    return isQ === upper ? r : 1 - r;
  }
  const prefix = regularisedGammaPrefix(a, x);
  if (prefix === 0) return (x < a) === upper ? 1 : 0;
  if (x - 1 / (3 * x) < a) {
    const P = Math.min(1, (prefix * lowerGammaSeries(a, x, 0)) / a);
    return upper ? 1 - P : P;
  }
  const Q = Math.min(1, prefix * upperGammaFraction(a, x));
  return upper ? Q : 1 - Q;
}

/** Chi-square CDF, P(X <= x). */
export function pchisq(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df < 0) return Number.NaN;
  if (df === 0) return x < 0 ? 0 : 1;
  if (x <= 0) return 0;
  return gammaincReg(x / 2, df / 2, false);
}

/** Chi-square upper tail, P(X > x), computed directly (full relative precision in the tail). */
export function pchisqUpper(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df < 0) return Number.NaN;
  if (df === 0) return x < 0 ? 1 : 0;
  if (x <= 0) return 1;
  if (df === 1) return 2 * pnorm(-Math.sqrt(x)); // exact identity
  return gammaincReg(x / 2, df / 2, true);
}

/** Chi-square density. */
function dchisq(x: number, df: number): number {
  // d/dx P(df/2, x/2) = prefix(a, x/2) / x, prefix = (x/2)^a e^{-x/2} / Gamma(a)
  return regularisedGammaPrefix(df / 2, x / 2) / x;
}

/**
 * Chi-square quantile: stdlib's value, then Newton steps on the accurate CDF (on the upper tail for
 * p > 1/2), until the relative change is below 1e-15.
 */
export function qchisq(p: number, df: number): number {
  if (Number.isNaN(p) || Number.isNaN(df) || p < 0 || p > 1 || df < 0) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (df === 0) return 0;
  let x = chisqQuantileImpl(p, df);
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const upper = p > 0.5;
  const target = upper ? 1 - p : p;
  for (let i = 0; i < 50; i++) {
    const f = (upper ? pchisqUpper(x, df) : pchisq(x, df)) - target;
    const d = dchisq(x, df);
    if (!(d > 0) || !Number.isFinite(d)) break;
    let step = (upper ? -f : f) / d;
    // keep x positive
    while (x - step <= 0) step /= 2;
    x -= step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}

/**
 * F distribution upper tail P(F > f) with (df1, df2) df, as the regularised incomplete beta
 * I_{df2/(df2 + df1 f)}(df2/2, df1/2), computed directly (R's pf(f, df1, df2, lower.tail=FALSE)).
 */
export function pfUpper(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const x = df1 * f;
  // for x small relative to df2 use the complement form on the other argument to keep precision
  if (x > df2) return betaincImpl(df2 / (df2 + x), df2 / 2, df1 / 2, true, false);
  return betaincImpl(x / (df2 + x), df1 / 2, df2 / 2, true, true);
}

/** Two-sided p-value for a z statistic. */
export function pvalNormal(z: number): number {
  return 2 * pnorm(-Math.abs(z));
}

/** Two-sided p-value for a t statistic. */
export function pvalT(t: number, df: number): number {
  return 2 * pt(-Math.abs(t), df);
}
