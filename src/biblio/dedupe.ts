// Groups records that are the same publication. Precision first: a false merge drops a study from a
// review, so only clear cases merge and anything uncertain goes to a ranked `maybe` list for a person.
//
// Before comparing, every record is cleaned once (prepare): database annotations stripped from the
// title ("[Review] [108 refs]", "[Spanish]", "[Erratum appears in ...]"), a second title form kept,
// "is this a notice (erratum, retraction, comment, reply)?" decided on the cleaned title, first author,
// volume, issue, pages and journal reduced to comparable keys.
//
// Rules, in order (compare):
//   1. The same DOI or PMID: same.
//   2. Titles must be nearly the same (edit similarity >= 0.85 over either title form), or one must
//      contain the other (a subtitle or a section heading missing). Otherwise different (but see 6).
//   3. A notice is never the paper it concerns. When the records show it concerns this paper (it cites
//      the paper's volume and page, the paper's "[Erratum appears in ...]" names its place, or one
//      journal, volume and year, and for a reply the letter's own pages) a person is asked whether to
//      file it with the paper (`maybe`); otherwise the pair is kept apart. A record at the place the
//      paper's annotation names, under the paper's title, is that erratum (markErratumListings). Two
//      listings of one notice compare by the title of the paper they concern, and in one issue of a
//      volume their pages do not conflict.
//   4. Conflicts (any one keeps a pair from merging): different DOIs or PMIDs (two DOIs are kept apart
//      without asking, unless the same long title, first author and journal: an article printed twice),
//      different ISBNs,
//      a Cochrane update (.pub2 vs .pub3), conference paper vs journal article, preprint vs journal
//      version, years more than one apart, different volumes, different issues of one volume (a
//      recurring column), different pages, different first authors (neither among the other's
//      authors), different journals (unless volume and pages agree).
//   5. Without conflicts, fields that agree (first author, year, volume, issue, pages, journal)
//      decide: an exact title needs one of them and the same year (or two), a nearly equal title two
//      or three, a contained title the same year, author, volume and start page (or full page range),
//      a title under a column heading ("How I did it ... <title>") the same year, author and journal.
//   6. Titles that differ (sim < 0.85) are never merged; they go to a person only when the first three
//      authors in order, the year and the journal agree and nothing conflicts (one item under two titles).
// Pairs that are neither merged nor clearly different go to `maybe` with their reason, ranked;
// classes that are almost never the same publication (different DOIs, Cochrane updates) are kept in
// `refused` instead, with the field that conflicted, and not shown to a person.
//
// Scale: records are compared only inside blocks (DOI, PMID, title prefix, title suffix, second-title
// prefix, first author + year + start page). A pair met in an earlier block is not compared again.
// A block larger than maxBlock is split (by year, then by first author) and what is still too large is
// compared by sorted neighbourhood (each record against its nearest 30 in title order): never skipped.
import { distance } from 'fastest-levenshtein';
import type { BibRecord } from './record.js';
import {
  authorKey, authorsCompatible, cleanTitle, titleLanguage, conferenceKey, familyName, venueTokens, isConference, isPreprint, preprintByDoiOnly, journalKey, journalRelation, noticeKindClean, noticeSubject,
  erratumPlaces, noticeCites, normalizeText, pageKeys, sameFamily, volumeKey, type AuthorKey, type Place,
} from './normalize.js';

export interface Cluster {
  /** The record kept (the most complete one; with keepSource "old", an existing record). */
  keep: string;
  ids: string[];
  /** The rules that joined the group ("doi", "title+year", "person", ...), sorted and joined by "+". */
  rule: string;
  score: number;
  /** Fields that agreed between the joined records (over all joining pairs). */
  matched: string[];
  /** The kept record with every identifier of the group and the fullest value of each field. */
  merged: BibRecord;
  /** For each field of `merged`, the id of the record it came from. */
  provenance: Record<string, string>;
}

export interface Maybe {
  ids: [string, string];
  /** Why a person must decide: the conflicting fields, or the missing support. */
  reason: string;
  /** Rank (higher: more likely the same publication). */
  score: number;
  matched: string[];
  conflicts: string[];
}

export interface Refused {
  ids: [string, string];
  /** The field that conflicted ("different DOIs", "Cochrane update", "erratum notice vs the paper"). */
  reason: string;
}

export interface Decisions {
  /** Pairs a person said are the same publication. */
  same: [string, string][];
  /** Pairs a person said are different publications. */
  different: [string, string][];
}

export interface DedupeResult {
  records: number;
  clusters: Cluster[];
  maybe: Maybe[];
  /** Pairs with similar titles kept apart by a conflicting field, not shown for review. */
  refused: Refused[];
  /** Blocks larger than maxBlock and how they were compared instead (split or sorted neighbourhood). */
  oversizedBlocks: { key: string; size: number; how: string }[];
  /** Pairs compared. */
  compared: number;
}

export interface DedupeOptions {
  decisions?: Decisions;
  /** Largest block compared pair by pair (larger blocks are split, never skipped). */
  maxBlock?: number;
  /**
   * The first `existing` records are an existing, already de-duplicated set (previous searches, the
   * included studies): pairs among them are not compared, and a group that holds one keeps it
   * (ASySD's keep_source = "old").
   */
  existing?: number;
}

export interface Prepared {
  r: BibRecord;
  index: number;
  title: string;
  alt: string;
  compact: string;
  /** Block keys: the first and last 20 letters of the title (empty for titles under 10 letters). */
  head: string;
  tail: string;
  /** The title was marked as a translation, or is in another language than English ('' unknown). */
  translated: boolean;
  /** A notice about another paper ('erratum', 'retraction', 'comment'), or null for a paper. */
  notice: string | null;
  /** For an erratum: the paper it cites (volume and first page), when its record says. */
  cites: Place | null;
  /** For a paper: where its errata appeared, from a "[Erratum appears in ...]" annotation. */
  errata: readonly Place[];
  author: AuthorKey;
  year: number | null;
  volume: string;
  issue: string;
  start: string;
  end: string;
  locator: boolean;
  journal: string[];
  abbrev: string[];
  /** A conference named in the journal field (Embase), as venue words. */
  meeting: string[];
  conference: boolean;
  chapter: boolean;
  preprint: boolean;
  /** A preprint only by its DOI (an SSRN or bioRxiv link on a record that names a journal or conference). */
  preprintLink: boolean;
  doi: string;
  pmid: string;
  isbn: string[];
}

// Journal names repeat across records: each distinct name is normalised once (a bounded cache).
interface JournalInfo {
  tokens: string[];
  normalized: string;
  meeting: string[];
}
const NO_JOURNAL: JournalInfo = { tokens: [], normalized: '', meeting: [] };
const journalCache = new Map<string, JournalInfo>();
function journalInfo(text: string | null | undefined): JournalInfo {
  if (!text) return NO_JOURNAL;
  let v = journalCache.get(text);
  if (!v) {
    if (journalCache.size > 100_000) journalCache.clear();
    v = { tokens: journalKey(text), normalized: normalizeText(text), meeting: conferenceKey(text) };
    journalCache.set(text, v);
  }
  return v;
}

export function prepare(r: BibRecord, index: number): Prepared {
  const cleaned = cleanTitle(r.title);
  const notice = noticeKindClean(cleaned.text);
  const titleText = notice ? noticeSubject(cleaned.text) : cleaned.text;
  let title = normalizeText(titleText);
  // "Title. Journal of X": a journal name some exports append to the title.
  const journal = journalInfo(r.journal);
  const abbrev = r.journalAbbrev ? journalInfo(r.journalAbbrev) : NO_JOURNAL;
  const j = journal.normalized;
  if (j && title.length > j.length + 20 && title.endsWith(j) && title[title.length - j.length - 1] === ' ') title = title.slice(0, -j.length - 1);
  let pages = pageKeys(r.pages);
  let volume = volumeKey(r.volume);
  let issue = volumeKey(r.issue);
  // Shifted columns (Embase conference abstracts): no volume, the volume in the issue field and the
  // issue in the pages field ("vol -, no 26, pages 9" for volume 26, issue 9).
  if (!volume && issue && pages.start && !pages.end && r.pages && /^\s*\d{1,3}\s*$/.test(r.pages)) {
    volume = issue;
    issue = pages.start;
    pages = { start: '', end: '', locator: false };
  }
  const compact = title.replace(/ /g, '');
  return {
    r,
    index,
    title,
    alt: normalizeText(cleaned.alt),
    translated: cleaned.translated,
    compact,
    head: compact.length >= 10 ? compact.slice(0, 20) : '',
    tail: compact.length >= 10 ? compact.slice(-20) : '',
    notice,
    cites: notice === 'erratum' ? noticeCites(cleaned.text) : null,
    errata: erratumPlaces(r.title),
    author: authorKey(r.authors[0] ?? r.institution ?? undefined),
    year: r.year,
    volume,
    issue,
    start: pages.start,
    end: pages.end,
    locator: pages.locator,
    journal: r.journal ? journal.tokens : abbrev.tokens,
    abbrev: abbrev.tokens,
    meeting: journal.meeting,
    conference: isConference(r.type),
    chapter: r.type === 'CHAP',
    preprint: isPreprint(r.journal, r.doi, r.publisher),
    preprintLink: preprintByDoiOnly(r.journal, r.doi, r.publisher),
    doi: (r.doi ?? '').toLowerCase(), // DOIs are case-insensitive (the DOI Handbook): compared lowercased, written as given
    pmid: r.pmid ?? '',
    isbn: r.isbn ?? [],
  };
}

/** Family names of the first twelve authors (computed when a first-author mismatch needs them). */
const families = (p: Prepared) => p.r.authors.slice(0, 12).map((a) => familyName(a));

export function titleSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  const gap = Math.abs(a.length - b.length) / longest;
  if (gap > 0.15) return 1 - gap;
  return 1 - distance(a, b) / longest;
}

/** One title is the other with words added before or after (a subtitle or a heading missing). */
function contains(a: string, b: string): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length < 12 || s.split(' ').length < 3 || s.length === l.length) return false;
  // on words, or glued ("...inflammatory statesthe examples of ..." where an export lost a separator)
  if (l.startsWith(`${s} `) || l.endsWith(` ${s}`)) return true;
  return s.length > 30 && l.replace(/ /g, '').startsWith(s.replace(/ /g, ''));
}

const COCHRANE = /^10\.1002\/14651858\.(cd\d+)(?:\.pub(\d+))?$/;
const looksLikeYear = (v: string) => v.length === 4 && (v.startsWith('19') || v.startsWith('20'));

export interface Verdict {
  kind: 'same' | 'maybe' | 'different';
  rule: string;
  score: number;
  matched: string[];
  conflicts: string[];
  /** For a pair kept apart on purpose (not shown for review): why. */
  refused?: string;
}

const DIFFERENT: Verdict = Object.freeze({ kind: 'different', rule: 'title', score: 0, matched: [], conflicts: [] }) as Verdict;

export function compare(a: Prepared, b: Prepared): Verdict {
  if (a.doi && a.doi === b.doi) return { kind: 'same', rule: 'doi', score: 1, matched: ['doi'], conflicts: [] };
  if (a.pmid && a.pmid === b.pmid) return { kind: 'same', rule: 'pmid', score: 1, matched: ['pmid'], conflicts: [] };

  let sim = titleSimilarity(a.title, b.title);
  if (sim < 1 && (a.alt || b.alt)) {
    if (a.alt) sim = Math.max(sim, titleSimilarity(a.alt, b.title), b.alt ? titleSimilarity(a.alt, b.alt) : 0);
    if (b.alt) sim = Math.max(sim, titleSimilarity(a.title, b.alt));
  }
  const contained = sim < 0.95 && (contains(a.title, b.title) || (!!a.alt && contains(a.alt, b.title)) || (!!b.alt && contains(a.title, b.alt)));
  // The same place in the same journal (volume, issue, a multi-page range, year, first author): the
  // same article under another title (a translation, a different English rendering).
  const located = sim < 0.85 && !contained && locatorMatch(a, b);
  // Two titles for one item (a letter retitled between its online and print versions, a second
  // translation) can only be told by its people and place: never merged, but shown to a person when
  // the first three authors (in order), the year and the journal agree and nothing conflicts.
  const retitled = sim < 0.85 && !contained && !located && sameTeam(a, b);
  if (sim < 0.85 && !contained && !located && !retitled) return DIFFERENT;

  // A notice about a paper (erratum, retraction, comment, reply) is never the paper: at most a person
  // is asked whether to file it with the paper, when the records show it concerns this paper.
  if (a.notice !== b.notice) return noticeLink(a, b, sim, contained);

  const conflicts: string[] = [];
  const matched: string[] = [];
  const ra = a.r;
  const rb = b.r;
  if (a.doi && b.doi) {
    const ca = COCHRANE.exec(a.doi);
    const cb = COCHRANE.exec(b.doi);
    if (ca && cb && ca[1] === cb[1]) return { ...DIFFERENT, rule: 'cochrane', refused: `Cochrane review versions (${a.doi} and ${b.doi}): an update is a new publication` };
    // Two DOIs are two publications, with one exception a person should see: one article printed
    // twice by its journal (a reprint after a printing error), the same long title and first author.
    if (sim === 1 && a.title.split(' ').length >= 6 && a.author.family && b.author.family && authorsCompatible(a.author, b.author) && oneJournal(a, b)) {
      return { kind: 'maybe', rule: `the same title, first author and journal under two DOIs (${a.doi} and ${b.doi}): printed twice?`, score: 0.3, matched: ['title', 'first author', 'journal'], conflicts: [`different DOIs (${a.doi} and ${b.doi})`] };
    }
    return { ...DIFFERENT, rule: 'doi', refused: `different DOIs (${a.doi} and ${b.doi})` };
  }
  if (a.pmid && b.pmid) conflicts.push(`different PMIDs (${a.pmid} and ${b.pmid})`);
  if (a.isbn.length && b.isbn.length && !a.isbn.some((x) => b.isbn.includes(x))) conflicts.push('different ISBNs');
  // A conference paper or abstract is not the journal article; a book chapter can be either (many
  // proceedings are exported as chapters).
  if (a.conference !== b.conference && !a.chapter && !b.chapter) conflicts.push('conference paper or abstract vs article');
  // A preprint is not the published version. But a record is a preprint by its venue: one that names the
  // other's journal or conference and has its exact page range, with only a preprint server's DOI
  // attached (an SSRN link on a conference paper), is that same paper.
  if (a.preprint !== b.preprint) {
    const p = a.preprint ? a : b;
    const linkOnly = p.preprintLink && !!a.start && a.start === b.start && a.end === b.end && !!a.end && journalRelation(a.journal, b.journal) === 'same';
    if (!linkOnly) conflicts.push('preprint vs journal version');
  }

  let yearGap = -1;
  if (a.year !== null && b.year !== null) {
    yearGap = Math.abs(a.year - b.year);
    if (yearGap > 1) conflicts.push(`years ${a.year} and ${b.year}`);
    else if (yearGap === 0) matched.push('year');
  }
  let volumeSame = false;
  if (a.volume && b.volume && looksLikeYear(a.volume) === looksLikeYear(b.volume)) {
    if (a.volume === b.volume) {
      volumeSame = true;
      matched.push('volume');
    } else conflicts.push(`volumes ${ra.volume} and ${rb.volume}`);
  }
  let pageSame = false;
  const rangeSame = !!a.end && a.start === b.start && a.end === b.end;
  // Two listings of notices about one paper in the same issue of a volume are one notice: a database
  // often gives a notice the cited paper's page, or a page of its own numbering, instead of the notice's.
  const oneNotice = !!a.notice && volumeSame && !!a.issue && a.issue === b.issue;
  if (a.start && b.start && a.locator === b.locator) {
    if (a.start === b.start || (a.end && a.end === b.end)) {
      pageSame = true;
      matched.push('pages');
    } else if (!oneNotice) conflicts.push(`pages ${ra.pages} and ${rb.pages}`);
  }
  let issueSame = false;
  if (a.issue && b.issue && volumeSame) {
    if (a.issue === b.issue) {
      issueSame = true;
      matched.push('issue');
    } else if (!rangeSame) conflicts.push(`issues ${ra.issue} and ${rb.issue} of volume ${ra.volume}`);
    // (the same page range in one volume locates one article: a differing issue is a typo)
  }
  let authorSame = false;
  if (a.author.family && b.author.family) {
    if (authorsCompatible(a.author, b.author)) {
      authorSame = true;
      matched.push('first author');
    } else if (!families(b).some((f) => f && sameFamily(f, a.author.family)) && !families(a).some((f) => f && sameFamily(f, b.author.family))) {
      conflicts.push(`first authors ${ra.authors[0]} and ${rb.authors[0]}`);
    }
  }
  const journal = journalRelation(a.journal, b.journal);
  const venue = (x: Prepared, y: Prepared) => x.meeting.length > 0 && journalRelation(x.meeting, venueTokens(y.r.journal)) !== 'different';
  const journalOk = journal === 'same' || journal === 'part' || (journal === 'different' && a.abbrev.length > 0 && b.abbrev.length > 0 && journalRelation(a.abbrev, b.abbrev) === 'same')
    || (journal === 'different' && (venue(a, b) || venue(b, a)));
  if (journalOk) matched.push('journal');
  // Different journals are a conflict between journal articles (a digest in another journal, an
  // abstract printed twice), unless volume and pages or issue agree (a translated journal name).
  // Conference names vary too much between exports to conflict.
  else if (journal === 'different' && !a.conference && !b.conference && !a.chapter && !b.chapter && !(volumeSame && (pageSame || issueSame))) {
    conflicts.push(`journals ${ra.journal} and ${rb.journal}`);
  }

  const support = matched.length - (matched.includes('year') ? 1 : 0);
  const score = Number((0.6 * sim + 0.08 * support + (yearGap === 0 ? 0.05 : 0) - 0.1 * conflicts.length).toFixed(4));
  const sameYear = yearGap === 0;
  const nearYear = yearGap <= 1; // -1: a year missing
  if (retitled) {
    if (conflicts.length > 0) return DIFFERENT;
    return { kind: 'maybe', rule: `different titles; the same first three authors, year and journal (${titleDifference(a.title, b.title)})`, score: Number((0.6 * sim + 0.08 * support - 0.2).toFixed(4)), matched, conflicts };
  }
  if (conflicts.length > 0) {
    // Kept apart without asking: one title contained in another and a field in conflict (a different
    // paper with a longer title), or the same title years apart (a new edition, a recurring heading).
    if (contained && sim < 0.85) return { ...DIFFERENT, rule: 'contained', refused: `one title contains the other; ${conflicts.join('; ')}` };
    if (yearGap > 1) return { ...DIFFERENT, rule: 'years', refused: conflicts.join('; ') };
    // A short title ("Editor's Comments", "Editorial") shared by items that differ in a field: a
    // recurring heading, not one publication.
    if (Math.min(a.title.split(' ').length, b.title.split(' ').length) <= 3) return { ...DIFFERENT, rule: 'short title', refused: `short title shared; ${conflicts.join('; ')}` };
    return { kind: 'maybe', rule: conflicts.join('; '), score, matched, conflicts };
  }

  if (sim >= 0.85) {
    if (sim === 1 && sameYear && support >= 1) return { kind: 'same', rule: 'title+year', score, matched, conflicts };
    if (sim === 1 && nearYear && support >= 2) return { kind: 'same', rule: 'title+fields', score, matched, conflicts };
    // A long title (eight words or more) exactly the same, the same first author, years at most one
    // apart (a conference year and its proceedings' year) and nothing in conflict.
    if (sim === 1 && nearYear && authorSame && a.title.split(' ').length >= 8) return { kind: 'same', rule: 'long title+author', score, matched, conflicts };
    if (sim >= 0.95 && (sameYear || yearGap === -1) && support >= 2) return { kind: 'same', rule: 'similar title+fields', score, matched, conflicts };
    if (sim >= 0.95 && nearYear && support >= 3) return { kind: 'same', rule: 'similar title+fields', score, matched, conflicts };
    // A typo or a damaged letter in a title with full bibliographic agreement.
    if (sim >= 0.9 && sameYear && authorSame && volumeSame && pageSame) return { kind: 'same', rule: 'similar title+volume+pages', score, matched, conflicts };
    if (sim >= 0.9 && sameYear && authorSame && a.start && a.end && pageSame && a.end === b.end && a.start === b.start) return { kind: 'same', rule: 'similar title+pages', score, matched, conflicts };
  }
  if (contained && sameYear && authorSame && ((volumeSame && pageSame) || (a.start && a.end && a.start === b.start && a.end === b.end))) {
    return { kind: 'same', rule: 'contained title+volume+pages', score, matched, conflicts };
  }
  // A column or section heading before the title ("How I did it ...", "Idea Watch:"): the same article
  // when the first author, year and journal agree and nothing conflicts, even with no volume or pages to
  // compare (a year in the volume field, a month for the issue, pages missing). The title without the
  // heading must be specific (eight words or more), and the heading must not name another item (a part,
  // a protocol, an update, a withdrawal: see columnHeading).
  if (contained && sameYear && authorSame && journalOk && columnHeading(a.title, b.title)) {
    return { kind: 'same', rule: 'heading+title+author+journal', score, matched, conflicts };
  }
  if (located && authorSame && sameYear) return { kind: 'same', rule: 'journal+volume+pages+author', score, matched, conflicts };
  const rule = sim === 1 ? 'same title, little else to confirm' : contained ? 'one title contains the other' : `similar titles (${sim.toFixed(2)}: ${titleDifference(a.title, b.title)})`;
  return { kind: 'maybe', rule: matched.length ? `${rule}; agree: ${matched.join(', ')}` : rule, score, matched, conflicts };
}

/**
 * A notice and a paper (rule 3). A notice is never merged with the paper it concerns, but some reviews
 * (and labelled sets) file an erratum or a reply with its paper, so a person is asked when the records
 * show the notice concerns this paper: the notice cites the paper's volume and first page, or the
 * paper's record names the notice's place ("[Erratum appears in ...]"), or both are in one journal,
 * at most a year apart, in one volume (when both have one), and an erratum names the paper's first
 * author. Otherwise the pair is kept apart without asking.
 */
function noticeLink(a: Prepared, b: Prepared, sim: number, contained: boolean): Verdict {
  const [n, p] = a.notice ? [a, b] : [b, a];
  const kind = n.notice!;
  const refused: Verdict = { ...DIFFERENT, rule: 'notice', refused: `${kind} notice vs the paper` };
  // (a notice concerns a journal article or a book, not a conference abstract of the work)
  if (p.notice || p.conference || (sim < 0.85 && !contained)) return refused;
  const place = (x: Prepared) => [x.r.volume ? `volume ${x.r.volume}` : '', x.r.issue ? `issue ${x.r.issue}` : '', x.r.pages ? `pages ${x.r.pages}` : ''].filter(Boolean).join(', ') || 'no volume or pages';
  let evidence = '';
  let strength = 0;
  if (n.cites && n.cites.volume && n.cites.volume === p.volume && n.cites.page && n.cites.page === p.start) {
    evidence = `the notice cites volume ${n.cites.volume}, page ${n.cites.page}`;
    strength = 2;
  } else if (atErratumPlace(p, n)) {
    evidence = `the paper's record says its erratum is in volume ${n.r.volume}${n.r.issue ? `, issue ${n.r.issue}` : ''}`;
    strength = 2;
  } else {
    const nearYear = n.year === null || p.year === null || Math.abs(n.year - p.year) <= 1;
    const volumeOk = !n.volume || !p.volume || n.volume === p.volume;
    const authorOk = kind !== 'erratum' || !n.author.family || !p.author.family || authorsCompatible(n.author, p.author);
    // A reply printed on the letter's own pages can be one item with it; a commentary with pages of
    // its own is a work of its own (and has authors of its own), so it is not asked about.
    const pagesOk = kind !== 'comment' || pagesOverlap(n, p);
    if (oneJournal(n, p) && nearYear && volumeOk && authorOk && pagesOk) {
      evidence = `the same journal${n.volume && n.volume === p.volume ? ' and volume' : ''}${kind === 'erratum' && n.author.family && p.author.family ? ' and first author' : ''}${kind === 'comment' ? ', on the same pages' : ''}`;
      strength = 1;
    }
  }
  if (!evidence) return refused;
  return {
    kind: 'maybe',
    rule: `${kind} notice that concerns this paper (${evidence}; notice at ${place(n)}, paper at ${place(p)}): file it with the paper?`,
    score: Number((0.2 + 0.1 * strength + 0.2 * sim).toFixed(4)),
    matched: [],
    conflicts: [`${kind} notice vs the paper`],
  };
}

/** The two journal names are one journal (the same, or one a part or abbreviation of the other). */
function oneJournal(a: Prepared, b: Prepared): boolean {
  const j = journalRelation(a.journal, b.journal);
  return j === 'same' || j === 'part';
}

/** `x` is at a place the paper's "[Erratum appears in ...]" names: its volume, and its issue or first page. */
function atErratumPlace(paper: Prepared, x: Prepared): boolean {
  return !!x.volume && paper.errata.some((e) => e.volume === x.volume && ((!!e.issue && e.issue === x.issue) || (!!e.page && e.page === x.start)));
}

/** Both have pages and their ranges share a page (a range missing its end is its first page). */
function pagesOverlap(a: Prepared, b: Prepared): boolean {
  if (!a.start || !b.start || a.locator || b.locator) return false;
  const lo = (x: Prepared) => Number(x.start);
  const hi = (x: Prepared) => Number(x.end || x.start);
  return lo(a) <= hi(b) && lo(b) <= hi(a);
}

/** Two titles, the same year, a journal on both that agrees, three authors or more on both with the same first three
 * family names in order (computed only for a pair whose titles differ). */
function sameTeam(a: Prepared, b: Prepared): boolean {
  if (a.year === null || a.year !== b.year || !a.title || !b.title || a.r.authors.length < 3 || b.r.authors.length < 3 || (a.doi && b.doi) || !a.journal.length || !b.journal.length) return false;
  if (!oneJournal(a, b)) return false;
  for (let i = 0; i < 3; i++) {
    const x = familyName(a.r.authors[i]);
    const y = familyName(b.r.authors[i]);
    if (!x || !y || !sameFamily(x, y)) return false;
  }
  return true;
}

/** The words each title has that the other lacks, for a person to see at once why two titles differ:
 * `"sensitive" / "resistant"` (at most four words a side). */
export function titleDifference(a: string, b: string): string {
  const wa = a.split(' ');
  const wb = b.split(' ');
  const sa = new Set(wa);
  const sb = new Set(wb);
  const only = (w: string[], other: Set<string>) => {
    const d = [...new Set(w.filter((x) => !other.has(x)))];
    return d.length ? `"${d.slice(0, 4).join(' ')}${d.length > 4 ? ' ...' : ''}"` : 'nothing';
  };
  return `${only(wa, sb)} / ${only(wb, sa)}`;
}

/** Words that make a heading another item than the article under it: a part or number of a series, a
 * protocol, an update or follow-up, a notice (withdrawn, retracted, corrected), a reply or a comment. */
const NOT_A_HEADING = /\b(?:part|pt|section|chapter|vol|volume|no|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|\d+|protocol|update[ds]?|follow|withdrawn|retract\w*|errat\w*|correct\w*|repl\w*|respon\w*|comment\w*|letters?|abstracts?|summary|digest|review)\b/;

/** One normalised title is the other with a short heading (at most five words) before it, the other is
 * eight words or more, and the heading names no other kind of item: the heading words, or null. */
export function columnHeading(a: string, b: string): string | null {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length === l.length || !l.endsWith(` ${s}`) || s.split(' ').length < 8) return null;
  const heading = l.slice(0, l.length - s.length - 1);
  if (heading.split(' ').length > 5 || NOT_A_HEADING.test(heading)) return null;
  return heading;
}

/** The share of the shorter title's words of four letters or more that the other title has. */
function sharedWords(a: string, b: string): number {
  const wa = a.split(' ').filter((w) => w.length >= 4);
  const wb = new Set(b.split(' ').filter((w) => w.length >= 4));
  const [s, l] = wa.length <= wb.size ? [wa, wb] : [[...wb], new Set(wa)];
  return s.length ? s.filter((w) => l.has(w)).length / s.length : 0;
}

function differentLanguages(a: Prepared, b: Prepared): boolean {
  const la = titleLanguage(a.title, a.r.title);
  const lb = titleLanguage(b.title, b.r.title);
  return la !== '' && lb !== '' && la !== lb;
}

/** Journal, volume, issue (when both have one), a multi-page range, year and first author all agree. */
function locatorMatch(a: Prepared, b: Prepared): boolean {
  if (!a.title || !b.title || !a.end || a.start !== b.start || a.end !== b.end || !a.volume || a.volume !== b.volume) return false;
  if (a.year === null || a.year !== b.year || (a.issue && b.issue && a.issue !== b.issue)) return false;
  if (a.notice !== b.notice || !authorsCompatible(a.author, b.author)) return false;
  if (!oneJournal(a, b)) return false;
  // the titles must be two languages' versions: one marked as translated, or one English and one not
  // (a title marked as translated must also share most of its longer words with the other)
  if (differentLanguages(a, b)) return true;
  return (a.translated || b.translated) && sharedWords(a.title, b.title) >= 0.6;
}

/**
 * MEDLINE lists an erratum under the title of the paper it corrects, at the erratum's own place, and
 * the paper's title says where that is ("...[Erratum appears in Proc Natl Acad Sci U S A. 2007 Jun
 * 19;104(25):10749]"). A record with the paper's exact title, in its journal, at that volume and
 * issue (or page), and not at the paper's own place, is that erratum: it is marked as a notice, so it
 * is compared with the other listings of the erratum and not with the paper.
 */
export function markErratumListings(prepared: readonly Prepared[]): void {
  let byTitle: Map<string, Prepared[]> | null = null;
  for (const p of prepared) {
    if (!p.errata.length || !p.compact) continue;
    byTitle ??= new Map();
    const list = byTitle.get(p.compact);
    if (list) list.push(p);
    else byTitle.set(p.compact, [p]);
  }
  if (!byTitle) return;
  for (const p of prepared) {
    if (p.notice || !p.volume) continue;
    const papers = byTitle.get(p.compact);
    if (!papers) continue;
    for (const paper of papers) {
      if (paper === p || (paper.volume === p.volume && paper.issue === p.issue && paper.start === p.start)) continue;
      if (!atErratumPlace(paper, p) || !oneJournal(paper, p)) continue;
      p.notice = 'erratum';
      p.cites = { volume: paper.volume, issue: paper.issue, page: paper.start };
      break;
    }
  }
}

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
}

function completeness(r: BibRecord): number {
  return (r.doi ? 4 : 0) + (r.pmid ? 4 : 0) + (r.abstract ? 2 : 0) + [r.title, r.year, r.journal, r.volume, r.issue, r.pages].filter((v) => v !== null).length + (r.authors.length ? 1 : 0);
}

const SCALARS = ['title', 'year', 'journal', 'journalAbbrev', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'language', 'publisher', 'booktitle', 'institution'] as const;
const LISTS = ['authors', 'keywords', 'issn', 'urls', 'isbn', 'editors'] as const;

/**
 * The kept record of a group with the group's identifiers and fuller fields: each empty or shorter
 * field of the kept record is taken from the member with the fullest value (a DOI from one, a PMID
 * from another); `provenance` says which record each field came from.
 */
export function mergeRecords(keep: BibRecord, others: readonly BibRecord[]): { merged: BibRecord; provenance: Record<string, string> } {
  const merged: BibRecord = { ...keep, authors: [...keep.authors], keywords: [...keep.keywords], issn: [...keep.issn], urls: [...keep.urls] };
  const provenance: Record<string, string> = {};
  const m = merged as unknown as Record<string, unknown>;
  for (const f of SCALARS) {
    if (m[f] !== null && m[f] !== undefined) provenance[f] = keep.id;
    for (const o of others) {
      const v = (o as unknown as Record<string, unknown>)[f];
      if (v === null || v === undefined || v === '') continue;
      const cur = m[f];
      if (cur === null || cur === undefined || cur === '' || (typeof v === 'string' && typeof cur === 'string' && f !== 'doi' && f !== 'pmid' && v.length > cur.length * 1.5)) {
        m[f] = v;
        provenance[f] = o.id;
      }
    }
  }
  for (const f of LISTS) {
    const cur = (m[f] as string[] | undefined) ?? [];
    if (cur.length) provenance[f] = keep.id;
    for (const o of others) {
      const v = ((o as unknown as Record<string, unknown>)[f] as string[] | undefined) ?? [];
      if (f === 'authors') {
        if (v.length > cur.length) {
          m[f] = [...v];
          provenance[f] = o.id;
        }
        continue;
      }
      const list = (m[f] as string[] | undefined) ?? [];
      const added = v.filter((x) => !list.includes(x));
      if (added.length) {
        m[f] = [...list, ...added];
        provenance[f] = provenance[f] ? `${provenance[f]}+${o.id}` : o.id;
      }
    }
  }
  return { merged, provenance };
}

interface Found {
  i: number;
  j: number;
  v: Verdict;
}

export function dedupe(records: readonly BibRecord[], options: DedupeOptions = {}): DedupeResult {
  const maxBlock = options.maxBlock ?? 200;
  const existing = options.existing ?? 0;
  const n = records.length;
  const prepared = records.map(prepare);
  markErratumListings(prepared);
  const indexById = new Map<string, number>();
  records.forEach((r, i) => indexById.set(r.id, i));
  const pairKey = (i: number, j: number) => (i < j ? i * n + j : j * n + i);
  const different = new Set<number>();
  const personSame: [number, number][] = [];
  for (const [x, y] of options.decisions?.different ?? []) {
    const i = indexById.get(x);
    const j = indexById.get(y);
    if (i !== undefined && j !== undefined) different.add(pairKey(i, j));
  }
  for (const [x, y] of options.decisions?.same ?? []) {
    const i = indexById.get(x);
    const j = indexById.get(y);
    if (i !== undefined && j !== undefined) personSame.push([i, j]);
  }

  // Candidate pairs, block kind by block kind; a pair already met in an earlier kind is skipped.
  const t1 = (p: Prepared) => p.head;
  const t2 = (p: Prepared) => p.tail;
  const alt = (p: Prepared) => {
    const c = p.alt.replace(/ /g, '');
    return c.length >= 10 ? c.slice(0, 20) : '';
  };
  const ayp = (p: Prepared) => (p.author.family && p.year !== null && p.start ? `${p.author.family}|${p.year}|${p.start}` : '');
  const kinds: [string, (p: Prepared) => string | string[]][] = [
    ['doi', (p) => p.doi],
    ['pmid', (p) => p.pmid],
    ['title', (p) => { const a = t1(p); const s = alt(p); return s && s !== a ? [a, s] : a; }],
    ['title end', t2],
    ['author+year+page', ayp],
  ];
  const metBefore = (a: Prepared, b: Prepared, kind: number): boolean => {
    if (kind > 0 && a.doi && a.doi === b.doi) return true;
    if (kind > 1 && a.pmid && a.pmid === b.pmid) return true;
    if (kind > 2) {
      const ta = t1(a);
      if (ta && ta === t1(b)) return true;
    }
    if (kind > 3) {
      const ta = t2(a);
      if (ta && ta === t2(b)) return true;
    }
    return false;
  };

  const found: Found[] = [];
  const refused: Refused[] = [];
  const oversizedBlocks: { key: string; size: number; how: string }[] = [];
  let compared = 0;
  const seenInKind = new Set<number>();
  const comparePair = (i: number, j: number, kind: number) => {
    if (i === j || (i < existing && j < existing)) return;
    const a = prepared[i]!;
    const b = prepared[j]!;
    if (metBefore(a, b, kind)) return;
    if (kind === 2 && (a.alt || b.alt)) {
      // the title kind has two keys per record (title and second title): one comparison per pair
      const k = pairKey(i, j);
      if (seenInKind.has(k)) return;
      seenInKind.add(k);
    }
    compared++;
    const v = i < j ? compare(a, b) : compare(b, a);
    if (v.kind !== 'different') found.push({ i: Math.min(i, j), j: Math.max(i, j), v });
    else if (v.refused) refused.push({ ids: [records[Math.min(i, j)]!.id, records[Math.max(i, j)]!.id], reason: v.refused });
  };
  const allPairs = (members: number[], kind: number) => {
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) comparePair(members[x]!, members[y]!, kind);
  };
  const neighbourhood = (members: number[], kind: number, window: number) => {
    const sorted = [...members].sort((x, y) => {
      const a = prepared[x]!;
      const b = prepared[y]!;
      return a.title < b.title ? -1 : a.title > b.title ? 1 : a.author.family < b.author.family ? -1 : a.author.family > b.author.family ? 1 : (a.year ?? 0) - (b.year ?? 0);
    });
    for (let x = 0; x < sorted.length; x++) for (let y = x + 1; y < Math.min(sorted.length, x + 1 + window); y++) comparePair(sorted[x]!, sorted[y]!, kind);
  };
  const splitters: [string, (p: Prepared) => string][] = [
    ['year', (p) => String(p.year ?? '')],
    ['first author', (p) => p.author.family],
  ];
  const runBlock = (key: string, members: number[], kind: number, depth: number) => {
    if (members.length < 2) return;
    if (members.length <= maxBlock || kind < 2) return allPairs(members, kind);
    if (depth < splitters.length) {
      // Split by year (records one year apart meet again in the neighbourhood pass below) or by author.
      const [name, by] = splitters[depth]!;
      const parts = new Map<string, number[]>();
      for (const i of members) {
        const k = by(prepared[i]!);
        const list = parts.get(k);
        if (list) list.push(i);
        else parts.set(k, [i]);
      }
      oversizedBlocks.push({ key, size: members.length, how: `split by ${name} into ${parts.size}` });
      for (const [k, part] of parts) if (part.length > 1) runBlock(`${key}|${k}`, part, kind, depth + 1);
      if (depth === 0) neighbourhood(members, kind, 30);
      return;
    }
    oversizedBlocks.push({ key, size: members.length, how: 'sorted neighbourhood (30)' });
    neighbourhood(members, kind, 30);
  };
  kinds.forEach(([name, keyOf], kind) => {
    // A key seen once holds its record's index; a list is made only when a second record shares it.
    const blocks = new Map<string, number | number[]>();
    const add = (k: string, i: number) => {
      if (!k) return;
      const v = blocks.get(k);
      if (v === undefined) blocks.set(k, i);
      else if (typeof v === 'number') blocks.set(k, [v, i]);
      else v.push(i);
    };
    for (const p of prepared) {
      const keys = keyOf(p);
      if (typeof keys === 'string') add(keys, p.index);
      else for (const k of keys) add(k, p.index);
    }
    for (const [k, members] of blocks) {
      if (typeof members === 'number') continue;
      if (members.length === 2) comparePair(members[0]!, members[1]!, kind);
      else runBlock(`${name}:${k}`, members, kind, 0);
    }
    seenInKind.clear();
  });

  // Merge clear pairs (identifiers first, then by score), never across a pair a person marked as
  // different, and never into a group that already holds a different DOI.
  const uf = new UnionFind(n);
  const groupMembers = new Map<number, number[]>();
  const membersOf = (root: number) => groupMembers.get(root) ?? [root];
  const rulesOf = new Map<number, Set<string>>();
  const matchedOf = new Map<number, Set<string>>();
  const scoreOf = new Map<number, number>();
  const doisOf = (root: number) => new Set(membersOf(root).map((x) => prepared[x]!.doi).filter(Boolean));
  const maybe: Maybe[] = [];
  const merge = (i: number, j: number, v: Verdict, person: boolean): string | null => {
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) return null;
    const a = membersOf(ri);
    const b = membersOf(rj);
    if (different.size && a.some((x) => b.some((y) => different.has(pairKey(x, y))))) return 'a person marked a member as different';
    if (!person) {
      const da = doisOf(ri);
      const db = doisOf(rj);
      if (da.size && db.size && ![...da].some((d) => db.has(d))) return 'the groups hold different DOIs';
      if (existing && a.some((x) => x < existing) && b.some((x) => x < existing)) return 'both groups hold an existing record';
    }
    const root = Math.min(ri, rj);
    uf.parent[Math.max(ri, rj)] = root;
    groupMembers.delete(ri);
    groupMembers.delete(rj);
    groupMembers.set(root, [...a, ...b]);
    rulesOf.set(root, new Set([...(rulesOf.get(ri) ?? []), ...(rulesOf.get(rj) ?? []), person ? 'person' : v.rule]));
    matchedOf.set(root, new Set([...(matchedOf.get(ri) ?? []), ...(matchedOf.get(rj) ?? []), ...v.matched]));
    scoreOf.set(root, Math.min(scoreOf.get(ri) ?? 1, scoreOf.get(rj) ?? 1, v.score));
    return null;
  };
  const personVerdict: Verdict = { kind: 'same', rule: 'person', score: 1, matched: [], conflicts: [] };
  for (const [i, j] of personSame) merge(i, j, personVerdict, true);
  const same = found.filter((f) => f.v.kind === 'same' && !different.has(pairKey(f.i, f.j)));
  const rank = (r: string) => (r === 'doi' || r === 'pmid' ? 1 : 0);
  same.sort((x, y) => rank(y.v.rule) - rank(x.v.rule) || y.v.score - x.v.score || x.i - y.i || x.j - y.j);
  for (const f of same) {
    const why = merge(f.i, f.j, f.v, false);
    if (why) maybe.push({ ids: [records[f.i]!.id, records[f.j]!.id], reason: `${f.v.rule}, but ${why}`, score: f.v.score, matched: f.v.matched, conflicts: [why] });
  }
  // One uncertain pair per pair of groups (the best-scoring one), not one per member.
  const uncertain = found.filter((f) => f.v.kind === 'maybe' && !different.has(pairKey(f.i, f.j)));
  uncertain.sort((x, y) => y.v.score - x.v.score || x.i - y.i || x.j - y.j);
  const shown = new Set<number>();
  for (const f of uncertain) {
    const ri = uf.find(f.i);
    const rj = uf.find(f.j);
    if (ri === rj) continue;
    if (existing && ri < existing && rj < existing) continue;
    const k = pairKey(ri, rj);
    if (shown.has(k)) continue;
    shown.add(k);
    // A person already said a member of one group is not a member of the other: not asked again.
    if (different.size && membersOf(ri).some((x) => membersOf(rj).some((y) => different.has(pairKey(x, y))))) continue;
    maybe.push({ ids: [records[f.i]!.id, records[f.j]!.id], reason: f.v.rule, score: f.v.score, matched: f.v.matched, conflicts: f.v.conflicts });
  }

  const clusters: Cluster[] = [];
  for (const [root, list] of groupMembers) {
    if (uf.find(root) !== root) continue;
    const sorted = [...list].sort((a, b) => a - b);
    let candidates = existing && sorted[0]! < existing ? sorted.filter((i) => i < existing) : sorted;
    // A notice a person filed with its paper neither becomes the kept record nor lends it fields (its title
    // carries "Erratum:" or a citation, its volume and pages are the notice's).
    const papers = candidates.filter((i) => !prepared[i]!.notice);
    if (papers.length) candidates = papers;
    const keep = candidates.reduce((best, i) => (completeness(records[i]!) > completeness(records[best]!) ? i : best), candidates[0]!);
    const donors = sorted.filter((i) => i !== keep && (!!prepared[keep]!.notice || !prepared[i]!.notice));
    const { merged, provenance } = mergeRecords(records[keep]!, donors.map((i) => records[i]!));
    clusters.push({
      keep: records[keep]!.id,
      ids: sorted.map((i) => records[i]!.id),
      rule: [...(rulesOf.get(root) ?? [])].sort().join('+'),
      score: scoreOf.get(root) ?? 1,
      matched: [...(matchedOf.get(root) ?? [])].sort(),
      merged,
      provenance,
    });
  }
  clusters.sort((a, b) => indexById.get(a.ids[0]!)! - indexById.get(b.ids[0]!)!);
  maybe.sort((a, b) => b.score - a.score);
  return { records: n, clusters, maybe, refused, oversizedBlocks, compared };
}

/** The records with every cluster reduced to its kept record, in input order. */
export function keepOnly(records: readonly BibRecord[], result: DedupeResult): BibRecord[] {
  const drop = new Set<string>();
  for (const c of result.clusters) for (const id of c.ids) if (id !== c.keep) drop.add(id);
  return records.filter((r) => !drop.has(r.id));
}

export interface MatchResult {
  /** New records that repeat an existing one: the new id, the existing id kept, and why. */
  duplicates: { id: string; existing: string; rule: string; matched: string[] }[];
  /** Groups among the new records only (none of them existing): kept id and the others. */
  within: Cluster[];
  /** Pairs for a person, each with at least one new record. */
  maybe: Maybe[];
  refused: Refused[];
}

/**
 * Matches new records (a search update, a screening batch) against an existing set (the included
 * studies, earlier screening logs): the same engine and rules as `dedupe`, but existing records are
 * not compared with each other and always keep their id (ASySD's keep_source = "old"). Ids must be
 * unique across both lists.
 */
export function matchNew(existingRecords: readonly BibRecord[], incoming: readonly BibRecord[], options: Omit<DedupeOptions, 'existing'> = {}): MatchResult {
  const result = dedupe([...existingRecords, ...incoming], { ...options, existing: existingRecords.length });
  const old = new Set(existingRecords.map((r) => r.id));
  const duplicates: MatchResult['duplicates'] = [];
  const within: Cluster[] = [];
  for (const c of result.clusters) {
    if (old.has(c.keep)) {
      for (const id of c.ids) if (!old.has(id)) duplicates.push({ id, existing: c.keep, rule: c.rule, matched: c.matched });
    } else within.push(c);
  }
  return { duplicates, within, maybe: result.maybe.filter((m) => !old.has(m.ids[0]) || !old.has(m.ids[1])), refused: result.refused };
}
