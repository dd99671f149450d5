import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

function copyOfReview(): string {
  const dir = tempDir();
  for (const f of ['review.json', 'studies.csv', 'outcomes.csv', 'claims.csv']) cpSync(join(ROOT, 'data', f), join(dir, f));
  return dir;
}

describe('npa release and npa diff', () => {
  it('freezes a version as plain files, refuses to overwrite it, and diffs a recoding field by field', async () => {
    const dir = copyOfReview();
    expect((await runCli(['release', 'v1', '--message', 'first', '--data', dir])).code).toBe(0);
    expect(readdirSync(join(dir, 'versions', 'v1')).sort()).toEqual(['claims.csv', 'outcomes.csv', 'review.json', 'statistics.json', 'studies.csv']);
    expect(readFileSync(join(dir, 'versions', 'v1', 'studies.csv'), 'utf8')).toBe(readFileSync(join(dir, 'studies.csv'), 'utf8'));
    const again = await runCli(['release', 'v1', '--data', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    // Recode ref 39 (Tanigawa): prospective → retrospective. Prospective count goes 10 → 9.
    const csv = readFileSync(join(dir, 'studies.csv'), 'utf8').split('\n');
    const i = csv.findIndex((l) => l.startsWith('39,'));
    csv[i] = csv[i]!.replace(',prospective,', ',retrospective,');
    writeFileSync(join(dir, 'studies.csv'), csv.join('\n'));
    const d = JSON.parse((await runCli(['diff', 'v1', '--json', '--data', dir])).stdout);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.recoded).toEqual([{ ref: 39, changes: [{ field: 'design', from: 'prospective', to: 'retrospective' }] }]);
    expect(d.statistics).toEqual([{ id: 'prospective', label: 'Prospectively collected data', from: { count: 10, denominator: 57 }, to: { count: 9, denominator: 57 } }]);

    expect((await runCli(['release', 'v2', '--message', 'recoded 39', '--data', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'versions', 'CHANGELOG.md'), 'utf8')).toMatch(/## v2 \(\d{4}-\d\d-\d\d\)\n\n- recoded 39\n- 57 entries \(53 unique publications\); since v1: 0 added, 0 removed, 1 recoded/);
    const text = (await runCli(['diff', 'v1', 'v2', '--data', dir])).stdout;
    expect(text).toContain('- 39 design: prospective → retrospective');
    expect(text).toContain('- prospective (Prospectively collected data): 10/57 → 9/57');
  });
  it('an unknown version is exit 2 naming the ones that exist', async () => {
    const dir = copyOfReview();
    await runCli(['release', '2022', '--data', dir]);
    const r = await runCli(['diff', '2021', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no version "2021" (known: 2022');
  });
  it('invalid data is not released', async () => {
    const dir = copyOfReview();
    writeFileSync(join(dir, 'studies.csv'), readFileSync(join(dir, 'studies.csv'), 'utf8').replace(',prospective,', ',cohort,'));
    expect((await runCli(['release', 'bad', '--data', dir])).code).toBe(2);
    expect(existsSync(join(dir, 'versions', 'bad'))).toBe(false);
  });
  it('the shipped repository has the 2022 version; since then only the audit corrections of issue 11 changed', async () => {
    const d = JSON.parse((await runCli(['diff', '2022', '--json'])).stdout);
    expect([d.added, d.removed]).toEqual([[], []]);
    // Issue 11 §9: ref 4 lesions, ref 13 counts, ref 24 PMID (one rule with 48/56) and sites, refs 30 and 38 sites from their titles.
    expect(d.recoded.map((r: { ref: number }) => r.ref)).toEqual([4, 13, 24, 30, 38]);
    // Three extraspinal studies coded "other": only the non-spinal statistics move.
    expect(d.statistics.map((s: { id: string }) => s.id)).toEqual(['non_spinal', 'non_spinal_only', 'non_spinal_pelvis']);
  });
});

describe('npa report', () => {
  it('Markdown: the flow does not add up, statistics and claims beside the review, the evidence table', async () => {
    const r = await runCli(['report', '--date', '2026-01-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Radiofrequency Ablation for Skeletal Metastases');
    expect(r.stdout).toContain('**Does not add up**: 124 identified − 66 excluded (19 + 9 + 38) = 58; the review says 57 included.');
    expect(r.stdout).toContain('| Prospectively collected data | 10/57 | 17.5% | 8/57 | differs |');
    expect(r.stdout).toContain('34 numeric claims: 22 hold, 11 differ, 1 arithmetic error, 0 not checkable.');
    expect(r.stdout).toMatch(/\| 17 \| Bagla S 2016 \| prospective \| multi \| spine \| rfa, cement \| 50 \| 69 \| 0\/50 patients \|/);
    expect(r.stdout).toContain('Changes from 2022 to current: 0 added');
  });
  it('HTML: one self-contained file (inline SVG and CSS, no scripts, no external resources)', async () => {
    const html = (await runCli(['report', '--format', 'html', '--date', '2026-01-01'])).stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/);
    expect(html.match(/<svg /g)!.length).toBe(3);
    expect(html).toContain('<table id="statistics">');
    expect(html).toContain('@media print');
  });
});
