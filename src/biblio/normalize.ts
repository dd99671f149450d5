// Normal forms used to compare records: titles, author family names, journals, pages.
import { foldAccents } from '../text.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Lower-case ASCII words: HTML tags and entities, diacritics and punctuation removed. */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return '';
  const decoded = text
    .replace(/<[^>]{1,20}>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()] ?? m,
    );
  return foldAccents(decoded).replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A title in comparable form; a translated title in [brackets] (MEDLINE) loses its brackets. */
export function normalizeTitle(title: string | null | undefined): string {
  if (!title) return '';
  const t = title.trim().replace(/^\[(.*)\][.\s]*$/s, '$1');
  return normalizeText(t);
}

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ter', 'ten', 'op', 'bin', 'al', 'el']);

/**
 * The family name of an author string, particles included: "Levy, J" / "Levy J" / "Jacob Levy" → "levy";
 * "de Jong, Marit" / "Marit de Jong" → "dejong".
 */
export function familyName(author: string | undefined): string {
  if (!author) return '';
  const a = author.trim();
  const comma = a.indexOf(',');
  if (comma > 0) return normalizeText(a.slice(0, comma)).replace(/ /g, '');
  const parts = a.split(/\s+/);
  if (parts.length > 1 && /^[A-Z.\-]{1,4}$/.test(parts[parts.length - 1]!)) return normalizeText(parts.slice(0, -1).join(' ')).replace(/ /g, '');
  let start = parts.length - 1;
  while (start > 1 && PARTICLES.has(parts[start - 1]!.toLowerCase())) start--;
  return normalizeText(parts.slice(start).join(' ')).replace(/ /g, '');
}

/** Two family names that can be the same person: equal, or one with particles the other lacks. */
export function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.endsWith(short);
}

const JOURNAL_STOP = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'de', 'la', 'der', 'und']);

export function journalTokens(journal: string | null | undefined): string[] {
  return normalizeText(journal).split(' ').filter((t) => t && !JOURNAL_STOP.has(t));
}

/**
 * Whether two journal names can be the same journal: equal, or one an ISO-4 style abbreviation of the
 * other, word for word (each abbreviated word a prefix of the full word: "J Vasc Interv Radiol").
 */
export function journalsCompatible(a: string | null | undefined, b: string | null | undefined): boolean | null {
  const ta = journalTokens(a);
  const tb = journalTokens(b);
  if (!ta.length || !tb.length) return null;
  if (ta.join(' ') === tb.join(' ')) return true;
  if (ta.length !== tb.length) return false;
  return ta.every((word, i) => word.startsWith(tb[i]!) || tb[i]!.startsWith(word));
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
