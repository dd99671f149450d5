// The one way npa makes record ids unique (within a file, across files, against a screening log): an id
// that is already taken gets the first free suffix #2, #3, …, checked against every id handed out so
// far, so "a", "a", "a#2" become "a", "a#2", "a#2#2" (never two records with one id). BibTeX keys use
// the same helper with letter suffixes (levy2020radiofrequency, …a, …b), as reference managers do.

/** The n-th form of a taken id (n = 2, 3, …): `id#n` by default. */
export type Suffix = (id: string, n: number) => string;

/** Letters for the 2nd, 3rd, … holder of one key: a, b, …, z, aa, ab, … */
export const letterSuffix: Suffix = (id, n) => {
  let letters = '';
  for (let k = n - 2; k >= 0; k = Math.floor(k / 26) - 1) letters = String.fromCharCode(97 + (k % 26)) + letters;
  return id + letters;
};

/** Hands out unique ids; `claim` returns the id itself when free, else the id with the first free #n. */
export class UniqueIds {
  private readonly taken: Set<string>;
  constructor(taken: Iterable<string> = [], private readonly suffix: Suffix = (id, n) => `${id}#${n}`) {
    this.taken = new Set(taken);
  }
  claim(id: string): string {
    let unique = id;
    for (let n = 2; this.taken.has(unique); n++) unique = this.suffix(id, n);
    this.taken.add(unique);
    return unique;
  }
}
