// Internal helpers of @stdlib/math-base-special-gammainc (pinned to an exact version in package.json
// because these files are not its public API; test/meta/dist.test.ts checks them against R).
declare module '@stdlib/math-base-special-gammainc/lib/regularised_gamma_prefix.js' {
  /** x^a e^-x / Gamma(a), computed without overflow or cancellation (Lanczos). */
  export default function regularisedGammaPrefix(a: number, x: number): number;
}
declare module '@stdlib/math-base-special-gammainc/lib/lower_gamma_series.js' {
  /** Series sum; multiply by prefix / a for P(a, x). */
  export default function lowerGammaSeries(a: number, x: number, initialValue: number): number;
}
declare module '@stdlib/math-base-special-gammainc/lib/upper_gamma_fraction.js' {
  /** Continued fraction; multiply by prefix for Q(a, x). */
  export default function upperGammaFraction(a: number, x: number): number;
}
declare module '@stdlib/math-base-special-gammainc/lib/igamma_temme_large.js' {
  /** Temme's uniform expansion: Q(a, x) for x >= a, P(a, x) for x < a. */
  export default function igammaTemmeLarge(a: number, x: number): number;
}
