// The HTML report in a real browser (Debian's chromium, driven by playwright-core): it renders, logs
// no console errors, requests nothing from the network, and the flow diagram and tables show the
// right numbers. A screenshot is kept in test/artifacts/ (not committed) for a person to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60000);

afterAll(async () => {
  await browser?.close();
});

describe('npa report --format html in chromium', () => {
  it('renders with the right numbers, no console errors and no network requests', async () => {
    const dir = tempDir();
    const html = (await runCli(['report', '--format', 'html', '--date', '2026-01-01'])).stdout;
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
    await page.goto(`file://${file}`);
    expect(await page.title()).toBe('Radiofrequency Ablation for Skeletal Metastases');
    // The flow diagram: the numbers the review printed, and the failed arithmetic.
    const flowText = await page.locator('#flow svg').textContent();
    // Issue 11: the review reports no duplicates or screening counts ("not reported", never 0), and its 57 entries are 53 publications.
    expect(flowText).toContain('Databases (n = 124)');
    expect(flowText).toContain('Duplicate records (n = not reported)');
    expect(flowText).toContain('Records screened (n = not reported)');
    expect(flowText).toContain('Reports of included studies (n = 53)');
    expect(flowText).toContain('Does not add up');
    // The statistics table: the prospective row, as computed from the data and as printed.
    const row = page.locator('#statistics tr', { hasText: 'Prospectively collected data' });
    expect(await row.locator('td').allTextContents()).toEqual(['Prospectively collected data', '10/57', '17.5%', '8/57', 'differs']);
    expect(await page.locator('table.evidence tbody tr').count()).toBe(53);
    const box = await page.locator('#flow svg').boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    mkdirSync(join(ROOT, 'test', 'artifacts'), { recursive: true });
    const png = await page.screenshot({ path: join(ROOT, 'test', 'artifacts', 'report.png'), fullPage: true });
    expect(png.length).toBeGreaterThan(20000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60000);
});
