// The PRISMA 2020 flow diagram (npa prisma --format svg) in a real headless Chromium, with the template's
// "Identification of new studies via other methods" column. A workspace built here through the CLI from hand-made
// exports whose every count is known by construction (one reviewer, two stages):
//   databases: PubMed 5 records (P1..P5), Embase 3 (E1 = P1 by DOI, E2, E3), as in test/fixtures/update
//     stage 1 (test/fixtures/prisma-other/title-abstract.csv): P2 P3 E2 excluded → 7 screened, 3 excluded, 4 sought
//     stage 2 (full-text.csv): P5 not retrieved, P4 excluded (case report), P1 E3 included → 3 assessed, 2 included
//   other methods: "Citation searching" 4 records (test/fixtures/prisma-other/citations.ris, C1..C4, no duplicates)
//     stage 1: all 4 pass → 4 reports sought; stage 2: C2 not retrieved, C3 excluded (case report), C4 excluded
//     (technique paper), C1 included → 1 not retrieved, 3 assessed, 2 excluded, 1 included
//   new studies = new reports = 2 + 1 = 3; previous version: the shipped review's 53 reports → 56 reports in total.
// A second workspace holds the same two databases and decisions without the citation search: its diagram keeps the
// two-column layout. NPA_TEST_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, openPicture, renderPicture, useBrowser } from './browser.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';

const launched = useBrowser();
const UPDATE = join(FIXTURES, 'update');
const OTHER = join(FIXTURES, 'prisma-other');

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, expect.any(String)]);
  return r.stdout;
}

/** A workspace with PubMed and Embase, and the citation search unless `citations` is false. */
async function workspace(citations: boolean): Promise<string[]> {
  const tmp = tempDir();
  const ws = join(tmp, 'ws');
  const d = ['--data', ws];
  await ok(['init', ws, '--reviewers', '1']);
  await ok(['screen', 'add', join(UPDATE, 'pubmed-2023.nbib'), ...d, '--database', 'PubMed', '--date', '2023-09-01', '--who', 'FW']);
  await ok(['screen', 'add', join(UPDATE, 'embase-2023.ris'), ...d, '--database', 'Embase', '--date', '2023-09-01', '--who', 'FW']);
  if (citations) await ok(['screen', 'add', join(OTHER, 'citations.ris'), ...d, '--database', 'Citation searching', '--date', '2023-09-15', '--who', 'FW']);
  for (const stage of ['title-abstract', 'full-text']) {
    const lines = readFileSync(join(OTHER, `${stage}.csv`), 'utf8').split('\n').filter((l) => citations || !l.startsWith('Citation searching:'));
    const file = join(tmp, `${stage}.csv`);
    writeFileSync(file, lines.join('\n'));
    await ok(['screen', 'decide', ...d, '--stage', stage, '--who', 'FW', '--file', file]);
  }
  return d;
}

interface Rect { x: number; y: number; w: number; h: number }
interface Drawn {
  width: number;
  height: number;
  boxes: { cls: string; rect: Rect; lines: { text: string; bbox: Rect }[] }[];
  /** Every line and polyline with an arrowhead, as its points. */
  arrows: [number, number][][];
}

/** Reads the drawing as Chromium laid it out: each box's rectangle and the measured extent of each of its lines. */
async function drawn(svg: string): Promise<Drawn> {
  const { page, errors, requests } = await openPicture(launched.browser, { svg });
  try {
    expect([errors, requests]).toEqual([[], []]);
    return await page.evaluate(() => {
      const root = document.querySelector('svg')!;
      const r = (e: SVGGraphicsElement) => { const b = e.getBBox(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
      const boxes = [...root.querySelectorAll('g')].map((g) => ({
        cls: g.getAttribute('class')!,
        rect: r(g.querySelector('rect')!),
        lines: [...g.querySelectorAll('text')].map((t) => ({ text: t.textContent!, bbox: r(t) })),
      }));
      const arrows = [...root.querySelectorAll('line[marker-end], polyline[marker-end]')].map((a) =>
        a.tagName === 'line'
          ? [[+a.getAttribute('x1')!, +a.getAttribute('y1')!], [+a.getAttribute('x2')!, +a.getAttribute('y2')!]]
          : a.getAttribute('points')!.trim().split(/\s+/).map((p) => p.split(',').map(Number)),
      ) as [number, number][][];
      return { width: +root.getAttribute('width')!, height: +root.getAttribute('height')!, boxes, arrows };
    });
  } finally {
    await page.close();
  }
}

const text = (d: Drawn, cls: string) => {
  const b = d.boxes.filter((x) => x.cls.split(' ').includes(cls));
  expect([cls, b.length]).toEqual([cls, 1]);
  return b[0]!.lines.map((l) => l.text.trim()).join(' ');
};
const rectOf = (d: Drawn, cls: string) => d.boxes.find((x) => x.cls.split(' ').includes(cls))!.rect;

/** No text leaves its box, no two boxes overlap, nothing lies outside the drawing, no arrow runs through a box. */
function expectClean(d: Drawn) {
  const E = 0.5;
  expect(d.boxes.length).toBeGreaterThan(10);
  for (const b of d.boxes) {
    for (const l of b.lines) {
      if (b.cls === 'phase') continue; // rotated label: checked below against its bar's length
      if (!l.text.trim()) continue; // a blank spacer line has no extent
      const inside = l.bbox.x >= b.rect.x - E && l.bbox.x + l.bbox.w <= b.rect.x + b.rect.w + E && l.bbox.y >= b.rect.y - E && l.bbox.y + l.bbox.h <= b.rect.y + b.rect.h + E;
      expect([b.cls, l.text, inside]).toEqual([b.cls, l.text, true]);
    }
    if (b.cls === 'phase') expect(b.lines[0]!.bbox.w).toBeLessThan(b.rect.h); // the label fits the bar's length
    expect(b.rect.x >= 0 && b.rect.y >= 0 && b.rect.x + b.rect.w <= d.width && b.rect.y + b.rect.h <= d.height).toBe(true);
  }
  for (const [i, a] of d.boxes.entries()) {
    for (const b of d.boxes.slice(i + 1)) {
      const overlap = Math.min(a.rect.x + a.rect.w, b.rect.x + b.rect.w) - Math.max(a.rect.x, b.rect.x) > E && Math.min(a.rect.y + a.rect.h, b.rect.y + b.rect.h) - Math.max(a.rect.y, b.rect.y) > E;
      expect([a.cls, b.cls, overlap]).toEqual([a.cls, b.cls, false]);
    }
  }
  for (const points of d.arrows) {
    for (const [[x1, y1], [x2, y2]] of points.slice(1).map((p, i): [[number, number], [number, number]] => [points[i]!, p])) {
      const len = Math.hypot(x2 - x1, y2 - y1);
      for (let s = 3; s < len - 3; s += 2) {
        const [x, y] = [x1 + ((x2 - x1) * s) / len, y1 + ((y2 - y1) * s) / len];
        const hit = d.boxes.find((b) => x > b.rect.x + 1 && x < b.rect.x + b.rect.w - 1 && y > b.rect.y + 1 && y < b.rect.y + b.rect.h - 1);
        expect([points, hit?.cls]).toEqual([points, undefined]);
      }
    }
  }
}

/** An arrow starting on one side of box `from` and ending with its head on the facing side of box `to`. */
function expectArrow(d: Drawn, from: string, to: string, way: 'down' | 'right' | 'down-then-left') {
  const a = rectOf(d, from);
  const b = rectOf(d, to);
  const near = (u: number, v: number) => Math.abs(u - v) <= 1;
  const within = (u: number, lo: number, hi: number) => u > lo && u < hi;
  const found = d.arrows.filter((p) => {
    const [[sx, sy], [ex, ey]] = [p[0]!, p.at(-1)!];
    if (way === 'down') return p.length === 2 && sx === ex && near(sy, a.y + a.h) && near(ey, b.y) && within(sx, a.x, a.x + a.w) && within(sx, b.x, b.x + b.w);
    if (way === 'right') return p.length === 2 && sy === ey && near(sx, a.x + a.w) && near(ex, b.x) && within(sy, a.y, a.y + a.h) && within(sy, b.y, b.y + b.h);
    return near(sy, a.y + a.h) && within(sx, a.x, a.x + a.w) && near(ex, b.x + b.w) && within(ey, b.y, b.y + b.h) && p[1]![0] === sx && p[1]![1] === ey;
  });
  expect([from, to, way, found.length]).toEqual([from, to, way, 1]);
}

let withOther: string[];
let dbOnly: string[];
beforeAll(async () => {
  withOther = await workspace(true);
  dbOnly = await workspace(false);
}, 120_000);

describe('npa prisma --format svg: the other-methods column', () => {
  it('shows every other-methods number of the flow that the JSON and PRISMA2020 CSV report, known by construction', async () => {
    const json = JSON.parse(await ok(['prisma', ...withOther, '--format', 'json']));
    const known = {
      website_results: 0, organisation_results: 0, citations_results: 4, other_sought_reports: 4, other_notretrieved_reports: 1, other_assessed: 3,
      other_excluded: 'case report, 1; technique paper, 1', new_studies: 3, new_reports: 3, total_reports: 56,
      database_results: 8, records_screened: 7, dbr_sought_reports: 4, dbr_notretrieved_reports: 1, dbr_assessed: 3, dbr_excluded: 'case report, 1',
    };
    expect(json).toMatchObject(known);
    // The other-methods column is checked like the databases' one: 4 − 0 − 0 − 0 = 4 sought, 4 − 1 − 0 = 3 assessed, 3 − 2 = 1 included.
    const otherChecks = (json.checks as { ok: boolean; message: string }[]).filter((c) => c.message.startsWith('other methods:'));
    expect(otherChecks.map((c) => [c.ok, c.message.replace(/ \(no box in the template\)/, '')])).toEqual([
      [true, 'other methods: 4 identified − 0 duplicates − 0 excluded at title-abstract − 0 undecided = 4 sought'],
      [true, 'other methods: 4 sought − 1 not retrieved − 0 awaiting full-text decisions = 3 assessed'],
      [true, 'other methods: 3 assessed − 2 excluded = 1 included'],
    ]);
    const csv = parse(await ok(['prisma', ...withOther, '--format', 'prisma2020-csv']), { columns: true }) as Record<string, string>[];
    for (const [k, v] of Object.entries(known)) expect([k, csv.find((r) => r.data === k)!.n]).toEqual([k, String(v)]);

    const d = await drawn(await ok(['prisma', ...withOther, '--format', 'svg']));
    expect(text(d, 'other-title')).toBe('Identification of new studies via other methods');
    expect(text(d, 'other-identified')).toBe(`Records identified from: Websites (n = ${json.website_results}) Organisations (n = ${json.organisation_results}) Citation searching (n = ${json.citations_results})`);
    expect(text(d, 'other-sought')).toBe(`Reports sought for retrieval (n = ${json.other_sought_reports})`);
    expect(text(d, 'other-notretrieved')).toBe(`Reports not retrieved (n = ${json.other_notretrieved_reports})`);
    expect(text(d, 'other-assessed')).toBe(`Reports assessed for eligibility (n = ${json.other_assessed})`);
    const reasons = (json.other_excluded as string).split('; ').map((r) => r.split(', ')).map(([reason, n]) => `${reason} (n = ${n})`);
    expect(text(d, 'other-excluded')).toBe(['Reports excluded:', ...reasons].join(' '));
    expect(text(d, 'included')).toBe(`New studies included in review (n = ${json.new_studies}) Reports of new included studies (n = ${json.new_reports})`);
    expect(text(d, 'total')).toBe(`Total studies included in review (n = not reported) Reports of total included studies (n = ${json.total_reports})`);
  });

  it("arrows connect the column's boxes in the template's order, into the shared box of included studies", async () => {
    const d = await drawn(await ok(['prisma', ...withOther, '--format', 'svg']));
    expectArrow(d, 'other-identified', 'other-sought', 'down');
    expectArrow(d, 'other-sought', 'other-notretrieved', 'right');
    expectArrow(d, 'other-sought', 'other-assessed', 'down');
    expectArrow(d, 'other-assessed', 'other-excluded', 'right');
    expectArrow(d, 'other-assessed', 'included', 'down-then-left');
    // Rows as in the template: records beside the databases' records, reports sought and assessed beside theirs.
    for (const [main, other] of [['identified', 'other-identified'], ['sought', 'other-sought'], ['assessed', 'other-assessed']] as const) expect(rectOf(d, other).y).toBe(rectOf(d, main).y);
    expect(rectOf(d, 'other-identified').x).toBeGreaterThanOrEqual(rectOf(d, 'reports-excluded').x + rectOf(d, 'reports-excluded').w);
    // The main column's own arrows are still there.
    expectArrow(d, 'identified', 'screened', 'down');
    expectArrow(d, 'assessed', 'included', 'down');
  });

  it('in chromium: no text overflows its box, no boxes overlap, no arrow crosses a box (with and without other methods, and the shipped review)', async () => {
    const svg = await ok(['prisma', ...withOther, '--format', 'svg']);
    const d = await drawn(svg);
    expectClean(d);
    expectClean(await drawn(await ok(['prisma', ...dbOnly, '--format', 'svg'])));
    expectClean(await drawn(await ok(['prisma', '--format', 'svg'])));
    const shot = await renderPicture(launched.browser, { svg });
    expect([shot.errors, shot.requests]).toEqual([[], []]);
    expect([shot.png.readUInt32BE(16), shot.png.readUInt32BE(20)]).toEqual([d.width, d.height]); // the whole drawing, nothing clipped
    keepScreenshot('prisma-other-methods.png', shot.png);
    keepScreenshot('prisma-databases-only.png', (await renderPicture(launched.browser, { svg: await ok(['prisma', ...dbOnly, '--format', 'svg']) })).png);
  }, 60_000);

  it('without other methods the diagram keeps its two columns: same boxes, places and numbers, no other-methods column', async () => {
    const svg = await ok(['prisma', ...dbOnly, '--format', 'svg']);
    expect(svg).not.toMatch(/other methods|class="other-/);
    const two = await drawn(svg);
    const three = await drawn(await ok(['prisma', ...withOther, '--format', 'svg']));
    const shared = ['previous', 'identified', 'removed', 'screened', 'excluded', 'sought', 'notretrieved', 'assessed', 'reports-excluded', 'included', 'total'];
    expect(two.boxes.filter((b) => b.cls !== 'phase' && b.cls !== 'title').map((b) => b.cls).sort()).toEqual([...shared].sort());
    for (const cls of shared) {
      // The databases' and registers' boxes stand where they stand beside the other-methods column, at the same width.
      expect([cls, rectOf(two, cls).x, rectOf(two, cls).w]).toEqual([cls, rectOf(three, cls).x, rectOf(three, cls).w]);
      if (cls !== 'included' && cls !== 'total') expect([cls, text(two, cls)]).toEqual([cls, text(three, cls)]);
    }
    // The drawing ends 20 px right of the column of exclusions, as the two-column template always did.
    expect(two.width).toBe(rectOf(two, 'reports-excluded').x + rectOf(two, 'reports-excluded').w + 20);
    expect(three.width).toBe(rectOf(three, 'other-excluded').x + rectOf(three, 'other-excluded').w + 20);
    expect(text(two, 'included')).toBe('New studies included in review (n = 2) Reports of new included studies (n = 2)');
  });
});
