// The funnel, bubble, cumulative forest and Baujat plots of `npa meta` in a real headless Chromium
// (test/browser.ts): each renders at its own size with no console errors and no network requests,
// and the points the browser lays out sit where the data put them (checked with getBBox/getCTM
// against the axis ticks). Set NPA_TEST_SCREENSHOTS to a folder to keep the screenshots.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepScreenshot, openPicture, renderPicture, useBrowser } from '../browser.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const launched = useBrowser();

const R = JSON.parse(readFileSync(join(ROOT, 'test/meta/r/extras-expected.json'), 'utf8')) as {
  datasets: Record<string, { label: string[]; yi: number[]; vi: number[]; mods: Record<string, (number | string)[]> }>;
};

function bcgCsv(dir: string): string {
  const d = R.datasets.bcg!;
  const rows = d.yi.map((y, i) => [`"${d.label[i]}"`, y, d.vi[i], d.mods.ablat![i], d.mods.year![i]].join(','));
  const path = join(dir, 'bcg.csv');
  writeFileSync(path, ['study,yi,vi,ablat,year', ...rows].join('\n') + '\n');
  return path;
}

describe('npa meta plots in chromium (dat.bcg)', () => {
  it('funnel, bubble, cumulative forest and Baujat plots render cleanly with every point on its value', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--trimfill', '--funnel', 'funnel.svg', '--mods', 'ablat', '--bubble', 'bubble.svg', '--cumulative', 'year', '--cumulative-forest', 'cumulative.svg', '--baujat', 'baujat.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    const plots: [string, string, number, number][] = [
      ['funnel.svg', 'circle.study, circle.filled', 640, 500],
      ['bubble.svg', 'circle.study', 640, 480],
      ['cumulative.svg', 'g.step rect.point', 900, 0],
      ['baujat.svg', 'text.study', 640, 0],
    ];
    for (const [name, selector, width, height] of plots) {
      const file = join(dir, name);
      const { page, errors, requests } = await openPicture(launched.browser, { file });
      try {
        const box = await page.locator('svg').first().boundingBox();
        expect(box!.width, name).toBe(width);
        if (height) expect(box!.height, name).toBe(height);
        // In the browser's layout: the centre of each mark against the x-axis ticks' positions.
        const off = await page.evaluate((sel) => {
          const ticks = [...document.querySelectorAll('g.x-axis line.tick')].map((t) => ({ v: Number(t.getAttribute('data-value')), x: (t as SVGLineElement).getBBox().x }));
          const a = ticks[0]!;
          const b = ticks[ticks.length - 1]!;
          return [...document.querySelectorAll(sel)].map((el) => {
            const g = el as SVGGraphicsElement;
            const bb = g.getBBox();
            const value = Number(el.getAttribute('data-x') ?? el.getAttribute('data-yi') ?? el.parentElement!.getAttribute('data-estimate'));
            const expected = a.x + ((value - a.v) / (b.v - a.v)) * (b.x - a.x);
            return Math.abs(bb.x + bb.width / 2 - expected);
          });
        }, selector);
        expect(off.length, name).toBeGreaterThanOrEqual(13);
        // text glyph boxes are centred to within a pixel; shapes to within rounding
        for (const d of off) expect(d, name).toBeLessThan(name === 'baujat.svg' ? 1.5 : 0.05);
        expect(errors, name).toEqual([]);
        expect(requests, name).toEqual([]);
      } finally {
        await page.close();
      }
      const shot = await renderPicture(launched.browser, { file });
      expect(shot.png.length, name).toBeGreaterThan(10000);
      keepScreenshot(`meta-${name.replace('.svg', '.png')}`, shot.png);
    }
  }, 120000);
});
