// The one way npa makes record ids unique (within a file, across files, against a screening log): an id
// that is already taken gets the first free suffix #2, #3, …, checked against every id handed out so
// far, so "a", "a", "a#2" become "a", "a#2", "a#2#2" (never two records with one id).

/** Hands out unique ids; `claim` returns the id itself when free, else the id with the first free #n. */
export class UniqueIds {
  private readonly taken: Set<string>;
  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }
  claim(id: string): string {
    let unique = id;
    for (let n = 2; this.taken.has(unique); n++) unique = `${id}#${n}`;
    this.taken.add(unique);
    return unique;
  }
}
