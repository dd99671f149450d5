// The yearly update, driven through the CLI exactly as the README's walkthrough runs it, on hand-made
// exports (test/fixtures/update) whose every PRISMA count is known by construction:
//   PubMed 5 records (P1..P5); Embase 3 (E1 = P1 by DOI, E2, E3)  → 8 identified, 1 duplicate, 7 screened
//   stage 1: FW and JL agree on P1 P4 E3 (include), P3 E2 (exclude); conflicts P2 (resolved exclude), P5 (resolved include)
//            → 3 excluded, 4 sought (P1 P4 P5 E3)
//   stage 2: P5 not retrieved; P4 excluded (case report) by both; P1 included by both; E3 conflict resolved include
//            → 1 not retrieved, 3 assessed, 1 excluded (case report), 2 new reports/studies (P1, E3)
//   previous version: the shipped review's 57 entries = 53 publications (reports); its studies are not reported.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agreement } from '../src/screening/agreement.js';
import { styleAuthors } from '../src/screening/authors.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

const UPDATE = join(FIXTURES, 'update');
const csv = (dir: string, name: string, rows: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, ['id,decision,reason', ...rows].join('\n') + '\n');
  return path;
};

describe('agreement statistics against a published worked example', () => {
  it("Cohen's kappa, SE and 95% CI match statpsych::ci.kappa(.05, 31, 12, 4, 58) (Bonett; Fleiss, Levin & Paik 2003)", () => {
    const pairs: [string, string][] = [];
    const add = (a: string, b: string, n: number) => { for (let i = 0; i < n; i++) pairs.push([a, b]); };
    add('0', '0', 31); add('0', '1', 12); add('1', '0', 4); add('1', '1', 58);
    const r = agreement(pairs);
    // Published output: Cohen kappa 0.6756757, SE 0.07344761, LL 0.5317210, UL 0.8196303
    expect(r.kappa).toBeCloseTo(0.6756757, 6);
    expect(r.kappa_se).toBeCloseTo(0.07344761, 7);
    expect(r.kappa_ci![0]).toBeCloseTo(0.531721, 6);
    expect(r.kappa_ci![1]).toBeCloseTo(0.8196303, 6);
    expect(r.agreement).toBeCloseTo(89 / 105, 12);
    expect(r.pabak).toBeCloseTo(2 * (89 / 105) - 1, 12); // Byrt et al. 1993, two categories
  });
});

describe('agreement statistics against R psych::cohen.kappa (psych 2.2.9, R 4.2.2; script in the comment)', () => {
  // suppressMessages(library(psych))
  // z <- matrix(c(22, 2, 2, 4, 7, 2, 2, 1, 8), 3, 3, byrow=TRUE); k <- cohen.kappa(z); k$confid; sqrt(k$var.kappa)
  //   unweighted kappa 0.3730215 0.5695364 0.7660514; se 0.1002646
  // y <- the walkthrough's stage-1 table (rows FW, cols JL: include/include 3, include/exclude 1, exclude/exclude 2, maybe/include 1)
  //   unweighted kappa -0.06183489 0.4814815 1 (upper clipped at 1); se 0.2772073
  const mk = (cells: [string, string, number][]) => cells.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as [string, string]));
  it('a 3×3 table with unequal margins', () => {
    const c = ['a', 'b', 'c'];
    const z = [[22, 2, 2], [4, 7, 2], [2, 1, 8]];
    const r = agreement(mk(z.flatMap((row, i) => row.map((n, j) => [c[i]!, c[j]!, n] as [string, string, number]))), c);
    expect(r.kappa).toBeCloseTo(0.5695364, 6);
    expect(r.kappa_se).toBeCloseTo(0.1002646, 6);
    expect(r.kappa_ci![0]).toBeCloseTo(0.3730215, 6);
    expect(r.kappa_ci![1]).toBeCloseTo(0.7660514, 6);
  });
  it('the walkthrough table, with the CI clipped at 1 as psych does', () => {
    const r = agreement(mk([['include', 'include', 3], ['include', 'exclude', 1], ['exclude', 'exclude', 2], ['maybe', 'include', 1]]), ['include', 'exclude', 'maybe']);
    expect(r.kappa).toBeCloseTo(0.4814815, 6);
    expect(r.kappa_se).toBeCloseTo(0.2772073, 6);
    expect(r.kappa_ci).toEqual([expect.closeTo(-0.06183489, 6), 1]);
  });
});

describe('promote writes authors in the dataset style from every export format', () => {
  it.each([
    [['Peñalver, Enrique', 'Peris, David'], 'Peñalver E, Peris D'],
    [['Levy J', 'Hopkins T'], 'Levy J, Hopkins T'],
    [['Levy J. (57193456789)', 'Tran N.D. (12345)'], 'Levy J, Tran ND'],
    [['Levy J, Hopkins T, Morris J'], 'Levy J, Hopkins T, Morris J'],
    [['Dupont, Jean-Pierre'], 'Dupont JP'],
  ])('%j → %s', (input, expected) => expect(styleAuthors(input).authors).toBe(expected));
});

describe('the README walkthrough: init, two searches, two stages, two reviewers, promote, code, release, PRISMA', () => {
  it('refuses the shipped data, and every PRISMA box matches the counts known by construction', { timeout: 120_000 }, async () => {
    const shipped = readFileSync(join(ROOT, 'data', 'studies.csv'), 'utf8');
    const refused = await runCli(['screen', 'add', join(UPDATE, 'pubmed-2023.nbib'), '--database', 'PubMed']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/npa init/);
    expect(readFileSync(join(ROOT, 'data', 'studies.csv'), 'utf8')).toBe(shipped);
    expect(existsSync(join(ROOT, 'data', 'searches.csv'))).toBe(false);

    const tmp = tempDir();
    const ws = join(tmp, 'rfa-2023');
    expect((await runCli(['init', ws])).code).toBe(0);
    const d = ['--data', ws];
    expect((await runCli(['screen', 'add', join(UPDATE, 'pubmed-2023.nbib'), ...d, '--database', 'PubMed', '--date', '2023-09-01', '--who', 'FW'])).code).toBe(0);
    expect((await runCli(['screen', 'add', join(UPDATE, 'embase-2023.ris'), ...d, '--database', 'Embase', '--date', '2023-09-01', '--who', 'FW'])).code).toBe(0);
    const again = await runCli(['screen', 'add', join(UPDATE, 'embase-2023.ris'), ...d, '--database', 'Embase', '--date', '2023-09-01', '--who', 'FW']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already added/);
    const searches = readFileSync(join(ws, 'searches.csv'), 'utf8').trim().split('\n');
    expect(searches).toHaveLength(3); // header + 2 entries: the refused one left no trace
    expect(searches[0]).toBe('n,database,interface,date_searched,strategy,limits,file,sha256,records,new_records,who,when,forced');
    expect(JSON.parse(readFileSync(join(ws, 'review.json'), 'utf8')).last_search).toBe('2023-09-01');

    const S1 = ['--stage', 'title-abstract'];
    const fw1 = join(UPDATE, 'fw-title-abstract.csv');
    const jl1 = join(UPDATE, 'jl-title-abstract.csv');
    expect((await runCli(['screen', 'decide', ...d, ...S1, '--who', 'FW', '--file', fw1])).code).toBe(0);
    // Blind: before JL decides, JL's listing shows no decision of FW's.
    const blind = JSON.parse((await runCli(['screen', 'list', ...d, '--json', '--who', 'JL'])).stdout) as { id: string; stages: Record<string, { votes: unknown[]; status: string }> }[];
    expect(blind.every((r) => r.stages['title-abstract']!.votes.length === 0)).toBe(true);
    expect((await runCli(['screen', 'decide', ...d, ...S1, '--who', 'JL', '--file', jl1])).code).toBe(0);
    const c1 = JSON.parse((await runCli(['screen', 'conflicts', ...d, ...S1, '--json'])).stdout) as { id: string }[];
    expect(c1.map((c) => c.id).sort()).toEqual(['PubMed:90000002', 'PubMed:90000005']);
    const a1 = JSON.parse((await runCli(['screen', 'agreement', ...d, ...S1, '--json'])).stdout);
    expect(Object.keys(a1)).toEqual(expect.arrayContaining(['stage', 'n', 'agreement', 'kappa', 'kappa_ci', 'pabak', 'table']));
    expect(a1.n).toBe(7);
    expect(a1.agreement).toBeCloseTo(5 / 7, 12);
    expect(a1.kappa).toBeCloseTo(0.4814815, 6); // R psych::cohen.kappa on the same table (see above)
    expect(a1.pabak).toBeCloseTo((3 * 5 / 7 - 1) / 2, 12); // Byrt et al.: (k·po − 1)/(k − 1), k = 3
    const cell = (a: string, b: string) => a1.table.find((t: { a: string; b: string }) => t.a === a && t.b === b).n;
    expect([cell('include', 'include'), cell('include', 'exclude'), cell('exclude', 'exclude'), cell('maybe', 'include')]).toEqual([3, 1, 2, 1]);
    const r1 = join(UPDATE, 'resolve-title-abstract.csv');
    expect((await runCli(['screen', 'resolve', ...d, ...S1, '--who', 'FW', '--file', r1])).code).toBe(0);

    const S2 = ['--stage', 'full-text'];
    // A full-text exclusion without a reason is refused, with file, line and column; nothing is written.
    const bad = csv(tmp, 'bad.csv', ['PubMed:90000004,exclude,']);
    const badRun = await runCli(['screen', 'decide', ...d, ...S2, '--who', 'FW', '--file', bad]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/bad\.csv.*2.*reason/s);
    const fw2 = join(UPDATE, 'fw-full-text.csv');
    const jl2 = join(UPDATE, 'jl-full-text.csv');
    expect((await runCli(['screen', 'decide', ...d, ...S2, '--who', 'FW', '--file', fw2])).code).toBe(0);
    expect((await runCli(['screen', 'decide', ...d, ...S2, '--who', 'JL', '--file', jl2])).code).toBe(0);
    expect((await runCli(['screen', 'resolve', ...d, ...S2, '--who', 'FW', '--file', join(UPDATE, 'resolve-full-text.csv')])).code).toBe(0);

    const promoted = await runCli(['screen', 'promote', ...d, '--who', 'FW']);
    expect(promoted.code).toBe(0);
    const studies = readFileSync(join(ws, 'studies.csv'), 'utf8');
    expect(studies).toContain('58,,"Peñalver E, Peris D",Peñalver E,2023,');
    expect(studies).toMatch(/\n58,.*,12,3,101-9,90000001,.*,10\.9999\/npa\.test\.0001,/);

    const sheet = await runCli(['code', 'sheet', ...d]);
    expect(sheet.code).toBe(0);
    expect(sheet.stdout).toMatch(/^# design: prospective \| retrospective/m);
    expect(sheet.stdout.split('\n').filter((l) => /^5[89],/.test(l))).toHaveLength(2);
    // A sheet with a bad value is refused with file, line and column; nothing is merged.
    const badSheet = join(tmp, 'bad-sheet.csv');
    writeFileSync(badSheet, 'ref,design,coding_source\n58,prospektive,x\n');
    const badApply = await runCli(['code', 'apply', badSheet, ...d, '--coder', 'FW']);
    expect(badApply.code).toBe(2);
    expect(badApply.stderr).toMatch(/bad-sheet\.csv.*2.*design.*prospektive/s);
    const applied = await runCli(['code', 'apply', join(UPDATE, 'coded-sheet.csv'), ...d]);
    expect(applied.stderr).toMatch(/2 studies coded/);
    expect(applied.code).toBe(0);
    expect(readFileSync(join(ws, 'studies.csv'), 'utf8')).toMatch(/\n58,.*,prospective,.*,40,.*,spine,.*Coded by FW/);
    expect((await runCli(['validate', ...d])).code).toBe(0);
    expect((await runCli(['release', '2023', ...d, '--message', 'test update'])).code).toBe(0);

    const json = JSON.parse((await runCli(['prisma', ...d, '--format', 'json'])).stdout);
    const expected: Record<string, number | string | null> = {
      previous_studies: null, previous_reports: 53, database_results: 8, database_specific_results: 'PubMed, 5; Embase, 3', register_results: null,
      duplicates: 1, excluded_automatic: 0, excluded_other: 0, records_screened: 7, records_excluded: 3, dbr_sought_reports: 4, dbr_notretrieved_reports: 1,
      dbr_assessed: 3, dbr_excluded: 'case report, 1', new_studies: 2, new_reports: 2, total_studies: null, total_reports: 55,
      website_results: null, organisation_results: null, citations_results: null, other_sought_reports: null, other_notretrieved_reports: null, other_assessed: null, other_excluded: null,
    };
    expect(json.template).toBe('updated');
    // Reasons given at title-abstract (optional there): P2 resolved technique, P3 visceral (FW; JL gave none), E2 osteoid osteoma.
    expect(json.records_excluded_reasons).toEqual([{ reason: 'technique paper', n: 1 }, { reason: 'visceral metastases', n: 1 }, { reason: 'osteoid osteoma', n: 1 }]);
    for (const [k, v] of Object.entries(expected)) expect([k, json[k]]).toEqual([k, v]);
    const table = (await runCli(['prisma', ...d, '--format', 'prisma2020-csv'])).stdout.trim().split('\n');
    expect(table[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
    const nOf = (key: string) => table.find((l) => l.startsWith(`${key},`))!.split(',').at(-1) === undefined ? null : table.find((l) => l.startsWith(`${key},`))!;
    for (const [k, v] of Object.entries(expected)) {
      const line = nOf(k)!;
      expect([k, line.endsWith(`,${v === null ? 'NA' : typeof v === 'string' && /[,;]/.test(v) ? `"${v}"` : v}`)]).toEqual([k, true]);
    }
    const svg = (await runCli(['prisma', ...d, '--format', 'svg'])).stdout;
    for (const text of ['Records screened (n = 7)', 'Records excluded (n = 3)', 'Reports sought for retrieval (n = 4)', 'Reports not retrieved (n = 1)', 'Reports assessed for eligibility (n = 3)', 'case report (n = 1)', 'Duplicate records (n = 1)', 'PubMed (n = 5)', 'Embase (n = 3)'])
      expect(svg).toContain(text);
    expect(svg).toMatch(/class="reports-excluded">.*case report \(n = 1\)/);
    expect(svg).toMatch(/class="total">.*\(n = 55\)/);
    expect(svg).not.toMatch(/other methods|class="other-/); // no citation searching, websites or organisations: two columns
    // Un-promote and re-decide: no dead ends.
    expect((await runCli(['screen', 'unpromote', 'Embase:E3', ...d, '--who', 'FW', '--reason', 'test'])).code).toBe(0);
    expect(readFileSync(join(ws, 'studies.csv'), 'utf8')).not.toMatch(/\n59,/);
    expect((await runCli(['screen', 'resolve', ...d, ...S2, '--who', 'FW', '--file', csv(tmp, 'r3.csv', ['Embase:E3,exclude,technique'])])).code).toBe(0);
    const after = JSON.parse((await runCli(['prisma', ...d, '--format', 'json'])).stdout);
    expect([after.new_reports, after.dbr_excluded]).toEqual([1, 'case report, 1; technique paper, 1']);
  });

  it('the shipped review as reported: no duplicates count, so "not reported", and 53 reports for its 57 entries', async () => {
    const json = JSON.parse((await runCli(['prisma', '--format', 'json'])).stdout);
    expect(json.template).toBe('new');
    expect([json.database_results, json.duplicates, json.records_screened, json.new_reports, json.new_studies]).toEqual([124, null, null, 53, null]);
    const svg = (await runCli(['prisma', '--format', 'svg'])).stdout;
    expect(svg).toContain('Duplicate records (n = not reported)');
  });
});
