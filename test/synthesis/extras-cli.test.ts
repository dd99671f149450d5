// npa meta with the small-study tests, meta-regression, cumulative, influence and --ri flags, end to
// end through the CLI on metafor's datasets (written to CSV from test/meta/r/extras-expected.json),
// checked against metafor 3.8.1's numbers in that file (R calls in its "call" fields), plus the
// geometry of the SVG plots checked by numbers: a point sits at its value on the axis.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';

const R = JSON.parse(readFileSync(join(ROOT, 'test/meta/r/extras-expected.json'), 'utf8')) as {
  datasets: Record<string, { label: string[]; yi: number[]; vi: number[]; mods: Record<string, (number | string)[]>; m1i: number[]; m2i: number[]; sd1i: number[]; sd2i: number[]; ni: number[] }>;
  expect: Record<string, { call: string; value: Record<string, unknown> }>;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const q = (s: string | number) => (typeof s === 'string' && /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : String(s));

function csv(dir: string, set: string, mods: string[], n?: number): string {
  const d = R.datasets[set]!;
  const k = n ?? d.yi.length;
  const rows = Array.from({ length: k }, (_, i) => [q(`${d.label[i]} #${i + 1}`), d.yi[i], d.vi[i], ...mods.map((m) => q(d.mods[m]![i]!))].join(','));
  const path = join(dir, `${set}.csv`);
  writeFileSync(path, [['study', 'yi', 'vi', ...mods].join(','), ...rows].join('\n') + '\n');
  return path;
}

/** x (or y) pixel of a value, interpolated between the first and last tick of an axis group. */
function axisPixel(svg: string, axis: 'x-axis' | 'y-axis', value: number): number {
  const start = svg.indexOf(`<g class="${axis}">`);
  const group = svg.slice(start, svg.indexOf('</g>', start));
  const ticks = [...group.matchAll(/<line class="tick" data-value="([^"]+)" x1="([^"]+)" y1="([^"]+)"/g)].map((m) => ({ v: Number(m[1]), x: Number(m[2]), y: Number(m[3]) }));
  const a = ticks[0]!;
  const b = ticks[ticks.length - 1]!;
  const pa = axis === 'x-axis' ? a.x : a.y;
  const pb = axis === 'x-axis' ? b.x : b.y;
  return pa + ((value - a.v) / (b.v - a.v)) * (pb - pa);
}

describe('npa meta --regtest --ranktest --trimfill --funnel (dat.hackshaw1998)', () => {
  it('JSON has regtest {zval, pval, limit}, ranktest {tau, pval}, trimfill {k0, side, estimate, se} as metafor', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'hackshaw1998', []), '--regtest', '--ranktest', '--trimfill', '--funnel', 'f.svg', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const rt = R.expect['regtest/hackshaw1998/REML']!.value; // regtest(rma(yi, vi, data=dat.hackshaw1998, method="REML"))
    expect(rel(j.regtest.zval, rt.zval as number)).toBeLessThan(1e-6);
    expect(rel(j.regtest.pval, rt.pval as number)).toBeLessThan(1e-6);
    expect(rel(j.regtest.limit, rt.limit as number)).toBeLessThan(1e-6);
    const rk = R.expect['ranktest/hackshaw1998/REML']!.value; // ranktest(rma(yi, vi, data=dat.hackshaw1998))
    expect(rel(j.ranktest.tau, rk.tau as number)).toBeLessThan(1e-6);
    expect(rel(j.ranktest.pval, rk.pval as number)).toBeLessThan(1e-6);
    const tf = R.expect['trimfill/hackshaw1998/REML']!.value; // trimfill(rma(yi, vi, data=dat.hackshaw1998))
    expect(j.trimfill.k0).toBe(tf.k0);
    expect(j.trimfill.side).toBe(tf.side);
    expect(rel(j.trimfill.estimate, tf.estimate as number)).toBeLessThan(1e-6);
    expect(rel(j.trimfill.se, tf.se as number)).toBeLessThan(1e-6);
    expect(r.stderr).not.toMatch(/fewer than 10/); // k = 37
    // funnel: every observed study and each imputed one drawn where its yi and SE put it
    const svg = readFileSync(join(dir, 'f.svg'), 'utf8');
    const studies = [...svg.matchAll(/<circle class="study" data-yi="([^"]+)" data-se="([^"]+)" cx="([^"]+)" cy="([^"]+)"/g)];
    const filled = [...svg.matchAll(/<circle class="filled" data-yi="([^"]+)" data-se="([^"]+)" cx="([^"]+)" cy="([^"]+)"/g)];
    expect(studies.length).toBe(37);
    expect(filled.length).toBe(tf.k0);
    for (const m of [...studies, ...filled]) {
      expect(Math.abs(Number(m[3]) - axisPixel(svg, 'x-axis', Number(m[1])))).toBeLessThan(0.02);
      expect(Math.abs(Number(m[4]) - axisPixel(svg, 'y-axis', Number(m[2])))).toBeLessThan(0.02);
    }
    // the reference line is at the trim-and-fill estimate, and SE = 0 is at the top of the plot
    const line = svg.match(/<line class="estimate" data-value="([^"]+)" x1="([^"]+)" y1="([^"]+)"/)!;
    expect(rel(Number(line[1]), tf.estimate as number)).toBeLessThan(1e-6);
    expect(Math.abs(Number(line[2]) - axisPixel(svg, 'x-axis', tf.estimate as number))).toBeLessThan(0.02);
    expect(Number(line[3])).toBeCloseTo(axisPixel(svg, 'y-axis', 0), 1);
  });
  it('warns on stderr when k < 10', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'hackshaw1998', [], 8), '--regtest'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: only 8 studies: tests for funnel-plot asymmetry have low power with fewer than 10/);
    expect(r.stdout).toContain('Regression test for funnel plot asymmetry');
  });
});

describe('npa meta --mods --bubble (dat.bcg, dat.raudenbush1985)', () => {
  it('coefficients (intercept first, dummy-coded factor), QM, QE, tau2, R2 as metafor', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'bcg', ['ablat', 'alloc']), '--mods', 'ablat,alloc', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).metaregression;
    const e = R.expect['metareg/bcg/ablat+alloc/REML']!.value; // rma(yi, vi, mods=~ablat + alloc, data=bcg, method="REML")
    expect(m.coefficients.map((c: { term: string }) => c.term)).toEqual(e.terms);
    m.coefficients.forEach((c: { estimate: number; se: number; zval: number; pval: number; ci_lb: number; ci_ub: number }, i: number) => {
      expect(rel(c.estimate, (e.estimate as number[])[i]!)).toBeLessThan(1e-6);
      expect(rel(c.se, (e.se as number[])[i]!)).toBeLessThan(1e-6);
      expect(rel(c.zval, (e.stat as number[])[i]!)).toBeLessThan(1e-6);
      expect(rel(c.ci_ub, (e.ci_ub as number[])[i]!)).toBeLessThan(1e-6);
    });
    for (const key of ['QM', 'QMp', 'QE', 'tau2', 'R2'] as const) expect(rel(m[key], e[key] as number), key).toBeLessThan(1e-6);
  });
  it('with --test knha the coefficients carry tval (dat.raudenbush1985, ~ weeks); the bubble plot puts each study at (x, yi)', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'raudenbush1985', ['weeks']), '--mods', 'weeks', '--test', 'knha', '--bubble', 'b.svg', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).metaregression;
    const e = R.expect['metareg/raudenbush1985/weeks/REML-knha']!.value; // rma(yi, vi, mods=~weeks, data=raudenbush1985, test="knha")
    expect(m.coefficients[1].zval).toBeUndefined();
    expect(rel(m.coefficients[1].tval, (e.stat as number[])[1]!)).toBeLessThan(1e-6);
    expect(rel(m.QMp, e.QMp as number)).toBeLessThan(1e-6);
    const svg = readFileSync(join(dir, 'b.svg'), 'utf8');
    const pts = [...svg.matchAll(/<circle class="study" data-x="([^"]+)" data-yi="([^"]+)" cx="([^"]+)" cy="([^"]+)" r="([^"]+)"/g)];
    expect(pts.length).toBe(19);
    for (const p of pts) {
      expect(Math.abs(Number(p[3]) - axisPixel(svg, 'x-axis', Number(p[1])))).toBeLessThan(0.02);
      expect(Math.abs(Number(p[4]) - axisPixel(svg, 'y-axis', Number(p[2])))).toBeLessThan(0.02);
    }
    expect(svg).toContain('class="fit"');
  });
  it('refuses --bubble with a categorical moderator, and an unknown column, with exit 2', async () => {
    const dir = tempDir();
    const file = csv(dir, 'bcg', ['alloc']);
    const a = await runCli(['meta', '--input', file, '--mods', 'alloc', '--bubble', 'b.svg'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/one numeric moderator/);
    expect(existsSync(join(dir, 'b.svg'))).toBe(false);
    const b = await runCli(['meta', '--input', file, '--mods', 'latitude'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no column "latitude"/);
  });
});

describe('npa meta --cumulative --cumulative-forest (dat.bcg by year)', () => {
  it('estimates in accumulation order as cumul(res, order=year); each row of the plot has its point at its estimate', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'bcg', ['year']), '--cumulative', 'year', '--cumulative-forest', 'c.svg', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout).cumulative;
    const e = R.expect['cumul/bcg/year/REML']!.value; // cumul(rma(yi, vi, data=bcg), order=year)
    expect(c.map((x: { study: string }) => x.study)).toEqual((e.order as number[]).map((i) => `${R.datasets.bcg!.label[i]} #${i + 1}`));
    c.forEach((x: { estimate: number; ci_lb: number; ci_ub: number; tau2: number; I2: number }, i: number) => {
      expect(rel(x.estimate, (e.estimate as number[])[i]!)).toBeLessThan(1e-6);
      expect(rel(x.ci_lb, (e.ci_lb as number[])[i]!)).toBeLessThan(1e-6);
      expect(Math.abs(x.tau2 - (e.tau2 as number[])[i]!)).toBeLessThan(1e-9 + 1e-6 * (e.tau2 as number[])[i]!);
      expect(Math.abs(x.I2 - (e.I2 as number[])[i]!)).toBeLessThan(1e-9 + 1e-6 * (e.I2 as number[])[i]!);
    });
    const svg = readFileSync(join(dir, 'c.svg'), 'utf8');
    const steps = [...svg.matchAll(/<g class="step" data-estimate="([^"]+)">[\s\S]*?<rect class="point" x="([^"]+)"/g)];
    expect(steps.length).toBe(13);
    for (const s of steps) expect(Math.abs(Number(s[2]) + 3.5 - axisPixel(svg, 'x-axis', Number(s[1])))).toBeLessThan(0.02);
  });
});

describe('npa meta --influence --baujat (dat.bcg)', () => {
  it("influence() figures per study and the Baujat points where baujat() puts them", async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', csv(dir, 'bcg', []), '--influence', '--baujat', 'bj.svg', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const inf = JSON.parse(r.stdout).influence;
    const e = R.expect['influence/bcg/REML']!.value; // influence(rma(yi, vi, data=bcg))
    for (const [key, rk] of [['rstudent', 'rstudent'], ['dffits', 'dffits'], ['cook_d', 'cook_d'], ['cov_r', 'cov_r'], ['tau2_del', 'tau2_del'], ['QE_del', 'QE_del'], ['hat', 'hat'], ['weight', 'weight']] as const) {
      inf.forEach((row: Record<string, number>, i: number) => expect(rel(row[key]!, (e[rk] as number[])[i]!), `${key}[${i}]`).toBeLessThan(1e-6));
    }
    const b = R.expect['baujat/bcg/REML']!.value; // baujat(rma(yi, vi, data=bcg))
    const svg = readFileSync(join(dir, 'bj.svg'), 'utf8');
    const pts = [...svg.matchAll(/<text class="study" data-x="([^"]+)" data-y="([^"]+)" x="([^"]+)" y="([^"]+)"/g)];
    expect(pts.length).toBe(13);
    pts.forEach((p, i) => {
      expect(rel(Number(p[1]), (b.x as number[])[i]!)).toBeLessThan(1e-6);
      expect(rel(Number(p[2]), (b.y as number[])[i]!)).toBeLessThan(1e-6);
      expect(Math.abs(Number(p[3]) - axisPixel(svg, 'x-axis', Number(p[1])))).toBeLessThan(0.02);
      expect(Math.abs(Number(p[4]) - 4 - axisPixel(svg, 'y-axis', Number(p[2])))).toBeLessThan(0.02);
    });
  });
});

describe('npa meta --ri (mean change with an assumed correlation)', () => {
  function mcCsv(dir: string): string {
    const d = R.datasets['change/normand1999']!;
    const rows = d.m1i.map((_, i) => [`study ${i + 1}`, d.m1i[i], d.m2i[i], d.sd1i[i], d.sd2i[i], d.ni[i]].join(','));
    const path = join(dir, 'mc.csv');
    writeFileSync(path, ['study,m1i,m2i,sd1i,sd2i,ni', ...rows].join('\n') + '\n');
    return path;
  }
  it('pools at the first assumed r as metafor (escalc MC with ri), says it rests on an assumption, and shows the sensitivity', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', mcCsv(dir), '--ri', '0.5', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const e05 = R.expect['change/normand1999/MC/0.5']!.value; // rma(yi, vi, data=escalc(measure="MC", ..., ri=rep(0.5, k), data=normand1999))
    expect(rel(j.model.estimate, e05.estimate as number)).toBeLessThan(1e-6);
    expect(j.sensitivity.rows.map((x: { ri: number }) => x.ri)).toEqual([0.2, 0.5, 0.8]);
    for (const row of j.sensitivity.rows as { ri: number; estimate: number; ci_lb: number; tau2: number }[]) {
      const e = R.expect[`change/normand1999/MC/${row.ri}`]!.value;
      expect(rel(row.estimate, e.estimate as number)).toBeLessThan(1e-6);
      expect(rel(row.ci_lb, e.ci_lb as number)).toBeLessThan(1e-6);
      expect(rel(row.tau2, e.tau2 as number)).toBeLessThan(1e-6);
    }
    expect(j.sensitivity.assumption).toMatch(/^ASSUMPTION: 9 of 9 studies/);
    expect(r.stderr).toMatch(/note: ASSUMPTION: 9 of 9 studies report no correlation .* assumed r = 0.5/);
    const t = await runCli(['meta', '--input', mcCsv(dir), '--ri', '0.3,0.6'], { cwd: dir });
    expect(t.stdout).toMatch(/ASSUMPTION: .*ASSUMED correlation/);
    expect(t.stdout).toMatch(/Sensitivity to the assumed correlation \(the pooled analysis above uses r = 0.3\)/);
  });
  it('rejects a correlation outside [-1, 1] and --ri with a measure that is not mean change (exit 2)', async () => {
    const dir = tempDir();
    expect((await runCli(['meta', '--input', mcCsv(dir), '--ri', '1.5'], { cwd: dir })).code).toBe(2);
    const b = await runCli(['meta', '--input', csv(dir, 'bcg', []), '--ri', '0.5'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--ri is for mean change/);
  });
});
