// Cohen's kappa (Cohen 1960, Educ Psychol Meas 20:37-46) for two raters' judgements of the same items, and the
// domain-by-domain comparison of two raters with a consensus column.

export interface Kappa {
  n: number;
  observed: number;
  expected: number;
  /** null when expected agreement is 1 (both raters used one and the same category throughout). */
  kappa: number | null;
}

/** Kappa from paired labels. */
export function cohenKappa(a: readonly string[], b: readonly string[]): Kappa {
  if (a.length !== b.length) throw new Error('both raters must judge the same items');
  const n = a.length;
  if (n === 0) return { n, observed: Number.NaN, expected: Number.NaN, kappa: null };
  const cats = [...new Set([...a, ...b])];
  let agree = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) agree++;
  const observed = agree / n;
  let expected = 0;
  for (const c of cats) expected += (a.filter((x) => x === c).length / n) * (b.filter((x) => x === c).length / n);
  return { n, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}

/** Kappa from a square table of proportions or counts (rows: rater A, columns: rater B). */
export function kappaFromTable(table: readonly (readonly number[])[]): Kappa {
  const k = table.length;
  const total = table.reduce((s, row) => s + row.reduce((t, x) => t + x, 0), 0);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    observed += table[i]![i]! / total;
    const row = table[i]!.reduce((t, x) => t + x, 0) / total;
    const col = table.reduce((t, r) => t + r[i]!, 0) / total;
    expected += row * col;
  }
  return { n: total, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}
