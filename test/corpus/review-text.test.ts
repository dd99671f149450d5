// The shipped dataset checked against the review it comes from:
// Wodajo F. Radiofrequency Ablation for Skeletal Metastases. MSTS Novel Practice Assessment, June 1, 2022
// (corpus review/msts-npa-rfa-skeletal-metastases-2022.txt). Expectations are read from that text, not from npa.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { fold } from '../../src/query/filter.js';
import { ROOT, runCli } from '../helpers.js';
import { corpusPath } from './root.js';

const text = readFileSync(corpusPath('review', 'msts-npa-rfa-skeletal-metastases-2022.txt'), 'utf8');
const sourcesText = text.slice(text.indexOf('\nSources\n'));
const annotatedText = text.slice(text.indexOf('Annotated Bibliography'), text.indexOf('\nSources\n'));
const sources = new Map(
  [...sourcesText.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => [Number(m[1]), m[2]!]),
);
const dataset = loadDataset(join(ROOT, 'data'));
const norm = (s: string) => fold(s).replace(/[^a-z0-9]+/g, ' ').trim();

describe('the shipped dataset', () => {
  it('is valid', () => expect(dataset.issues.filter((i) => i.severity === 'error')).toEqual([]));

  it('has one record per entry of the Sources list (57)', () => {
    expect(sources.size).toBe(57);
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
    expect(expected).toEqual([[28, 1], [40, 3], [43, 9], [49, 25]]);
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
  it('copies the search flow as printed (Methods, paragraph 2)', () => {
    expect(text).toContain('The search resulted in 124 citations.');
    expect(text).toContain('19 reviews, 9 reports on treatment of visceral metastases, 38 not relevant for other reasons');
    expect(text).toContain('The remaining 57 citations');
    expect(review.flow).toEqual({
      identified: 124,
      excluded: [
        { reason: 'review articles', n: 19 },
        { reason: 'visceral metastases', n: 9 },
        { reason: 'not relevant for other reasons (technique papers, case reports, etc.)', n: 38 },
      ],
      included: 57,
    });
  });
  it('records the Results numbers the review printed (Results, paragraph 1-2)', () => {
    const p = review.published_statistics;
    expect([p.prospective.count, p.prospective.denominator, p.prospective.percent]).toEqual([8, 57, 14]);
    expect([p.spine.count, p.spine.denominator, p.spine.percent]).toEqual([34, 57, 60]);
    expect(p.cement.count).toBe(34);
    expect(p.rfa_vs_rfa_cement.count).toBe(2);
    expect([p.non_spinal.count, p.non_spinal.percent]).toEqual([12, 21]);
    expect(p.sacrum.count).toBe(3);
    expect(p.cryoablation.count).toBe(8);
    expect(p.microwave.count).toBe(2);
    expect([p.rt_role.count, p.rt_role.percent]).toEqual([4, 7]);
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
