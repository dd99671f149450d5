// The one accent folder: text compared without case or diacritics (the --text filter, dedupe's
// normalised titles and names). NFKD splits letters from their marks (and compatibility forms such
// as ligatures and full-width letters into plain ones); the marks go; letters with no decomposition
// are spelled out (ß → ss, æ → ae, ø → o).
export function foldAccents(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o');
}

/**
 * The one grammatical-number helper: a count with its noun or verb in agreement. `plural(2, 'error')` is
 * "2 errors"; give the other form when it is not +s: `plural(22, 'holds', 'hold')` is "22 hold".
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
