// One way to open a picture in a real headless Chromium, for every test of SVG or HTML output
// (report, forest plots, PRISMA diagrams, risk-of-bias plots). The browser is, in order:
//   1. CHROMIUM_PATH, when set (an error if nothing is there: no silent fallback);
//   2. a system Chromium: /usr/bin/chromium, /usr/bin/chromium-browser, or chromium / chromium-browser on the PATH;
//   3. the Chromium inside the @sparticuz/chromium package (a devDependency: the npm registry alone
//      installs it). Its brotli-packed binary is unpacked once into the temporary folder
//      (os.tmpdir()/npa-test-chromium-VERSION) and reused by later runs.
// playwright-core drives it.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export interface Launched {
  browser: Browser;
  executable: string;
  /** Where the executable came from. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  /** Milliseconds from the start of the search to a running browser (includes a first unpacking). */
  launchMs: number;
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function systemChromium(): string | null {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push(join(dir, 'chromium'), join(dir, 'chromium-browser'));
  }
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Unpacks @sparticuz/chromium's binary into a folder of its own, atomically, so parallel test files never see half a file. */
async function packagedChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json; its entry point is build/cjs/index.cjs.
  const packageDir = resolve(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version as string;
  const home = join(tmpdir(), `npa-test-chromium-${version}`);
  const executable = join(home, 'chromium');
  if (existsSync(join(home, 'complete'))) return executable;
  const { default: packaged } = await import('@sparticuz/chromium');
  // The package unpacks into os.tmpdir(); point that at a private folder for the duration.
  const work = mkdtempSync(join(tmpdir(), 'npa-test-chromium-unpacking-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = work;
  try {
    const unpacked = await packaged.executablePath();
    if (unpacked !== join(work, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${join(work, 'chromium')}`);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  writeFileSync(join(work, 'complete'), `${version}\n`);
  try {
    renameSync(work, home);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another test file got there first
    if (!existsSync(join(home, 'complete'))) throw new Error(`could not unpack @sparticuz/chromium into ${home}`);
  }
  return executable;
}

/** Finds a Chromium (see the top of this file) and launches it headless. */
export async function launchBrowser(): Promise<Launched> {
  const start = performance.now();
  let executable: string;
  let source: Launched['source'];
  if (process.env.CHROMIUM_PATH) {
    executable = process.env.CHROMIUM_PATH;
    source = 'CHROMIUM_PATH';
    if (!existsSync(executable)) throw new Error(`CHROMIUM_PATH is ${executable}, but nothing is there. Unset it to use a system Chromium or the one in @sparticuz/chromium.`);
  } else {
    const system = systemChromium();
    if (system) {
      executable = system;
      source = 'system';
    } else {
      executable = await packagedChromium();
      source = '@sparticuz/chromium';
    }
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: executable, args: ARGS });
  } catch (e) {
    throw new Error(`could not launch Chromium from ${executable} (${source}): ${(e as Error).message}`);
  }
  return { browser, executable, source, launchMs: performance.now() - start };
}

/**
 * One browser for the test file that calls this at its top level: launched before its tests (found as
 * launchBrowser() finds it), closed after them. The object returned is filled in when the browser is up.
 */
export function useBrowser(): Launched {
  const launched = {} as Launched;
  beforeAll(async () => {
    Object.assign(launched, await launchBrowser());
  }, 120000);
  afterAll(async () => {
    await launched.browser?.close();
  });
  return launched;
}

/** What a page did while it loaded. */
export interface Opened {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every request other than the page's own file (data: URLs excluded): a self-contained picture has none. */
  requests: string[];
}

export interface RenderOptions {
  width?: number;
  height?: number;
}

/** A picture to open: SVG or HTML markup (an SVG is served as image/svg+xml), or a file. */
export type Picture = { svg: string } | { html: string } | { file: string };

/** Opens a picture in a new page of `browser` from a temporary file, recording errors and requests. Close the page when done. */
export async function openPicture(browser: Browser, picture: Picture, options: RenderOptions = {}): Promise<Opened> {
  let file: string;
  let scratch: string | null = null;
  if ('file' in picture) {
    file = picture.file;
  } else {
    scratch = mkdtempSync(join(tmpdir(), 'npa-test-picture-'));
    file = join(scratch, 'svg' in picture ? 'picture.svg' : 'picture.html');
    writeFileSync(file, 'svg' in picture ? picture.svg : picture.html);
  }
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (url !== `file://${file}` && !url.startsWith('data:')) requests.push(url);
  });
  try {
    await page.goto(`file://${file}`, { waitUntil: 'load' });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return { page, errors, requests };
}

export interface Rendered {
  /** A PNG screenshot of the whole page (of an SVG: of the whole drawing). */
  png: Buffer;
  errors: string[];
  requests: string[];
}

/** Renders a picture and returns its screenshot with the console errors and network requests it caused. */
export async function renderPicture(browser: Browser, picture: Picture, options: RenderOptions = {}): Promise<Rendered> {
  const { page, errors, requests } = await openPicture(browser, picture, options);
  try {
    let png: Buffer;
    if ('svg' in picture || ('file' in picture && picture.file.endsWith('.svg'))) {
      // A full-page screenshot of an SVG document never finishes: size the viewport to the drawing instead.
      const [width, height] = await page.evaluate(() => {
        const r = document.documentElement.getBoundingClientRect();
        return [Math.ceil(r.width), Math.ceil(r.height)];
      });
      await page.setViewportSize({ width: Math.max(1, width), height: Math.max(1, height) });
      png = await page.screenshot();
    } else {
      png = await page.screenshot({ fullPage: true });
    }
    return { png, errors, requests };
  } finally {
    await page.close();
  }
}

/**
 * Keeps a screenshot for a person to look at: written to $NPA_TEST_SCREENSHOTS/NAME when that folder
 * is set (e.g. NPA_TEST_SCREENSHOTS=test/artifacts), otherwise nowhere. Returns the path or null.
 */
export function keepScreenshot(name: string, png: Buffer): string | null {
  const dir = process.env.NPA_TEST_SCREENSHOTS;
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, png);
  return path;
}
