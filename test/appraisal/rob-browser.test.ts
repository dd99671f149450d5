// The robvis-style plots in a real browser (Debian's chromium, or CHROMIUM_PATH, driven by playwright-core): the SVG
// renders without errors, has one circle per study x domain judged, robvis's colours, and a domain legend.
// Screenshots go to test/artifacts/ (not committed) for a person to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, 60000);

afterAll(async () => {
  await browser?.close();
});

async function show(svg: string, name: string) {
  const dir = tempDir();
  const file = join(dir, `${name}.html`);
  writeFileSync(file, `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`file://${file}`);
  const art = join(ROOT, 'test', 'artifacts');
  mkdirSync(art, { recursive: true });
  await page.screenshot({ path: join(art, `${name}.png`), fullPage: true });
  return { page, errors };
}

describe('npa rob --format svg in chromium', () => {
  it('traffic-light plot: one mark per study x item, robvis colours, domain legend', async () => {
    const r = await runCli(['rob', '--format', 'svg', '--plot', 'traffic']);
    expect(r.code).toBe(0);
    const { page, errors } = await show(r.stdout, 'rob-traffic');
    expect(errors).toEqual([]);
    const box = await page.locator('svg').boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    // 52 JBI-appraised studies x 10 items
    expect(await page.locator('svg circle[r="12"]').count()).toBe(520);
    expect(await page.locator('svg circle[r="12"][fill="#4EA1F7"]').count()).toBe(507);
    expect(await page.locator('svg circle[r="12"][fill="#02C100"]').count()).toBe(13);
    const text = (await page.locator('svg').textContent())!;
    expect(text).toContain('Q4: Consecutive inclusion of participants');
    expect(text).toContain('Burgard CA 2018 [3]');
    await page.close();
  });
  it('summary plot: one bar per domain, shares add up to the full width', async () => {
    const r = await runCli(['rob', '--format', 'svg', '--plot', 'summary']);
    expect(r.code).toBe(0);
    const { page, errors } = await show(r.stdout, 'rob-summary');
    expect(errors).toEqual([]);
    const widths = await page.locator('svg rect[height="22"]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('y')), Number(e.getAttribute('width'))]));
    const byRow = new Map<number, number>();
    for (const [y, w] of widths) byRow.set(y!, (byRow.get(y!) ?? 0) + w!);
    expect(byRow.size).toBe(10);
    for (const total of byRow.values()) expect(total).toBeCloseTo(400, 1);
    await page.close();
  });
});
