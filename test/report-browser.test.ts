// The HTML report in a real headless Chromium (found by test/browser.ts: CHROMIUM_PATH, a system
// Chromium, or the one in @sparticuz/chromium): it renders, logs no console errors, requests nothing
// from the network, and the flow diagram and tables show the right numbers. Set NPA_TEST_SCREENSHOTS
// to a folder to keep the screenshot for a person to look at.
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keepScreenshot, openPicture, renderPicture, useBrowser } from './browser.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const launched = useBrowser();

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
    const notCoded = studies.filter((s) => s.design === '' || s.design === 'unclear').length;
    expect(await row.locator('td').allTextContents()).toEqual(['Prospectively collected data', `${prospective}/${studies.length}`, percent, '8/57', 'differs', String(notCoded)]);
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

describe('the report against the JSON outputs, in chromium', () => {
  it('pooled estimates and forest plots as npa meta --json, statistics as npa summary --json, the SoF table as npa grade --json', async () => {
    const html = (await runCli(['report', '--format', 'html', '--date', '2026-01-01'])).stdout;
    const { page, errors, requests } = await openPicture(launched.browser, { html });
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      // Pooled outcomes: the same numbers as npa meta (REML, PLO).
      const meta = async (outcome: string) => JSON.parse((await runCli(['meta', '--outcome', outcome, '--json'])).stdout);
      const pooledText = (await page.locator('#pooled').textContent())!;
      const figures = page.locator('figure.forest');
      expect(await figures.count()).toBe(2);
      let funnels = 0;
      for (const [i, outcome] of ['complications', 'local_control'].entries()) {
        const m = await meta(outcome);
        if (m.k >= 10) funnels++;
        expect(pooledText).toContain(`${pct(m.transformed.pred)} (95% CI ${pct(m.transformed.ciLb)} to ${pct(m.transformed.ciUb)}`);
        // One square per pooled study, and the diamond's CI printed as npa meta gives it.
        expect(await figures.nth(i).locator('g.study').count()).toBe(m.k);
        expect(await figures.nth(i).locator('g.pooled.total').textContent()).toContain(`${m.transformed.pred.toFixed(3)} [${m.transformed.ciLb.toFixed(3)}, ${m.transformed.ciUb.toFixed(3)}]`);
      }
      // A funnel plot only for outcomes with at least 10 studies, one circle per study.
      expect(await page.locator('figure.funnel').count()).toBe(funnels);
      // Every statistic of npa summary --json, with its not-coded count.
      const stats = JSON.parse((await runCli(['summary', '--json'])).stdout).statistics as { label: string; count: number; denominator: number; unknown: number }[];
      const rows = await page.locator('#statistics tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows.map((r) => [r[0], r[1], r[5]])).toEqual(stats.map((s) => [s.label.trim(), `${s.count}/${s.denominator}`, s.unknown ? String(s.unknown) : '']));
      // The Summary of Findings: npa grade's certainty per outcome.
      const grades = JSON.parse((await runCli(['grade', '--json'])).stdout) as { certainty: string; studies: number }[];
      const sof = await page.locator('table.sof tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(sof).toHaveLength(grades.length);
      sof.forEach((r, i) => {
        expect(r[3]!.toLowerCase()).toContain(grades[i]!.certainty);
        expect(r[1]).toContain(`(${grades[i]!.studies} studies)`);
      });
      // The charts and the evidence table say what they count.
      expect(await page.locator('body').textContent()).toContain(`Counted over ${unique} unique publications`);
      expect(await page.locator('table.evidence thead').textContent()).toContain('journal');
      expect(await page.locator('#references li').count()).toBe(unique);
      const figure = await page.locator('figure.forest svg').first().boundingBox();
      expect(figure!.width).toBeLessThanOrEqual(718.5);
    } finally {
      await page.close();
    }
  }, 120000);

  it('--format pdf: printed by a Chromium on A4 pages', async () => {
    const dir = tempDir();
    const r = await runCli(['report', '--format', 'pdf', '--out', 'r.pdf', '--date', '2026-01-01'], { cwd: dir, env: { ...process.env, NPA_NO_CACHE: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const pdf = readFileSync(join(dir, 'r.pdf')).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // A4 is 595 x 842 points; the report runs to several pages.
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(boxes.length).toBeGreaterThan(3);
    for (const b of boxes) expect(b).toEqual([595, 842]);
  }, 180000);
});
