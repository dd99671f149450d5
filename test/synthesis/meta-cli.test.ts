// npa meta end to end: a CSV through the CLI, checked against metafor's published numbers for
// dat.bcg (the same references as test/meta/rma.test.ts) and against direct computation.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { BCG } from '../meta/fixtures.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function bcgCsv(dir: string): string {
  const path = join(dir, 'bcg.csv');
  const rows = BCG.trial.map((t, i) => [BCG.author[i], BCG.tpos[i], BCG.tneg[i], BCG.cpos[i], BCG.cneg[i], BCG.alloc[i]].join(','));
  writeFileSync(path, ['study,ai,bi,ci,di,alloc', ...rows].join('\n') + '\n');
  return path;
}

describe('npa meta --input (dat.bcg, log risk ratios)', () => {
  it('REML: estimate, tau^2 and Q as metafor (rma(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg))', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // metafor: estimate -0.714532348365101, tau2 0.313243325980895, QE 152.233008082373 (see test/meta/rma.test.ts)
    expect(rel(json.model.estimate, -0.714532348365101)).toBeLessThan(1e-6);
    expect(rel(json.model.tau2, 0.313243325980895)).toBeLessThan(1e-6);
    expect(rel(json.model.Q, 152.233008082373)).toBeLessThan(1e-6);
    expect(json.k).toBe(13);
    expect(json.scale).toBe('risk ratio (exp)');
    expect(rel(json.transformed.pred, Math.exp(-0.714532348365101))).toBeLessThan(1e-6);
  });
  it('subgroups by a column, with a test for subgroup differences', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR', '--subgroup', 'alloc', '--json'], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expect(json.subgroups.levels.map((l: { level: string; k: number }) => [l.level, l.k])).toEqual([['alternate', 2], ['random', 7], ['systematic', 4]]);
    expect(json.subgroups.Qbdf).toBe(2);
  });
  it('the table output has the printout sections and a text forest plot', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR', '--leave-one-out'], { cwd: dir });
    expect(r.stdout).toContain('Random-Effects Model (k = 13; tau^2 estimator: REML)');
    expect(r.stdout).toContain('Q(df = 12) = 152.2330, p-val = <.0001');
    expect(r.stdout).toContain('Leave-one-out');
    expect(r.stdout).toMatch(/Aronson .*■/);
    expect(r.stderr).toBe('13 of 13 studies pooled.\n');
  });
});

describe('npa meta against direct computation (hand-built proportions)', () => {
  // Three studies: 10/100, 20/100, 30/100. With PR, yi = p and vi = p(1-p)/n.
  const y = [0.1, 0.2, 0.3];
  const v = y.map((p) => (p * (1 - p)) / 100);
  const w = v.map((x) => 1 / x);
  const fe = y.reduce((s, yi, i) => s + w[i]! * yi, 0) / w.reduce((a, b) => a + b, 0);
  const Q = y.reduce((s, yi, i) => s + w[i]! * (yi - fe) ** 2, 0);
  const c = w.reduce((a, b) => a + b, 0) - w.reduce((a, b) => a + b * b, 0) / w.reduce((a, b) => a + b, 0);
  const tau2DL = Math.max(0, (Q - 2) / c);
  const wr = v.map((x) => 1 / (x + tau2DL));
  const dl = y.reduce((s, yi, i) => s + wr[i]! * yi, 0) / wr.reduce((a, b) => a + b, 0);
  const csv = (dir: string) => {
    writeFileSync(join(dir, 'p.csv'), 'study,events,total\nA,10,100\nB,20,100\nC,30,100\n');
    return join(dir, 'p.csv');
  };
  it('FE estimate and Q', async () => {
    const dir = tempDir();
    const json = JSON.parse((await runCli(['meta', '--input', csv(dir), '--measure', 'PR', '--method', 'FE', '--json'], { cwd: dir })).stdout);
    expect(json.model.estimate).toBeCloseTo(fe, 12);
    expect(json.model.Q).toBeCloseTo(Q, 10);
    expect(json.model.tau2).toBe(0);
  });
  it('DerSimonian-Laird tau^2 and estimate', async () => {
    const dir = tempDir();
    const json = JSON.parse((await runCli(['meta', '--input', csv(dir), '--measure', 'PR', '--method', 'DL', '--json'], { cwd: dir })).stdout);
    expect(json.model.tau2).toBeCloseTo(tau2DL, 12);
    expect(json.model.estimate).toBeCloseTo(dl, 12);
  });
  it('an SVG forest plot with one row per study', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir), '--forest', 'f.svg'], { cwd: dir });
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'f.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="study"/g)).toHaveLength(3);
    expect(svg).toContain('<g class="pooled total"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('npa meta on the shipped outcomes', () => {
  const rows = parse(readFileSync(join(ROOT, 'data', 'outcomes.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  it('complications (any): one study per row of outcomes.csv with severity "any" and arm "all"', async () => {
    const expected = new Set(rows.filter((r) => r.outcome === 'complications' && r.severity === 'any' && r.arm === 'all').map((r) => r.ref));
    const r = await runCli(['meta', '--outcome', 'complications', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.k).toBe(expected.size);
    expect(json.measure).toBe('PLO');
    expect(json.studies.map((s: { label: string }) => /\[(\d+)\]/.exec(s.label)![1]).sort()).toEqual([...expected].sort());
    expect(r.stderr).toMatch(/studies pooled; \d+ left out:/);
    expect(r.stderr).toContain('0.5 added to every cell');
    expect(json.transformed.pred).toBeGreaterThan(0);
    expect(json.transformed.pred).toBeLessThan(1);
  });
  it('pain needs the baseline/follow-up correlation: nothing to pool, exit 1 with the reason', async () => {
    const r = await runCli(['meta', '--outcome', 'pain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to pool');
  });
  it('bad usage exits 2', async () => {
    expect((await runCli(['meta'])).code).toBe(2);
    expect((await runCli(['meta', '--outcome', 'complications', '--measure', 'SMD'])).stderr).toContain('does not fit');
    expect((await runCli(['meta', '--outcome', 'complications', '--method', 'XX'])).stderr).toContain('--method: unknown value "XX"');
    expect((await runCli(['meta', '--outcome', 'complications', '--level', '150'])).code).toBe(2);
  });
  it('an --input CSV with a non-number names the cell', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.csv'), 'study,yi,vi\nA,0.1,0.01\nB,x,0.02\n');
    const r = await runCli(['meta', '--input', 'bad.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv, line 3, column yi: "x": not a number');
  });
});
