// The shipped dataset checked against the review it comes from:
// Wodajo F. Radiofrequency Ablation for Skeletal Metastases. MSTS Novel Practice Assessment, June 1, 2022
// (corpus review/msts-npa-rfa-skeletal-metastases-2022.txt). Expectations are read from that text, not from npa;
// the numbers transcribed by hand (../published/msts-rfa-2022.ts, which the default suite holds the data to)
// are found printed in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { fold } from '../../src/query/filter.js';
import { ROOT, runCli } from '../helpers.js';
import { corpusPath } from './root.js';
import { FLOW, REPEATS, RESULTS, SOURCES } from '../published/msts-rfa-2022.js';

const text = readFileSync(corpusPath('review', 'msts-npa-rfa-skeletal-metastases-2022.txt'), 'utf8');
const sourcesText = text.slice(text.indexOf('\nSources\n'));
const annotatedText = text.slice(text.indexOf('Annotated Bibliography'), text.indexOf('\nSources\n'));
const sources = new Map(
  [...sourcesText.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => [Number(m[1]), m[2]!]),
);
const dataset = loadDataset(join(ROOT, 'data'));
const norm = (s: string) => fold(s).replace(/[^a-z0-9]+/g, ' ').trim();

describe('the shipped dataset', () => {
  it('has one record per entry of the Sources list', () => {
    expect(sources.size).toBe(SOURCES);
    expect(dataset.studies.map((s) => s.ref)).toEqual([...sources.keys()]);
  });

  it("each record's title, first author and year are those printed at its number", () => {
    for (const s of dataset.studies) {
      const line = norm(sources.get(s.ref)!);
      expect(line, `ref ${s.ref}`).toContain(norm(s.title));
      expect(line.startsWith(norm(s.first_author)), `ref ${s.ref}`).toBe(true);
      expect(line, `ref ${s.ref}`).toContain(String(s.year));
    }
  });

  it('marks exactly the entries whose title repeats an earlier entry as duplicates of it', () => {
    // Independent of npa: group the review's own Sources lines by normalised title.
    const firstByTitle = new Map<string, number>();
    const expected: [number, number][] = [];
    for (const [ref, line] of sources) {
      const title = norm(line.replace(/^.*?(et al|[A-Z]{1,3})\. /, '').split(' *')[0]!);
      const first = firstByTitle.get(title);
      if (first === undefined) firstByTitle.set(title, ref);
      else expected.push([ref, first]);
    }
    const coded = dataset.studies.filter((s) => s.duplicate_of !== null).map((s) => [s.ref, s.duplicate_of]);
    expect(coded).toEqual(expected);
    expect(expected).toEqual(REPEATS);
  });

  it('flags as annotated exactly the publications that have an entry in the annotated bibliography', () => {
    for (const s of dataset.studies) {
      const heading = `${s.first_author.replace(/^Luigi /, '')}, `;
      const inBibliography = annotatedText.includes(`${s.first_author.split(' ')[0]} ${s.first_author.split(' ')[1]}`) &&
        norm(annotatedText).includes(norm(s.title).slice(0, 40));
      expect(s.annotated, `ref ${s.ref} (${heading})`).toBe(inBibliography);
    }
  });
});

describe('review.json', () => {
  const review = JSON.parse(readFileSync(join(ROOT, 'data', 'review.json'), 'utf8'));
  it('quotes every published statistic verbatim from the review', () => {
    for (const [id, stat] of Object.entries<{ quote: string }>(review.published_statistics)) {
      expect(text, id).toContain(stat.quote);
    }
  });
  it('prints the search flow transcribed (Methods, paragraph 2)', () => {
    const [reviews, visceral, other] = FLOW.excluded.map((e) => e.n);
    expect(text).toContain(`The search resulted in ${FLOW.identified} citations.`);
    expect(text).toContain(`${reviews} reviews, ${visceral} reports on treatment of visceral metastases, ${other} not relevant for other reasons`);
    expect(text).toContain(`The remaining ${FLOW.included} citations`);
  });
  it('prints the Results numbers transcribed, each in the sentence review.json quotes for it (Results, paragraphs 1-2)', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
    const quotes = review.published_statistics as Record<string, { quote: string }>;
    for (const [id, r] of Object.entries(RESULTS)) {
      const quote = quotes[id]!.quote;
      expect(text, id).toContain(quote);
      // "In an equal number of citations" (cement): the count is the one printed just before it (spine).
      if (id === 'cement') expect([quote, r.count]).toEqual([expect.stringContaining('an equal number'), RESULTS.spine!.count]);
      else expect(quote, id).toMatch(new RegExp(`\\b(${r.count}|${words[r.count]})\\b`, 'i'));
      if (r.denominator !== undefined) expect(quote, id).toMatch(new RegExp(`\\b${r.denominator}\\b`));
      if (r.percent !== undefined) expect(quote, id).toContain(`${r.percent}%`);
    }
  });
});

describe('the shipped claims (data/claims.csv)', () => {
  it('every quote is verbatim in the review, and the flow does not add up', async () => {
    const json = JSON.parse((await runCli(['verify', '--json'])).stdout);
    for (const c of json.claims) expect(text.replace(/\s+/g, ' '), c.id).toContain(c.quote.replace(/\s+/g, ' '));
    expect(json.claims.find((c: { id: string }) => c.id === 'flow').status).toBe('arithmetic error');
    expect(json.claims.find((c: { id: string }) => c.id === 'anchala_lesions')).toMatchObject({ status: 'differs', computed: { count: 128 } });
  });
});
