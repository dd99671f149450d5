// Loads test/meta/r/reference.json: numbers produced by R's metafor 3.8-1 and lme4 1.1-31 with
// test/meta/r/reference.R (each entry carries the R call). The tests never run R.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./r/', import.meta.url));
export type Vals = Record<string, number | number[] | null>;
export interface Reference {
  versions: { R: string; metafor: string; lme4: string; metadat: string };
  data: Record<string, { yi: number[]; vi: number[]; w: number[] }>;
  cases: { name: string; call: string; value: Vals }[];
  pchisq: { x: number; df: number; upper: number; lower: number }[];
  qchisq: { p: number; df: number; q: number }[];
  pf: { f: number; df1: number; df2: number; upper: number }[];
  escalc: { call: string; value: { yi: (number | null)[]; vi: (number | null)[] } }[];
  nielweise2007: { ai: number[]; n1i: number[]; ci: number[]; n2i: number[] };
  tables: Record<string, { ai: number[]; bi: number[]; ci: number[]; di: number[] }>;
  mh: { data: string; measure: string; call: string; value: Vals }[];
  props: Record<string, { xi: number[]; ni: number[] }>;
  glmm: { data: string; nAGQ: number; method: string; call: string; value: Vals }[];
  complications_iv: Record<string, { call: string; value: Record<string, number> }>;
}
export const ref = JSON.parse(readFileSync(`${here}reference.json`, 'utf8')) as Reference;
export const bigPath = `${here}big.json`;

/** The deterministic large-k data of reference.R / big.R. */
export function bigData(k: number): { yi: number[]; vi: number[] } {
  const yi: number[] = [];
  const vi: number[] = [];
  for (let i = 1; i <= k; i++) {
    yi.push(0.3 + 0.4 * Math.sin(i) + 0.3 * Math.cos(7 * i));
    vi.push(0.01 + (0.2 * ((i * 7919) % 1000)) / 1000);
  }
  return { yi, vi };
}
