import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

// Expectations about the shipped data are counted here from data/*.csv with csv-parse, not through npa.
const table = (name: string) => parse(readFileSync(join(ROOT, 'data', name), 'utf8'), { columns: true }) as Record<string, string>[];
const studies = table('studies.csv');
const entries = studies.length; // 57: one per entry of the review's Sources list
const unique = studies.filter((s) => s.duplicate_of === '').length; // 53
const prospective = studies.filter((s) => s.design === 'prospective' || s.design === 'rct').length;

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

    // Recode ref 39 (Tanigawa): prospective → retrospective. The prospective count drops by one.
    const csv = readFileSync(join(dir, 'studies.csv'), 'utf8').split('\n');
    const i = csv.findIndex((l) => l.startsWith('39,'));
    csv[i] = csv[i]!.replace(',prospective,', ',retrospective,');
    writeFileSync(join(dir, 'studies.csv'), csv.join('\n'));
    const d = JSON.parse((await runCli(['diff', 'v1', '--json', '--data', dir])).stdout);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.recoded).toEqual([{ ref: 39, changes: [{ field: 'design', from: 'prospective', to: 'retrospective' }] }]);
    expect(studies.find((x) => x.ref === '39')!.design).toBe('prospective');
    expect(d.statistics).toEqual([{ id: 'prospective', label: 'Prospectively collected data', from: { count: prospective, denominator: entries }, to: { count: prospective - 1, denominator: entries } }]);

    expect((await runCli(['release', 'v2', '--message', 'recoded 39', '--data', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'versions', 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`## v2 \\(\\d{4}-\\d\\d-\\d\\d\\)\\n\\n- recoded 39\\n- ${entries} entries \\(${unique} unique publications\\); since v1: 0 added, 0 removed, 1 recoded`));
    const text = (await runCli(['diff', 'v1', 'v2', '--data', dir])).stdout;
    expect(text).toContain('- 39 design: prospective → retrospective');
    expect(text).toContain(`- prospective (Prospectively collected data): ${prospective}/${entries} → ${prospective - 1}/${entries}`);
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
    // Computed from the data beside what the review printed (8/57, Results paragraph 1).
    expect(r.stdout).toContain(`| Prospectively collected data | ${prospective}/${entries} | ${((100 * prospective) / entries).toFixed(1)}% | 8/57 | differs |`);
    // The claims line tallies what npa verify finds, one claim per row of data/claims.csv; the one
    // arithmetic error is the search flow (124 − 19 − 9 − 38 = 58, printed as 57).
    const claims = JSON.parse((await runCli(['verify', '--json'])).stdout).claims as { id: string; status: string }[];
    expect(claims).toHaveLength(table('claims.csv').length);
    const n = (status: string) => claims.filter((c) => c.status === status).length;
    expect(claims.filter((c) => c.status === 'arithmetic error').map((c) => c.id)).toEqual(['flow']);
    expect(r.stdout).toContain(`${claims.length} numeric claims: ${n('holds')} hold, ${n('differs')} differ, 1 arithmetic error, ${n('not checkable')} not checkable.`);
    // The evidence row of ref 17 (Bagla 2016), from its row of studies.csv and its complications row of outcomes.csv.
    const bagla = studies.find((x) => x.ref === '17')!;
    const complications = table('outcomes.csv').find((o) => o.ref === '17' && o.outcome === 'complications')!;
    expect([bagla.first_author, bagla.year, bagla.design, bagla.centres, bagla.sites, bagla.interventions, bagla.patients, bagla.lesions]).toEqual(['Bagla S', '2016', 'prospective', 'multi', 'spine', 'rfa;cement', '50', '69']);
    expect([complications.events, complications.denominator, complications.unit]).toEqual(['0', '50', 'patients']);
    expect(r.stdout).toContain('| 17 | Bagla S 2016 | prospective | multi | spine | rfa, cement | 50 | 69 | 0/50 patients |');
    expect(r.stdout).toContain('Changes from 2022 to current: 0 added');
  });
  it('HTML: one self-contained file (inline SVG and CSS, no scripts, no external resources)', async () => {
    const html = (await runCli(['report', '--format', 'html', '--date', '2026-01-01'])).stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/);
    expect(html.match(/<svg /g)!.length).toBe(3); // the flow diagram and the two bar charts
    expect(html).toContain('<table id="statistics">');
    expect(html).toContain('@media print');
  });
});
