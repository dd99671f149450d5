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
