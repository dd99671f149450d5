// Issue 10 §5: hostile text in data. Control characters and escape sequences from records never reach
// the terminal raw (tables, the screening card, messages); Markdown shows raw HTML as text; the
// PRISMA2020 CSV has the formula guard of every CSV output; a huge bad header is cut in messages.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visible, visibleMessage } from '../../src/format/visible.js';
import { prisma2020Csv, reportedFlow } from '../../src/screening/prisma.js';
import { fixtureReview, row, runCli, tempDataset, tempDir, toCsv } from '../helpers.js';

const ESC = '\u001b';
const HOSTILE_TITLE = `${ESC}]0;pwned${'\u0007'}${ESC}[2J${'\u202e'}evil title${'\u009b'}`;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

describe('control characters in titles reach the terminal as visible escapes', () => {
  it('visible() shows C0, C1, DEL and bidi overrides as \\xNN / \\uNNNN', () => {
    expect(visible(HOSTILE_TITLE)).toBe('\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil title\\x9b');
    expect(visible('a\tb\nc')).toBe('a b c');
    expect(visible('a\tb\nc', true)).toBe('a\tb\nc');
    expect(visible('Jöllenbeck 李')).toBe('Jöllenbeck 李');
  });
  it('a terminal table (npa import\'s report) shows a file name with escape sequences visibly', async () => {
    const dir = tempDir();
    const name = `evil${ESC}]0;pwned${'\u0007'}.ris`;
    writeFileSync(join(dir, name), 'TY  - JOUR\nTI  - A\nER  - \n');
    // a wide terminal, so that the file name stays on one line of the table
    const r = await runCli(['import', name, '--dry-run'], { cwd: dir, columns: 200 });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('evil\\x1b]0;pwned\\x07.ris');
  });
  it('a message quoting data (an invalid cell with an escape sequence) is shown visibly on stderr', async () => {
    const csv = 'title,year\nA study,2020\n';
    const data = tempDataset(toCsv([row()]));
    writeFileSync(join(data, 'x.csv'), csv);
    const r = await runCli(['list', '--data', data, '--site', `pelvis${ESC}[2J`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('\\x1b[2J');
  });
  it('the screening card goes through the same function (commands/screen.ts show → visible)', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'commands', 'screen.ts'), 'utf8');
    expect(source).toContain('show: (text) => io.stdout(visible(text, true))');
  });
});

describe('Markdown outputs show raw HTML from data as text', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '<img src=x onerror=alert(1)>';
  it('npa report (md) escapes a review title, a question and study authors holding HTML', async () => {
    const review = { ...fixtureReview(), title: `Review ${SCRIPT}`, question: `Why ${IMG}?` };
    const data = tempDataset(toCsv([row({ first_author: `Doe ${IMG}`, title: SCRIPT })]), review);
    const r = await runCli(['report', '--data', data, '--date', '2026-01-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script|<img/i);
    expect(r.stdout).toContain('&lt;script&gt;');
    expect(r.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('npa list --format md escapes a title holding HTML', async () => {
    const data = tempDataset(toCsv([row({ title: `${SCRIPT} ${IMG}` })]));
    const r = await runCli(['list', '--data', data, '--format', 'md', '--columns', 'ref,title']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/<script|<img/i);
  });
});

describe('the PRISMA2020 CSV has the formula guard', () => {
  it('an exclusion reason starting with = is written with a leading quote', () => {
    const review = { ...fixtureReview(), flow: { identified: 10, excluded: [{ reason: '=HYPERLINK("http://x","y")', n: 4 }], included: 6 } };
    const text = prisma2020Csv(reportedFlow(review, []));
    expect(text).toContain("'=HYPERLINK");
    expect(text).not.toMatch(/(^|,)"?=/m);
  });
});

describe('a huge bad header is cut in messages', () => {
  it('a 200,000-character unknown column is not echoed whole', async () => {
    const huge = 'x'.repeat(200_000);
    const csv = toCsv([row()]).replace(/^ref,/, `${huge},ref,`).replace(/\n(?=.)/g, '\n,');
    const data = tempDataset(csv);
    const r = await runCli(['list', '--data', data]);
    expect(r.code).toBe(2);
    const longest = Math.max(...r.stderr.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(700);
    expect(r.stderr).toMatch(/more characters\)/);
  });
  it('visibleMessage cuts each line at 500 characters, saying how many were left out', () => {
    expect(visibleMessage('a'.repeat(600))).toBe(`${'a'.repeat(500)}… (100 more characters)`);
  });
});
