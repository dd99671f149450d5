// The few dense-matrix operations the model needs. Sizes are small (k studies x p coefficients, p is
// the intercept plus a handful of moderators), so plain arrays and O(k^2 p) work are fine.

export type Matrix = number[][];

/** X' diag(w) X (p x p). */
export function crossprodW(X: Matrix, w: readonly number[]): Matrix {
  const p = X[0]?.length ?? 0;
  const out: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  X.forEach((row, i) => {
    const wi = w[i] ?? 0;
    for (let a = 0; a < p; a++) {
      const xa = (row[a] ?? 0) * wi;
      const outA = out[a]!;
      for (let b = 0; b < p; b++) outA[b] = (outA[b] ?? 0) + xa * (row[b] ?? 0);
    }
  });
  return out;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; null when it is not positive definite. */
export function invSymPD(A: Matrix): Matrix | null {
  const n = A.length;
  const L: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = A[j]![j]!;
    for (let m = 0; m < j; m++) d -= L[j]![m]! * L[j]![m]!;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    L[j]![j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i]![j]!;
      for (let m = 0; m < j; m++) s -= L[i]![m]! * L[j]![m]!;
      L[i]![j] = s / ljj;
    }
  }
  // inverse of L (lower triangular), then A^-1 = L^-T L^-1
  const Li: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    Li[i]![i] = 1 / L[i]![i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i]![m]! * Li[m]![j]!;
      Li[i]![j] = s / L[i]![i]!;
    }
  }
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < n; m++) s += Li[m]![i]! * Li[m]![j]!;
      inv[i]![j] = s;
      inv[j]![i] = s;
    }
  }
  return inv;
}

/** log-determinant of a symmetric positive-definite matrix (Cholesky), NaN when not positive definite. */
export function logDetSymPD(A: Matrix): number {
  const n = A.length;
  const L: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let logdet = 0;
  for (let j = 0; j < n; j++) {
    let d = A[j]![j]!;
    for (let m = 0; m < j; m++) d -= L[j]![m]! * L[j]![m]!;
    if (!(d > 0)) return Number.NaN;
    const ljj = Math.sqrt(d);
    L[j]![j] = ljj;
    logdet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let s = A[i]![j]!;
      for (let m = 0; m < j; m++) s -= L[i]![m]! * L[j]![m]!;
      L[i]![j] = s / ljj;
    }
  }
  return logdet;
}

/** Matrix-vector product. */
export function matVec(A: Matrix, v: readonly number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * (v[j] ?? 0), 0));
}

/**
 * The weighted residual-maker P = W - W X (X'WX)^-1 X' W (k x k) for weights w, with (X'WX)^-1.
 * With all w = 1 this is the unweighted I - X (X'X)^-1 X'.
 */
export function residualMaker(X: Matrix, w: readonly number[]): { P: Matrix; XtWXinv: Matrix } {
  const XtWXinv = invSymPD(crossprodW(X, w));
  if (!XtWXinv) throw new Error('Model matrix not of full rank (X\'WX is not positive definite). Cannot fit model.');
  const k = X.length;
  // H_i = x_i' (X'WX)^-1, then P_ij = w_i [i=j] - w_i w_j H_i x_j
  const H = X.map((row) => matVec(XtWXinv, row));
  const P: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    const wi = w[i]!;
    const hi = H[i]!;
    const Pi = P[i]!;
    for (let j = 0; j <= i; j++) {
      const xj = X[j]!;
      let s = 0;
      for (let m = 0; m < xj.length; m++) s += hi[m]! * xj[m]!;
      const v = (i === j ? wi : 0) - wi * w[j]! * s;
      Pi[j] = v;
      P[j]![i] = v;
    }
  }
  return { P, XtWXinv };
}

/** y' P y. */
export function quadForm(P: Matrix, y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < P.length; i++) {
    const Pi = P[i]!;
    let r = 0;
    for (let j = 0; j < Pi.length; j++) r += Pi[j]! * y[j]!;
    s += y[i]! * r;
  }
  return s;
}

/** Trace of a square matrix. */
export function trace(P: Matrix): number {
  let s = 0;
  for (let i = 0; i < P.length; i++) s += P[i]![i]!;
  return s;
}

/** sum_ij P_ij^2 (= tr(PP) for symmetric P). */
export function sumSq(P: Matrix): number {
  let s = 0;
  for (const row of P) for (const v of row) s += v * v;
  return s;
}
