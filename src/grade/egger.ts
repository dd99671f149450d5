// Egger's regression test for funnel-plot asymmetry (Egger M, Davey Smith G, Schneider M, Minder C. BMJ
// 1997;315:629-34): ordinary least squares of the standard normal deviate (yi/sei) on precision (1/sei); the intercept
// measures asymmetry, tested with t on k - 2 degrees of freedom.
import { pvalT } from '../meta/dist.js';

export interface EggerResult {
  k: number;
  intercept: number;
  se: number;
  t: number;
  df: number;
  p: number;
}

export function eggerTest(yi: readonly number[], vi: readonly number[]): EggerResult | null {
  const k = yi.length;
  if (k < 3) return null;
  const x = vi.map((v) => 1 / Math.sqrt(v));
  const z = yi.map((y, i) => y / Math.sqrt(vi[i]!));
  const mx = x.reduce((s, v) => s + v, 0) / k;
  const mz = z.reduce((s, v) => s + v, 0) / k;
  const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = x.reduce((s, v, i) => s + (v - mx) * (z[i]! - mz), 0) / sxx;
  const intercept = mz - slope * mx;
  const ssr = z.reduce((s, v, i) => s + (v - intercept - slope * x[i]!) ** 2, 0);
  const df = k - 2;
  const se = Math.sqrt((ssr / df) * (1 / k + (mx * mx) / sxx));
  const t = intercept / se;
  return { k, intercept, se, t, df, p: pvalT(t, df) };
}
