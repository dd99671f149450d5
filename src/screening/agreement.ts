// Agreement between two raters on nominal categories: percent agreement, Cohen's kappa with the
// large-sample standard error of Fleiss, Cohen & Everitt (1969) (as in Fleiss, Levin & Paik 2003, ch. 18)
// and a Wald 95% CI clipped to [−1, 1] (as R psych::cohen.kappa does), PABAK (Byrt, Bishop & Carlin 1993: (k·po − 1)/(k − 1) for k categories), and the table.
import { qnorm } from '../meta/dist.js';

export interface AgreementCell {
  a: string;
  b: string;
  n: number;
}

export interface Agreement {
  n: number;
  agreement: number | null;
  kappa: number | null;
  kappa_se: number | null;
  kappa_ci: [number, number] | null;
  pabak: number | null;
  categories: string[];
  table: AgreementCell[];
}

/** pairs: [rater A's category, rater B's category] per item rated by both. */
export function agreement(pairs: readonly (readonly [string, string])[], categories?: readonly string[], level = 0.95): Agreement {
  const cats = [...new Set([...(categories ?? []), ...pairs.flatMap(([a, b]) => [a, b])])];
  const k = cats.length;
  const n = pairs.length;
  const index = new Map(cats.map((c, i) => [c, i]));
  const counts = cats.map(() => cats.map(() => 0));
  for (const [a, b] of pairs) counts[index.get(a)!]![index.get(b)!]!++;
  const table = cats.flatMap((a, i) => cats.map((b, j) => ({ a, b, n: counts[i]![j]! })));
  if (n === 0) return { n, agreement: null, kappa: null, kappa_se: null, kappa_ci: null, pabak: null, categories: cats, table };
  const p = counts.map((row) => row.map((c) => c / n));
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = cats.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  const po = cats.reduce((s, _, i) => s + p[i]![i]!, 0);
  const pe = cats.reduce((s, _, i) => s + rows[i]! * cols[i]!, 0);
  const pabak = k > 1 ? (k * po - 1) / (k - 1) : 1;
  if (pe >= 1) return { n, agreement: po, kappa: null, kappa_se: null, kappa_ci: null, pabak, categories: cats, table };
  const kappa = (po - pe) / (1 - pe);
  // Fleiss, Cohen & Everitt (1969): var = [A + B − C] / (n (1 − pe)²)
  let A = 0;
  let B = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      if (i === j) A += p[i]![i]! * (1 - (rows[i]! + cols[i]!) * (1 - kappa)) ** 2;
      else B += p[i]![j]! * (cols[i]! + rows[j]!) ** 2;
    }
  B *= (1 - kappa) ** 2;
  const C = (kappa - pe * (1 - kappa)) ** 2;
  const se = Math.sqrt(Math.max(0, A + B - C) / (n * (1 - pe) ** 2));
  const z = qnorm(1 - (1 - level) / 2);
  return { n, agreement: po, kappa, kappa_se: se, kappa_ci: [Math.max(-1, kappa - z * se), Math.min(1, kappa + z * se)], pabak, categories: cats, table };
}
