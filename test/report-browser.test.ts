// The HTML report in a real headless Chromium (found by test/browser.ts: CHROMIUM_PATH, a system
// Chromium, or the one in @sparticuz/chromium): it renders, logs no console errors, requests nothing
// from the network, and the flow diagram and tables show the right numbers. Set NPA_TEST_SCREENSHOTS
// to a folder to keep the screenshot for a person to look at.
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchBrowser, openPicture, renderPicture, type Launched } from './browser.js';
import { ROOT, runCli } from './helpers.js';

let launched: Launched;

beforeAll(async () => {
  launched = await launchBrowser();
}, 120000);

afterAll(async () => {
  await launched?.browser.close();
});

// The shipped studies, counted here from data/studies.csv with csv-parse (not through npa).
const studies = parse(readFileSync(join(ROOT, 'data', 'studies.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
const prospective = studies.filter((s) => s.design === 'prospective' || s.design === 'rct').length;
const unique = studies.filter((s) => s.duplicate_of === '').length;

describe('npa report --format html in chromium', () => {
  it('renders with the right numbers, no console errors and no network requests', async () => {
    const html = (await runCli(['report', '--format', 'html', '--date', '2026-01-01'])).stdout;
    const { page, errors, requests } = await openPicture(launched.browser, { html });
    expect(await page.title()).toBe('Radiofrequency Ablation for Skeletal Metastases');
    // The flow diagram: the numbers the review printed (124 citations, 57 included), and the failed arithmetic.
    const flowText = await page.locator('#flow svg').textContent();
    // Issue 11: the review reports no duplicates or screening counts ("not reported", never 0), and its 57 entries are 53 publications.
    expect(flowText).toContain('Databases (n = 124)');
    expect(flowText).toContain('Duplicate records (n = not reported)');
    expect(flowText).toContain('Records screened (n = not reported)');
    expect(flowText).toContain('Reports of included studies (n = 53)');
    expect(flowText).toContain('Does not add up');
    // The statistics table: the prospective row, as computed from the data and as printed (8/57).
    const row = page.locator('#statistics tr', { hasText: 'Prospectively collected data' });
    const percent = `${((100 * prospective) / studies.length).toFixed(1)}%`;
    expect(await row.locator('td').allTextContents()).toEqual(['Prospectively collected data', `${prospective}/${studies.length}`, percent, '8/57', 'differs']);
    // The evidence table has one row per unique publication.
    expect(await page.locator('table.evidence tbody tr').count()).toBe(unique);
    const box = await page.locator('#flow svg').boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    const png = await page.screenshot({ fullPage: true });
    keepScreenshot('report.png', png);
    expect(png.length).toBeGreaterThan(20000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60000);
});

describe('test/browser.ts', () => {
  it('renders an SVG string to a PNG, and reports console errors and network requests', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#c00"/></svg>';
    const clean = await renderPicture(launched.browser, { svg });
    expect(clean.png.subarray(1, 4).toString()).toBe('PNG');
    // PNG header: width and height are the big-endian words at bytes 16 and 20: the drawing's 200 × 100.
    expect([clean.png.readUInt32BE(16), clean.png.readUInt32BE(20)]).toEqual([200, 100]);
    expect([clean.errors, clean.requests]).toEqual([[], []]);
    const html = '<!DOCTYPE html><title>x</title><img src="http://127.0.0.1:9/nothing.png"><script>console.error("boom")</script>';
    const dirty = await renderPicture(launched.browser, { html });
    expect(dirty.errors).toContain('boom');
    expect(dirty.requests).toEqual(['http://127.0.0.1:9/nothing.png']);
  }, 60000);
  it(`launched ${process.env.CHROMIUM_PATH ? 'CHROMIUM_PATH' : 'a Chromium'} (source and time printed)`, () => {
    expect(launched.browser.isConnected()).toBe(true);
    console.log(`chromium: ${launched.source} ${launched.executable}, ${Math.round(launched.launchMs)} ms to launch, version ${launched.browser.version()}`);
  });
});
