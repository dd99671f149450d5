// Author names into the dataset's own style ("Levy J, Hopkins T"), from whatever an export gave:
// RIS/MEDLINE FAU "Last, First M", MEDLINE AU "Last FM", Scopus "Last F. (12345)", PubMed CSV's one
// comma-joined string "Levy J, Hopkins T", or "First Last".

const initialsOf = (given: string) =>
  given
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((part) => part.split('-').map((p) => (/^[\p{Lu}]{1,3}$/u.test(p) && p.length <= 3 && part === part.toUpperCase() ? p : p.charAt(0).toUpperCase())).join(''))
    .join('');

const DATASET_STYLE = /^[\p{L}'’ -]+ \p{Lu}{1,4}$/u;

/** One name in the dataset's style. */
export function styleName(raw: string): string {
  const name = raw.replace(/\(\s*\d+\s*\)/g, '').replace(/\s+/g, ' ').trim();
  if (!name) return '';
  if (DATASET_STYLE.test(name)) return name;
  if (DATASET_STYLE.test(name.replace(/\.$/, ''))) return name.replace(/\.$/, '');
  const comma = name.indexOf(',');
  if (comma > 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    return given ? `${family} ${initialsOf(given)}` : family;
  }
  // "Levy J." (Scopus) or "J. Levy" / "Jason Levy"
  const scopus = /^(.+?) ((?:\p{Lu}\.\s?-?)*\p{Lu}\.?)$/u.exec(name);
  if (scopus && scopus[2]!.includes('.')) return `${scopus[1]} ${scopus[2]!.replace(/[.\s-]/g, '')}`;
  const parts = name.replace(/\.$/, '').split(' ');
  if (parts.length === 1) return name;
  return `${parts[parts.length - 1]} ${initialsOf(parts.slice(0, -1).join(' '))}`;
}

/** A list of names as exported → the dataset's authors cell and first author. */
export function styleAuthors(exported: readonly string[]): { authors: string; first: string } {
  // PubMed's CSV gives every author in one cell: "Levy J, Hopkins T, Morris J".
  const split = exported.flatMap((a) => (/^[^,]+ \p{Lu}{1,4}(, [^,]+ \p{Lu}{1,4})+\.?$/u.test(a.trim()) ? a.split(/,\s*/) : [a]));
  const names = split.map(styleName).filter(Boolean);
  return { authors: names.join(', '), first: names[0] ?? '' };
}
