// `npa report --format pdf`: the HTML report printed to PDF by a headless Chromium, found as the browser tests find
// theirs (test/browser.ts): CHROMIUM_PATH, else a system Chromium (/usr/bin/chromium, chromium-browser, or either on
// the PATH), else the one in @sparticuz/chromium when that package is installed. npa itself ships no browser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { UsageError, UserError } from '../errors.js';

const NO_CHROMIUM = 'npa report --format pdf needs a Chromium: install one (e.g. apt-get install chromium) or set CHROMIUM_PATH to its executable. --format html writes the same report for any browser to print.';

export async function findChromium(env: NodeJS.ProcessEnv): Promise<{ executable: string; source: string }> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new UsageError(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, but nothing is there.`);
    return { executable: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, 'chromium'), join(dir, 'chromium-browser'));
  const system = candidates.find((p) => existsSync(p));
  if (system) return { executable: system, source: 'system Chromium' };
  try {
    const name = '@sparticuz/chromium';
    const { default: packaged } = (await import(name)) as { default: { executablePath(): Promise<string> } };
    return { executable: await packaged.executablePath(), source: '@sparticuz/chromium' };
  } catch {
    throw new UserError(NO_CHROMIUM);
  }
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Playwright {
  chromium: { launch(o: { executablePath: string; args: string[] }): Promise<{ newPage(): Promise<{ goto(url: string, o: { waitUntil: 'load' }): Promise<unknown>; pdf(o: { path: string; format: string; printBackground: boolean; preferCSSPageSize: boolean }): Promise<unknown> }>; close(): Promise<void> }> };
}

/**
 * Prints `html` to `out` (atomically: a temporary file beside it, then a rename). Chromium is driven by playwright-core
 * (as in the tests) when that package is installed, else asked to print from its command line (--print-to-pdf).
 * Returns which Chromium printed it.
 */
export async function printPdf(html: string, out: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { executable, source } = await findChromium(env);
  const work = mkdtempSync(join(tmpdir(), 'npa-report-'));
  const page = join(work, 'report.html');
  const tmp = join(dirname(out), `.${Date.now()}-${process.pid}.npa-report.pdf`);
  try {
    writeFileSync(page, html);
    let playwright: Playwright | null = null;
    try {
      const name = 'playwright-core'; // not bundled: loaded from node_modules when installed
      playwright = (await import(name)) as Playwright;
    } catch {
      playwright = null;
    }
    let detail = '';
    if (playwright) {
      let browser;
      try {
        browser = await playwright.chromium.launch({ executablePath: executable, args: ARGS });
        const tab = await browser.newPage();
        await tab.goto(`file://${page}`, { waitUntil: 'load' });
        await tab.pdf({ path: tmp, format: 'A4', printBackground: true, preferCSSPageSize: true });
      } catch (error) {
        detail = (error as Error).message.split('\n')[0] ?? '';
      } finally {
        await browser?.close();
      }
    } else {
      const args = ['--headless', ...ARGS, '--no-pdf-header-footer', `--user-data-dir=${join(work, 'profile')}`, `--print-to-pdf=${tmp}`, `file://${page}`];
      const r = spawnSync(executable, args, { encoding: 'utf8', timeout: 120_000 });
      detail = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-2).join(' ');
    }
    if (!existsSync(tmp) || !readFileSync(tmp).subarray(0, 5).toString().startsWith('%PDF')) {
      throw new UserError(`Chromium (${executable}, ${source}) did not print the report${detail ? `: ${detail}` : ''}`);
    }
    renameSync(tmp, out);
    return `${source}, ${executable}`;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(tmp, { force: true });
  }
}
