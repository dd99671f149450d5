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

// ---------------------------------------------------------------------------------------------
// The residual maker without the k x k matrix. P = W - W X A X' W with A = (X'WX)^-1 is never
// formed: everything the estimators need (y'Py, Py, tr P, diag P, tr(D1 P D2 P)) reduces to p x p
// algebra and O(k p^2) sums, so k = 5,000 studies costs microseconds, not a 5,000 x 5,000 matrix.

/** X' diag(d) X for a vector d (p x p). */
function xtdx(X: Matrix, d: readonly number[]): Matrix {
  return crossprodW(X, d);
}

/** tr(A B) for square matrices. */
function trProd(A: Matrix, B: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) for (let j = 0; j < A.length; j++) s += A[i]![j]! * B[j]![i]!;
  return s;
}

function matMul(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, m) => s + a * B[m]![j]!, 0)));
}

export interface ResidualOps {
  /** (X'WX)^-1 */
  XtWXinv: Matrix;
  /** P y */
  Py(y: readonly number[]): number[];
  /** y' P y */
  quad(y: readonly number[]): number;
  /** diagonal of P */
  diag(): number[];
  /** tr P */
  trace(): number;
  /** tr(D1 P D2 P) = sum_ij P_ij^2 d1_i d2_j for diagonal D1, D2 (both omitted: sum_ij P_ij^2). */
  trPDPD(d1?: readonly number[], d2?: readonly number[]): number;
}

/** The operations of the weighted residual-maker P (see residualMaker) in O(k p^2). */
export function residualOps(X: Matrix, w: readonly number[]): ResidualOps {
  const A = invSymPD(crossprodW(X, w));
  if (!A) throw new Error('Model matrix not of full rank (X\'WX is not positive definite). Cannot fit model.');
  const k = X.length;
  const p = A.length;
  // h_i = x_i' A x_i
  let hCache: number[] | null = null;
  const h = (): number[] => {
    if (hCache) return hCache;
    hCache = X.map((row) => {
      let s = 0;
      for (let a = 0; a < p; a++) {
        let t = 0;
        for (let b = 0; b < p; b++) t += A[a]![b]! * row[b]!;
        s += row[a]! * t;
      }
      return s;
    });
    return hCache;
  };
  const XtWy = (y: readonly number[]): number[] => {
    const out = new Array<number>(p).fill(0);
    for (let i = 0; i < k; i++) {
      const wy = w[i]! * y[i]!;
      const row = X[i]!;
      for (let a = 0; a < p; a++) out[a] = out[a]! + row[a]! * wy;
    }
    return out;
  };
  return {
    XtWXinv: A,
    Py(y) {
      const b = matVec(A, XtWy(y));
      return y.map((yi, i) => {
        const row = X[i]!;
        let fit = 0;
        for (let a = 0; a < p; a++) fit += row[a]! * b[a]!;
        return w[i]! * (yi - fit);
      });
    },
    quad(y) {
      const c = XtWy(y);
      const b = matVec(A, c);
      let s = 0;
      for (let i = 0; i < k; i++) s += w[i]! * y[i]! * y[i]!;
      for (let a = 0; a < p; a++) s -= b[a]! * c[a]!;
      return s;
    },
    diag() {
      const hh = h();
      return w.map((wi, i) => wi - wi * wi * hh[i]!);
    },
    trace() {
      const hh = h();
      let s = 0;
      for (let i = 0; i < k; i++) s += w[i]! - w[i]! * w[i]! * hh[i]!;
      return s;
    },
    trPDPD(d1, d2) {
      const one = (i: number, d?: readonly number[]) => (d ? d[i]! : 1);
      let s0 = 0;
      const cross = new Array<number>(k);
      const b1 = new Array<number>(k);
      const b2 = new Array<number>(k);
      for (let i = 0; i < k; i++) {
        const wi = w[i]!;
        const e1 = one(i, d1);
        const e2 = one(i, d2);
        s0 += e1 * e2 * wi * wi;
        cross[i] = wi * wi * wi * e1 * e2;
        b1[i] = wi * wi * e1;
        b2[i] = wi * wi * e2;
      }
      const C = xtdx(X, cross);
      const B1 = xtdx(X, b1);
      const B2 = xtdx(X, b2);
      return s0 - 2 * trProd(A, C) + trProd(matMul(A, B2), matMul(A, B1));
    },
  };
}
