// Normal forms used to compare records: titles, author family names, journals, pages.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Lower-case ASCII words: HTML tags and entities, diacritics and punctuation removed. */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .replace(/<[^>]{1,20}>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()] ?? m,
    )
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A title in comparable form; a translated title in [brackets] (MEDLINE) loses its brackets. */
export function normalizeTitle(title: string | null | undefined): string {
  if (!title) return '';
  const t = title.trim().replace(/^\[(.*)\][.\s]*$/s, '$1');
  return normalizeText(t);
}

/** The family name of an author string: "Levy, J" / "Levy J" / "Jacob Levy" → "levy". */
export function familyName(author: string | undefined): string {
  if (!author) return '';
  const a = author.trim();
  const comma = a.indexOf(',');
  if (comma > 0) return normalizeText(a.slice(0, comma)).replace(/ /g, '');
  const parts = a.split(/\s+/);
  if (parts.length > 1 && /^[A-Z.\-]{1,4}$/.test(parts[parts.length - 1]!)) return normalizeText(parts.slice(0, -1).join(' ')).replace(/ /g, '');
  return normalizeText(parts[parts.length - 1]).replace(/ /g, '');
}

const JOURNAL_STOP = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'de', 'la', 'der', 'und']);

export function journalTokens(journal: string | null | undefined): string[] {
  return normalizeText(journal).split(' ').filter((t) => t && !JOURNAL_STOP.has(t));
}

/**
 * Whether two journal names can be the same journal: equal, or one an ISO-4 style abbreviation of the
 * other (each abbreviated word a prefix of the next full word: "J Vasc Interv Radiol").
 */
export function journalsCompatible(a: string | null | undefined, b: string | null | undefined): boolean | null {
  const ta = journalTokens(a);
  const tb = journalTokens(b);
  if (!ta.length || !tb.length) return null;
  if (ta.join(' ') === tb.join(' ')) return true;
  const [short, long] = ta.join('').length <= tb.join('').length ? [ta, tb] : [tb, ta];
  let j = 0;
  for (const word of short) {
    while (j < long.length && !long[j]!.startsWith(word)) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

/** The first page or article number in comparable form ("e932995", "1745"). */
export function startPage(pages: string | null | undefined): string {
  if (!pages) return '';
  const m = /^\s*([A-Za-z]?\d+[A-Za-z]?)/.exec(pages);
  return m ? m[1]!.toLowerCase().replace(/^0+/, '') : '';
}

export const normalizeVolume = (v: string | null | undefined) => (v ? v.trim().toLowerCase().replace(/^0+/, '') : '');

/** Words that mark a notice about another paper rather than the paper itself. */
const MARKERS: [RegExp, string][] = [
  [/\b(erratum|errata|corrigendum|correction to|correction:|publisher correction|author correction)\b/i, 'erratum'],
  [/\b(retraction|retracted|expression of concern)\b/i, 'retraction'],
  [/^(re:|reply\b|in reply|response to|author reply|authors' reply|comment on|commentary on)/i, 'comment'],
  [/\b(comment on|reply to|response to letter|letter to the editor)\b/i, 'comment'],
];

export function noticeKind(title: string | null | undefined): string | null {
  if (!title) return null;
  for (const [re, kind] of MARKERS) if (re.test(title)) return kind;
  return null;
}

const PREPRINT = /(rxiv|preprint|research square|ssrn|preprints\.org|authorea|qeios)/i;
const PREPRINT_DOI = /^10\.(1101|21203|2139|20944|22541|31234)\//;

export function isPreprint(journal: string | null | undefined, doi: string | null | undefined, publisher?: string | null): boolean {
  return PREPRINT.test(journal ?? '') || PREPRINT.test(publisher ?? '') || PREPRINT_DOI.test(doi ?? '');
}

/** Conference abstracts and papers are not merged with journal articles automatically. */
export function isConference(type: string): boolean {
  return type === 'CONF' || type === 'CPAPER' || type === 'ABST';
}
