// Comparison helpers for the golden-number tests. Every comparison records its relative difference
// under a quantity label; with META_REPORT=<file> set, the largest difference per quantity is written
// there as JSON when the test file finishes (used to report agreement with metafor).
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { afterAll, expect } from 'vitest';

const worst = new Map<string, { rel: number; abs: number; where: string }>();

function record(quantity: string, actual: number, expected: number, where: string): void {
  const abs = Math.abs(actual - expected);
  const rel = expected === 0 ? abs : abs / Math.abs(expected);
  const prev = worst.get(quantity);
  if (!prev || rel > prev.rel) worst.set(quantity, { rel, abs, where });
}

afterAll(() => {
  const out = process.env.META_REPORT;
  if (!out) return;
  const merged: Record<string, { rel: number; abs: number; where: string }> = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, { rel: number; abs: number; where: string }>)
    : {};
  for (const [q, v] of worst) {
    const prev = merged[q];
    if (!prev || v.rel > prev.rel) merged[q] = v;
  }
  writeFileSync(out, JSON.stringify(merged, null, 2));
});

/** |actual - expected| <= rel * |expected| (absolute `floor` when expected is 0). */
export function expectRel(quantity: string, actual: number | null | undefined, expected: number, rel = 1e-6, where = ''): void {
  expect(actual, `${quantity} ${where}`).toBeTypeOf('number');
  const a = actual as number;
  record(`${quantity} [full precision]`, a, expected, where);
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  expect(Math.abs(a - expected), `${quantity} ${where}: ${a} vs ${expected}`).toBeLessThanOrEqual(tol);
}

/**
 * The source prints `decimals` decimal places: actual must round to it, i.e.
 * |actual - expected| <= 0.5 * 10^-decimals (plus a hair for the printed value's own rounding).
 */
export function expectDecimals(quantity: string, actual: number | null | undefined, expected: number, decimals: number, where = ''): void {
  expect(actual, `${quantity} ${where}`).toBeTypeOf('number');
  const a = actual as number;
  record(`${quantity} [${decimals} dp]`, a, expected, where);
  const tol = 0.5 * 10 ** -decimals * (1 + 1e-9);
  expect(Math.abs(a - expected), `${quantity} ${where}: ${a} vs ${expected} (${decimals} dp)`).toBeLessThanOrEqual(tol);
}

/** The source prints `digits` significant digits (R's default print of 7). */
export function expectSignif(quantity: string, actual: number | null | undefined, expected: number, digits: number, where = ''): void {
  expect(actual, `${quantity} ${where}`).toBeTypeOf('number');
  const a = actual as number;
  record(`${quantity} [${digits} sig]`, a, expected, where);
  const mag = expected === 0 ? 0 : Math.floor(Math.log10(Math.abs(expected)));
  const tol = 0.5 * 10 ** (mag - digits + 1) * (1 + 1e-9);
  expect(Math.abs(a - expected), `${quantity} ${where}: ${a} vs ${expected} (${digits} sig.)`).toBeLessThanOrEqual(tol);
}

/** Upper-tail p-values below ~1e-15 are 1 - cdf here (see src/meta/dist.ts): compare absolutely. */
export function expectTinyP(quantity: string, actual: number | null | undefined, expected: number, where = ''): void {
  expect(actual, `${quantity} ${where}`).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected), `${quantity} ${where}`).toBeLessThanOrEqual(2e-15);
}
