// One digits table per quantity kind; src/stats never rounds, only this module does.
export const DIGITS = { percent: 1, publishedPercent: 0 } as const;

export function fmtPercent(value: number | null, digits: number = DIGITS.percent): string {
  return value === null ? '' : `${value.toFixed(digits)}%`;
}

export function fmtFraction(count: number | null, denominator: number | null): string {
  if (count === null) return '';
  return denominator === null ? String(count) : `${count}/${denominator}`;
}
