// Normal forms used to compare records: titles, author family names, journals, pages.
import { foldAccents } from '../text.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Lower-case ASCII words: HTML tags and entities, diacritics and punctuation removed. */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return '';
  // Fast path for plain ASCII without markup or entities (most records): no Unicode work needed.
  if (/^[\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
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

/** Only the DOI says "preprint": the venue named (a journal or a conference) is not a preprint server. */
export function preprintByDoiOnly(journal: string | null | undefined, doi: string | null | undefined, publisher?: string | null): boolean {
  return !!journal && !PREPRINT.test(journal) && !PREPRINT.test(publisher ?? '') && PREPRINT_DOI.test(doi ?? '');
}

/** Conference abstracts and papers are not merged with journal articles automatically. */
export function isConference(type: string): boolean {
  return type === 'CONF' || type === 'CPAPER' || type === 'ABST';
}

// ---------------------------------------------------------------------------------------------
// Cleaning applied before records are compared (see dedupe.ts). Each rule is named after the
// export quirk it undoes; test/biblio/dedupe.test.ts has a small case for each.

const LANGUAGES = 'afrikaans|arabic|bulgarian|catalan|chinese|croatian|czech|danish|dutch|english|estonian|finnish|french|german|greek|hebrew|hungarian|icelandic|italian|japanese|korean|latvian|lithuanian|norwegian|persian|polish|portuguese|romanian|russian|serbian|slovak|slovene|slovenian|spanish|swedish|thai|turkish|ukrainian';
/** Database annotations in square brackets: Ovid/MEDLINE review and reference-count tags, language
 * tags, "[Erratum appears in ...]", "[Note: ...]", abstract-type and comment tags, IEEE section tags. */
const ANNOTATION = new RegExp(
  String.raw`\[\s*(?:review|\d+\s*refs?|(?:${LANGUAGES})(?:\s*[,/;]\s*(?:${LANGUAGES}))*|erratum appears[^\]]*|published erratum[^\]]*|retraction[^\]]*|retracted[^\]]*|comment(?:s|ary)?(?: on)?[^\]]*|see comments?|note:[^\]]*|abstract|meeting abstract|english abstract|conference abstract|summary for patients[^\]]*|editorial|letter|careers|\d{1,2}|corrected[^\]]*|update[^\]]*)\s*\]\.?`,
  'gi',
);

const LANGUAGE_TAG = new RegExp(String.raw`\[\s*(?:${LANGUAGES})\s*\]`, 'i');

export interface CleanTitle {
  /** The title with annotations removed, in comparable form. */
  title: string;
  /** A second form of the title (an original-language or translated title in trailing brackets). */
  alt: string;
}

/**
 * The title as a person would read it: annotations removed ("[Review] [108 refs]", "[Spanish]",
 * "[Erratum appears in ...]", "(multiple letters)", a trailing "**"), a whole-title MEDLINE
 * translation bracket unwrapped, a trailing bracketed second title kept apart as `alt`, a citation
 * appended after the title ("... N Engl J Med. 2009 Jan 29;360(5):544-6") dropped.
 */
export function cleanTitle(raw: string | null | undefined): { text: string; alt: string; translated: boolean } {
  if (!raw) return { text: '', alt: '', translated: false };
  const bracket = raw.includes('[');
  const translated = bracket && (/^\s*\[/.test(raw) || LANGUAGE_TAG.test(raw));
  // nested notes inside an annotation ("[Erratum appears in ... Note: Philipp, Thomas [added]]")
  let t = raw.replace(/\s+/g, ' ');
  if (bracket) t = t.replace(/\s*\[(?:added|deleted|corrected|removed)\]/gi, '');
  t = t.trim();
  for (let i = 0; i < 4 && /[[(*\]]|[-–:]$/.test(t); i++) {
    const before = t;
    t = t.replace(ANNOTATION, ' ').replace(/\((?:multiple letters|letter|abstract)\)/gi, ' ').replace(/\s*\*+\s*$/, '').replace(/\s+/g, ' ').trim();
    t = t.replace(/[\s.]*\[\s*\d+\s*\]\s*$/, '').trim();
    // an annotation cut off by a field-length limit: "...syndrome.[Erratum appears in J Pediatr. 2003 Jun"
    t = t.replace(/\.?\s*\[\s*(?:erratum|published erratum|note:|comment (?:in|on))[^\]]*$/i, '').trim();
    // "- [careers]"-style dangling separator left by a removed tag
    t = t.replace(/\s*[-–:]\s*$/, '').trim();
    if (t === before) break;
  }
  // A citation glued after the title: "Title... N Engl J Med. 2009 Jan 29;360(5):544-6"
  if (t.includes(';')) t = t.replace(/(?:\.{2,}|\.)\s+[A-Z][A-Za-z .&]{2,80}\.\s*(?:1[89]|20)\d\d\b[^;]{0,20};\s*\d+(?:\s*\([^)]*\))?\s*:\s*[\w-]+\.?\s*$/, '');
  let alt = '';
  const whole = bracket ? /^\[(.*)\][.\s]*$/s.exec(t) : null;
  if (whole) t = whole[1]!;
  else {
    const trailing = /\]\.?$/.test(t) ? /^(.{12,}?)\s*\[([^\[\]]{12,})\]\.?\s*$/s.exec(t) : null;
    if (trailing) {
      t = trailing[1]!;
      alt = trailing[2]!;
    }
  }
  return { text: t.trim(), alt: alt.trim(), translated };
}

/** The title of a notice with its notice wording and the cited paper's reference removed, so that
 * two listings of one erratum compare equal: "Erratum: X (The Journal of ... (2003) 142 (310))" → "X". */
export function noticeSubject(title: string): string {
  return title
    .replace(/^\s*(?:erratum|errata|corrigendum|correction|publisher correction|author correction|retraction(?: note)?|retracted)\s*(?:to|of|for|notice)?\s*[:\-–]*\s*/i, '')
    .replace(/\s*\((?:vol\.?\s*\d|[A-Z][^()]*\(\s*(?:1[89]|20)\d\d|[A-Z][^()]*(?:\([^()]*)?$)[\s\S]*$/, '')
    .trim();
}

/** Notice kinds of a cleaned title: WoS lists an erratum as "Title (vol 142, pg 310, 2003)". */
const NOTICE_HINT = /errat|corrig|correct|retract|concern|re:|repl|respon|comment|letter|vol|\(/i;

export function noticeKindClean(title: string): string | null {
  if (!NOTICE_HINT.test(title)) return null;
  // a citation of the corrected paper appended to the title (WoS, Embase: see noticeCites)
  if (noticeCites(title)) return 'erratum';
  if (/(?:^|[\s.:])[-–]\s*reply\s*$|\breply\s*$|^\s*reply\b/i.test(title)) return 'comment';
  return noticeKind(title);
}

/** A place in a journal: volume, issue and first page in comparable form (each may be empty). */
export interface Place {
  volume: string;
  issue: string;
  page: string;
}

/**
 * Where a paper's errata appeared, from MEDLINE's annotation on the paper's title:
 * "...[Erratum appears in Proc Natl Acad Sci U S A. 2007 Jun 19;104(25):10749]" → volume 104, issue 25,
 * page 10749. An annotation cut off before its volume gives nothing.
 */
const NO_PLACES: readonly Place[] = Object.freeze([]);
export function erratumPlaces(raw: string | null | undefined): readonly Place[] {
  if (!raw || !raw.includes('[') || !/erratum appears/i.test(raw)) return NO_PLACES;
  const out: Place[] = [];
  for (const m of raw.matchAll(/\[\s*(?:published\s+)?erratum appears in [^\];]*;\s*(\d+)\s*(?:\(([^)]*)\))?\s*:\s*([A-Za-z]{0,2}\d+)/gi)) {
    out.push({ volume: volumeKey(m[1]), issue: volumeKey(m[2]), page: pageKeys(m[3]).start });
  }
  return out;
}

/** Web of Science lists an erratum as "Title (vol 85, pg 553, 2010)". */
const WOS_CITATION = /\(\s*vol\.?\s*(\d+)\s*,\s*pg\.?\s*(\w+)\s*,\s*(?:1[89]|20)\d\d\s*\)/i;
/** Embase lists an erratum as "Title (Journal Name (2009) 360 (542-544))". */
const EMBASE_CITATION = /\([A-Z][^()]{3,}\(\s*(?:1[89]|20)\d\d\s*\)\s*(\d+)\s*(?:\(([^()]*)\))?\s*\)\s*$/;

/**
 * The paper a notice cites, from the citation databases append to an erratum's title (WOS_CITATION,
 * EMBASE_CITATION): its volume and first page. A title with such a citation is an erratum (noticeKindClean).
 */
export function noticeCites(title: string): Place | null {
  const m = WOS_CITATION.exec(title) ?? EMBASE_CITATION.exec(title);
  return m ? { volume: volumeKey(m[1]), issue: '', page: pageKeys(m[2]).start } : null;
}

const INITIALS = /^(?:[A-Z]\.?-?){1,4}$/;

export interface AuthorKey {
  /** The family name as written (particles joined): "dejong". */
  family: string;
  /** The author as given, for the word comparison of damaged and swapped forms. */
  raw: string;
}

/** A first author in comparable form, for `Last, F`, `Last F`, `F. Last`, `First Last`, swapped
 * Ovid forms ("Lopez, Rubio M." for Rubio, M. L.), compound and particle surnames, group names. */
export function authorKey(author: string | undefined): AuthorKey {
  if (!author) return { family: '', raw: '' };
  return { family: familyName(author), raw: author };
}

/** Every name word of two or more letters ("Le, Quintrec M." → le, quintrec). */
export function authorWords(author: string): string[] {
  return author
    .split(/[\s,]+/)
    .filter((w) => w && !INITIALS.test(w))
    .map((w) => normalizeText(w).replace(/ /g, ''))
    .filter((w) => w.length >= 2);
}

/** Edit distance at most one, for damaged letters in names ("Hiess"/"Hiessl"). */
function nearlySame(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Whether two first authors can be the same person. */
export function authorsCompatible(a: AuthorKey, b: AuthorKey): boolean {
  if (!a.family || !b.family) return false;
  if (sameFamily(a.family, b.family) || nearlySame(a.family, b.family)) return true;
  const wb = authorWords(b.raw);
  return authorWords(a.raw).some((w) => w.length >= 3 && wb.some((v) => v === w || nearlySame(v, w)));
}

/** Volume digits for comparison: "174 AISC" → "174", "Drug Discovery. 9" → "9", "12A" → "12". */
export function volumeKey(v: string | null | undefined): string {
  const m = v ? /(\d+)/.exec(v) : null;
  return m ? String(Number(m[1])) : '';
}

/** Issue digits ("Suppl 2" → "2", "5" → "5"); empty when there are none. */
export const issueKey = volumeKey;

const MONTHS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** Start and end page for comparison. Letter prefixes (S12, e123, c37) are dropped; pages a
 * spreadsheet turned into a date ("Jan-15", "2015-01-12") are no pages; "12+" has no end. */
export function pageKeys(pages: string | null | undefined): { start: string; end: string; locator: boolean } {
  const none = { start: '', end: '', locator: false };
  if (!pages) return none;
  const p = pages.trim();
  if (MONTHS.test(p) || /^\d{4}-\d{2}-\d{2}/.test(p) || /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(p)) return none;
  const m = /^([A-Za-z]{0,2})\s*0*(\d+)\s*(?:[-–—]+\s*([A-Za-z]{0,2})\s*0*(\d+))?/.exec(p);
  if (!m) return none;
  const start = m[2]!;
  const end = m[4] ? expandEnd(start, m[4]) : '';
  const locator = /^e$/i.test(m[1]!) || (!end && start.length >= 5);
  return { start, end: end === start ? '' : end, locator };
}

function expandEnd(start: string, end: string): string {
  if (end.length < start.length) {
    const full = start.slice(0, start.length - end.length) + end;
    if (Number(full) >= Number(start)) return full;
  }
  return end;
}

/** A journal name in comparable form: stop words dropped, a conference suffix Embase appends
 * ("Pediatric Nephrology.Conference: 44th Annual ...") and a trailing period removed. */
export function journalKey(journal: string | null | undefined): string[] {
  if (!journal) return [];
  return journalTokens(journal.replace(/\.?\s*Conference:.*$/i, ''));
}

/** The conference named after "Conference:" in an Embase journal field, as a second venue. */
export function conferenceKey(journal: string | null | undefined): string[] {
  const m = journal ? /\.?\s*Conference:\s*(.*)$/i.exec(journal) : null;
  return m ? venueTokens(m[1]!) : [];
}

/** Venue words without numbers, ordinals and years ("12th", "2010", "vol 2"). */
export function venueTokens(venue: string | null | undefined): string[] {
  return journalTokens(venue).filter((t) => !/^\d/.test(t) && !/^(?:vol|vols|proceedings|proc)$/.test(t));
}

/** True when `abbr` can abbreviate `word`: same first letter, its letters in order ("natl" → "national"). */
function abbreviates(abbr: string, word: string): boolean {
  if (abbr === word) return true;
  if (abbr[0] !== word[0] || abbr.length > word.length) return false;
  let j = 0;
  for (let i = 0; i < word.length && j < abbr.length; i++) if (word[i] === abbr[j]) j++;
  return j === abbr.length;
}

/** Journal names compared: 'same' (equal or a word-by-word abbreviation), 'part' (one is the
 * other's first words: "Nature Reviews" / "Nature Reviews Drug Discovery"), 'different', or null. */
export function journalRelation(a: readonly string[], b: readonly string[]): 'same' | 'part' | 'different' | null {
  if (!a.length || !b.length) return null;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  let all = true;
  for (let i = 0; i < s.length; i++) {
    if (!(abbreviates(s[i]!, l[i]!) || abbreviates(l[i]!, s[i]!))) {
      all = false;
      break;
    }
  }
  if (all) return s.length === l.length ? 'same' : 'part';
  // word order or a dropped word: the same words otherwise
  const set = new Set(l);
  if (s.length >= 2 && s.every((w) => set.has(w))) return 'part';
  return 'different';
}

const ENGLISH = new Set(['the', 'of', 'and', 'in', 'for', 'a', 'an', 'on', 'with', 'to', 'from', 'by', 'as', 'at', 'is', 'are', 'how', 'what', 'why']);
const FOREIGN = new Set(['und', 'der', 'die', 'das', 'des', 'fur', 'zum', 'zur', 'im', 'mit', 'von', 'la', 'le', 'les', 'du', 'et', 'en', 'el', 'los', 'las', 'del', 'y', 'para', 'con', 'em', 'da', 'do', 'dos', 'het', 'een', 'och', 'och', 'av', 'il', 'di', 'della', 'per', 'na', 'w', 'z', 'i', 'dla']);

/** A rough language mark of a normalised title: 'en' (English function words only), 'other'
 * (function words of other languages only, or another script), or '' (cannot tell). */
export function titleLanguage(normalized: string, raw: string | null | undefined): '' | 'en' | 'other' {
  if (raw && /[^\u0000-\u024f\u2000-\u206f]/.test(raw.replace(/[\u2010-\u2027]/g, ''))) return 'other';
  let en = 0;
  let other = 0;
  for (const w of normalized.split(' ')) {
    if (ENGLISH.has(w)) en++;
    else if (FOREIGN.has(w)) other++;
  }
  return en && !other ? 'en' : other && !en ? 'other' : '';
}
