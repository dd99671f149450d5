// Brent's (1973) root finder, step for step as the public-domain netlib `zeroin` that R's uniroot()
// calls (R_zeroin2: the function values at both ends are passed in). metafor finds the Paule-Mandel
// estimate and the Q-profile confidence bounds with uniroot() at its default tolerance
// (.Machine$double.eps^0.25 ~ 1.22e-4), so the root it reports is only accurate to about that
// tolerance; taking the same steps from the same bracket reproduces metafor's number, not merely
// the exact root. Pass a smaller `tol` for the exact root.

const EPS = 2.220446049250313e-16; // DBL_EPSILON

/** R's default uniroot() tolerance, .Machine$double.eps^0.25. */
export const UNIROOT_TOL = Math.pow(EPS, 0.25);

export interface RootResult {
  root: number;
  /** Function evaluations after the two end points (R's `iter`); -1 when maxiter was exhausted. */
  iterations: number;
  /** Final bracket width |c - b| (R's `estim.prec`). */
  precision: number;
  converged: boolean;
}

/**
 * Find a root of `f` in [lower, upper]; f(lower) and f(upper) must have opposite signs (or one is 0).
 * Throws when they do not, as uniroot() does.
 */
export function zeroin(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: { tol?: number; maxiter?: number; fLower?: number; fUpper?: number } = {},
): RootResult {
  const tol = options.tol ?? UNIROOT_TOL;
  const maxiter = options.maxiter ?? 1000;
  let fa = options.fLower ?? f(lower);
  let fb = options.fUpper ?? f(upper);
  if (Number.isNaN(fa) || Number.isNaN(fb)) throw new Error('zeroin: function value at an end point is NaN');
  if (fa * fb > 0) throw new Error('zeroin: f() values at end points not of opposite sign');

  let a = lower;
  let b = upper;
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, iterations: 0, precision: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, precision: 0, converged: true };

  let left = maxiter + 1;
  while (left-- > 0) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // make b the best approximation so far
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return { root: b, iterations: maxiter + 1 - (left + 1), precision: Math.abs(c - b), converged: true };
    }
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // interpolation may be tried: secant with two distinct points, inverse quadratic with three
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, iterations: -1, precision: Math.abs(c - b), converged: false };
}
