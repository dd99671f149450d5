// Forest plots in a real headless Chromium (found by test/browser.ts): they render without errors or network
// requests, fit 190 mm (A4 less margins), no two texts overlap and no text leaves the drawing, and the squares the
// browser draws sit where the axis says. NPA_TEST_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepScreenshot, openPicture, renderPicture, useBrowser } from '../browser.js';
import { BCG } from '../meta/fixtures.js';
import { runCli, tempDir } from '../helpers.js';

const launched = useBrowser();

const ALLOC = ['random', 'random', 'random', 'random', 'alternate', 'alternate', 'random', 'random', 'random', 'systematic', 'systematic', 'systematic', 'systematic'];

async function svgOf(args: string[], csv = true): Promise<string> {
  const dir = tempDir();
  const out = join(dir, 'f.svg');
  if (csv) {
    const rows = BCG.trial.map((_, i) => [`"${BCG.author[i]} ${BCG.year[i]}"`, BCG.year[i], BCG.tpos[i], BCG.tneg[i], BCG.cpos[i], BCG.cneg[i], ALLOC[i]].join(','));
    writeFileSync(join(dir, 'bcg.csv'), ['study,year,ai,bi,ci,di,alloc', ...rows].join('\n') + '\n');
    args = ['--input', join(dir, 'bcg.csv'), ...args];
  }
  const r = await runCli(['meta', ...args, '--forest', out], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

interface Layout {
  width: number;
  viewBox: { width: number; height: number };
  texts: { text: string; x: number; y: number; w: number; h: number }[];
  squares: { cx: number; est: number }[];
  ticks: { value: number; x: number }[];
}

async function check(svg: string, screenshot: string): Promise<Layout> {
  const { page, errors, requests } = await openPicture(launched.browser, { svg });
  let layout: Layout;
  try {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    layout = await page.evaluate(() => {
      const root = document.documentElement as unknown as SVGSVGElement;
      const vb = root.viewBox.baseVal;
      const texts = [...document.querySelectorAll('text')].map((t) => {
        const b = (t as SVGTextElement).getBBox();
        return { text: t.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
      });
      const squares = [...document.querySelectorAll('g.study')].flatMap((g) => {
        const sq = g.querySelector('rect.square') as SVGRectElement | null;
        if (!sq) return [];
        const b = sq.getBBox();
        return [{ cx: b.x + b.width / 2, est: Number(g.getAttribute('data-estimate')) }];
      });
      const ticks = [...document.querySelectorAll('g.tick')].map((g) => ({ value: Number(g.querySelector('text')!.textContent), x: (g.querySelector('line') as SVGLineElement).x1.baseVal.value }));
      return { width: root.getBoundingClientRect().width, viewBox: { width: vb.width, height: vb.height }, texts, squares, ticks };
    });
  } finally {
    await page.close();
  }
  // 190 mm = 718 CSS px.
  expect(layout.width).toBeLessThanOrEqual(718.5);
  for (const t of layout.texts) {
    expect(t.x, t.text).toBeGreaterThanOrEqual(0);
    expect(t.x + t.w, t.text).toBeLessThanOrEqual(layout.viewBox.width);
  }
  // No two texts overlap (a symbol inside a risk-of-bias circle is one text, so this holds for them too).
  const overlaps: string[] = [];
  layout.texts.forEach((a, i) => layout.texts.slice(i + 1).forEach((b) => {
    const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    if (ox > 0.5 && oy > 2) overlaps.push(`"${a.text}" / "${b.text}"`);
  }));
  expect(overlaps).toEqual([]);
  const shot = await renderPicture(launched.browser, { svg });
  expect(shot.png.length).toBeGreaterThan(10000);
  keepScreenshot(screenshot, shot.png);
  return layout;
}

describe('forest plots in chromium', () => {
  it('risk ratios with subgroups, favours labels and year order: squares where the log axis puts them', async () => {
    const layout = await check(await svgOf(['--measure', 'RR', '--subgroup', 'alloc', '--favours', 'vaccine,control', '--sort', 'year']), 'forest-rr-subgroups.png');
    const [a, b] = [layout.ticks[0]!, layout.ticks[layout.ticks.length - 1]!];
    const x = (v: number) => a.x + ((Math.log(v) - Math.log(a.value)) / (Math.log(b.value) - Math.log(a.value))) * (b.x - a.x);
    expect(layout.squares).toHaveLength(13);
    for (const s of layout.squares) expect(Math.abs(s.cx - x(s.est))).toBeLessThan(0.05);
  });
  it('mean differences: per-arm mean, SD and n columns stay apart', async () => {
    const dir = tempDir();
    const path = join(dir, 'md.csv');
    writeFileSync(path, 'study,m1i,sd1i,n1i,m2i,sd2i,n2i\nSmith 2001,12.5,4.1,40,14.2,4.4,38\nJones 2005,11.9,3.8,120,13.0,4.0,118\nLee 2010,13.1,5.2,25,13.4,5.0,27\n');
    await check(await svgOf(['--input', path, '--measure', 'MD', '--favours', 'RFA,control'], false), 'forest-md.png');
  });
  it("the review's complication rates with the risk-of-bias columns", async () => {
    await check(await svgOf(['--outcome', 'complications', '--rob', '--sort', 'year'], false), 'forest-complications-rob.png');
  });
});
