// The robvis-style plots in a real headless Chromium (found by test/browser.ts): the SVG renders without errors or
// network requests, has one mark per study x domain judged in robvis's colours, a domain legend, and summary bars that
// fill the axis. NPA_TEST_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { keepScreenshot, openPicture, renderPicture, useBrowser } from '../browser.js';
import { ROOT, runCli } from '../helpers.js';

const launched = useBrowser();

// Counted here from data/appraisal.csv with csv-parse (not through npa).
const rows = parse(readFileSync(join(ROOT, 'data', 'appraisal.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
const jbi = rows.filter((r) => r.tool === 'jbi_case_series');

describe('npa rob --format svg in chromium', () => {
  it('traffic-light plot: one mark per study x item, robvis colours, domain legend', async () => {
    const r = await runCli(['rob', '--format', 'svg', '--plot', 'traffic']);
    expect(r.code).toBe(0);
    const { page, errors, requests } = await openPicture(launched.browser, { svg: r.stdout });
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.locator('circle[r="12"]').count()).toBe(jbi.length);
      expect(await page.locator('circle[r="12"][fill="#4EA1F7"]').count()).toBe(jbi.filter((x) => x.judgement === 'no information').length);
      expect(await page.locator('circle[r="12"][fill="#02C100"]').count()).toBe(jbi.filter((x) => x.judgement === 'yes').length);
      const text = (await page.locator('svg').textContent())!;
      expect(text).toContain('Q4: Consecutive inclusion of participants');
      expect(text).toContain('Burgard CA 2018 [3]');
    } finally {
      await page.close();
    }
    const shot = await renderPicture(launched.browser, { svg: r.stdout });
    expect(shot.png.length).toBeGreaterThan(10000);
    keepScreenshot('rob-traffic.png', shot.png);
  });
  it('summary plot: one bar per domain, shares add up to the full width', async () => {
    const r = await runCli(['rob', '--format', 'svg', '--plot', 'summary']);
    expect(r.code).toBe(0);
    const { page, errors } = await openPicture(launched.browser, { svg: r.stdout });
    try {
      expect(errors).toEqual([]);
      const widths = await page.locator('rect[height="22"]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('y')), Number(e.getAttribute('width'))]));
      const byRow = new Map<number, number>();
      for (const [y, w] of widths) byRow.set(y!, (byRow.get(y!) ?? 0) + w!);
      expect(byRow.size).toBe(10);
      for (const total of byRow.values()) expect(total).toBeCloseTo(400, 1);
    } finally {
      await page.close();
    }
    keepScreenshot('rob-summary.png', (await renderPicture(launched.browser, { svg: r.stdout })).png);
  });
});
