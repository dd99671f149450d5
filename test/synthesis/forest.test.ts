// The forest plot's geometry by numbers. Expected values come from the input by construction (a study's risk ratio
// from its 2x2 table) or from metafor's published output for dat.bcg (broom's test-metafor.R, as in
// test/meta/rma.test.ts): rma(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg), REML:
// estimate -0.714532348365101, CI [-1.06689767574005, -0.362167020990149], tau2 0.313243325980895, QE 152.233008082373,
// I2 92.2213860749656.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BCG } from '../meta/fixtures.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const ALLOC = ['random', 'random', 'random', 'random', 'alternate', 'alternate', 'random', 'random', 'random', 'systematic', 'systematic', 'systematic', 'systematic'];
const label = (i: number) => `${BCG.author[i]} ${BCG.year[i]}`;
const rr = (i: number) => (BCG.tpos[i]! / (BCG.tpos[i]! + BCG.tneg[i]!)) / (BCG.cpos[i]! / (BCG.cpos[i]! + BCG.cneg[i]!));

function bcgCsv(dir: string): string {
  const path = join(dir, 'bcg.csv');
  const rows = BCG.trial.map((_, i) => [`"${label(i)}"`, BCG.year[i], BCG.tpos[i], BCG.tneg[i], BCG.cpos[i], BCG.cneg[i], ALLOC[i]].join(','));
  writeFileSync(path, ['study,year,ai,bi,ci,di,alloc', ...rows].join('\n') + '\n');
  return path;
}

interface Parsed {
  svg: string;
  width: number;
  ticks: { label: string; x: number }[];
  nullX: number | null;
  studies: { label: string; cx: number; side: number; weight: number; ciX: [number, number] }[];
  diamonds: { cls: string; left: number; top: number; right: number }[];
  texts: string[];
}

const num = (s: string | undefined) => Number(s);
function parseSvg(svg: string): Parsed {
  const ticks = [...svg.matchAll(/<g class="tick"[^>]*><line x1="([-\d.]+)"[^>]*\/><text[^>]*>([^<]+)<\/text><\/g>/g)].map((m) => ({ x: num(m[1]), label: m[2]! }));
  const nullLine = /<line class="null-line" x1="([-\d.]+)"/.exec(svg);
  const studies = [...svg.matchAll(/<g class="study"[^>]*data-weight="([\d.e-]+)">\n<text[^>]*>([^<]+)<\/text>[\s\S]*?<line class="ci" x1="([-\d.]+)" y1="[-\d.]+" x2="([-\d.]+)"[\s\S]*?<rect class="square" x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"/g)].map((m) => ({
    weight: num(m[1]), label: m[2]!.replace(/&amp;/g, '&'), ciX: [num(m[3]), num(m[4])] as [number, number], cx: num(m[5]) + num(m[6]) / 2, side: num(m[6]),
  }));
  const diamonds = [...svg.matchAll(/<g class="pooled (total|subtotal)"[\s\S]*?<polygon class="diamond" points="([-\d.]+),[-\d.]+ ([-\d.]+),[-\d.]+ ([-\d.]+),/g)].map((m) => ({ cls: m[1]!, left: num(m[2]), top: num(m[3]), right: num(m[4]) }));
  const width = num(/<svg[^>]*viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
  const shownWidth = num(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  return { svg, width: shownWidth || width, ticks, nullX: nullLine ? num(nullLine[1]) : null, studies, diamonds, texts };
}

/** x of a value on a log axis, interpolated between two labelled ticks (no use of npa's own mapping). */
function logX(p: Parsed, v: number): number {
  const a = p.ticks[0]!;
  const b = p.ticks[p.ticks.length - 1]!;
  return a.x + ((Math.log(v) - Math.log(Number(a.label))) / (Math.log(Number(b.label)) - Math.log(Number(a.label)))) * (b.x - a.x);
}

async function forest(args: string[]): Promise<Parsed & { stdout: string; code: number; stderr: string }> {
  const dir = tempDir();
  const out = join(dir, 'forest.svg');
  const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR', '--forest', out, ...args], { cwd: dir });
  return { ...parseSvg(r.code === 0 ? readFileSync(out, 'utf8') : '<svg viewBox="0 0 0 0" width="0"></svg>'), stdout: r.stdout, code: r.code, stderr: r.stderr };
}

describe('forest plot of risk ratios (dat.bcg)', () => {
  it('ticks are logarithmic: equal ratios are equal distances, and 1 is a tick', async () => {
    const p = await forest([]);
    expect(p.code).toBe(0);
    expect(p.ticks.length).toBeGreaterThanOrEqual(3);
    expect(p.ticks.map((t) => t.label)).toContain('1');
    // x = a + b log(t) for every tick: fit through the outer two, check the rest.
    for (const t of p.ticks) expect(Math.abs(t.x - logX(p, Number(t.label)))).toBeLessThan(0.02);
    const at = (l: string) => p.ticks.find((t) => t.label === l)?.x;
    if (at('0.5') !== undefined && at('2') !== undefined) expect(Math.abs(at('1')! - at('0.5')! - (at('2')! - at('1')!))).toBeLessThan(0.02);
  });

  it('the line of no effect is at 1', async () => {
    const p = await forest([]);
    expect(p.nullX).not.toBeNull();
    expect(Math.abs(p.nullX! - p.ticks.find((t) => t.label === '1')!.x)).toBeLessThan(0.01);
  });

  it("each study's square sits at its risk ratio, and its area is proportional to its weight", async () => {
    const p = await forest([]);
    expect(p.studies).toHaveLength(13);
    p.studies.forEach((s, i) => {
      expect(s.label).toBe(label(i));
      expect(Math.abs(s.cx - logX(p, rr(i)))).toBeLessThan(0.02);
    });
    const big = p.studies.filter((s) => s.side > 3.5);
    const ref = big[0]!;
    // Sides are written to 0.01 px: 1% on the area ratio.
    for (const s of big) expect(Math.abs(s.side ** 2 / ref.side ** 2 / (s.weight / ref.weight) - 1)).toBeLessThan(0.01);
  });

  it("the pooled diamond spans metafor's CI with its tips at the estimate", async () => {
    const p = await forest([]);
    const d = p.diamonds.find((x) => x.cls === 'total')!;
    expect(Math.abs(d.left - logX(p, Math.exp(-1.06689767574005)))).toBeLessThan(0.02);
    expect(Math.abs(d.right - logX(p, Math.exp(-0.362167020990149)))).toBeLessThan(0.02);
    expect(Math.abs(d.top - logX(p, Math.exp(-0.714532348365101)))).toBeLessThan(0.02);
  });

  it('has the heterogeneity line, the test for the overall effect, a plain axis label, aligned columns and the default title', async () => {
    const p = await forest([]);
    // metafor: tau2 0.3132, I2 92.22%, QE 152.233 on 12 df, zval -3.9744.
    expect(p.texts).toContain('Heterogeneity: τ² = 0.31; I² = 92%; Q = 152.23, df = 12 (p < 0.001)');
    expect(p.texts).toContain('Test for overall effect: z = -3.97 (p < 0.001)');
    expect(p.texts).toContain('Risk ratio (log scale)');
    expect(p.texts.join(' ')).not.toMatch(/\(exp\)|bcg\.csv/);
    // Events and totals are separate cells, not one joined string (Aronson: 4/123 vs 11/139).
    expect(p.svg).toMatch(/text-anchor="end">4<\/text>\n<text[^>]*text-anchor="end">123<\/text>\n<text[^>]*text-anchor="end">11<\/text>\n<text[^>]*text-anchor="end">139<\/text>/);
    expect(p.texts[0]).toMatch(/^Risk ratio: random-effects meta-analysis of 13 studies$/);
    expect(p.width).toBeLessThanOrEqual(718); // 190 mm: A4 less 10 mm margins
  });

  it('--title, --favours and --sort year', async () => {
    const p = await forest(['--title', 'BCG vaccine and tuberculosis', '--favours', 'vaccine,control', '--sort', 'year']);
    expect(p.texts[0]).toBe('BCG vaccine and tuberculosis');
    expect(p.texts).toContain('← Favours vaccine');
    expect(p.texts).toContain('Favours control →');
    const years = p.studies.map((s) => Number(/(\d{4})$/.exec(s.label)![1]));
    expect(years).toEqual([...BCG.year].sort((a, b) => a - b));
  });

  it('--sort weight puts the heaviest study first; --sort estimate orders by risk ratio', async () => {
    const w = await forest(['--sort', 'weight']);
    expect(w.studies.map((s) => s.weight)).toEqual([...w.studies.map((s) => s.weight)].sort((a, b) => b - a));
    const e = await forest(['--sort', 'estimate']);
    const expected = BCG.trial.map((_, i) => i).sort((a, b) => rr(a) - rr(b)).map(label);
    expect(e.studies.map((s) => s.label)).toEqual(expected);
  });

  it('--subgroup: headings, one diamond per subgroup plus the total, and the test for subgroup differences', async () => {
    const p = await forest(['--subgroup', 'alloc']);
    for (const g of ['alternate', 'random', 'systematic']) expect(p.svg).toContain(`class="subgroup-heading">${g}</text>`);
    expect(p.diamonds.map((d) => d.cls)).toEqual(['subtotal', 'subtotal', 'subtotal', 'total']);
    expect(p.texts.some((t) => /^Test for subgroup differences: Q = \d+\.\d\d, df = 2 \(p = 0\.\d+\), I² = \d+%$/.test(t))).toBe(true);
    // Studies sit under their subgroup's heading.
    const order = p.studies.map((s) => ALLOC[BCG.trial.findIndex((_, i) => label(i) === s.label)]);
    expect(order).toEqual([...order].sort());
  });

  it('bad --favours and --sort values are usage errors', async () => {
    expect((await forest(['--favours', 'only one'])).code).toBe(2);
    expect((await forest(['--sort', 'colour'])).code).toBe(2);
  });
});

describe('forest plot of differences and proportions', () => {
  it('risk differences: linear ticks and the null line at 0', async () => {
    const dir = tempDir();
    const out = join(dir, 'rd.svg');
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RD', '--forest', out], { cwd: dir });
    expect(r.code).toBe(0);
    const p = parseSvg(readFileSync(out, 'utf8'));
    const xs = p.ticks.map((t) => t.x);
    const vs = p.ticks.map((t) => Number(t.label));
    // Equal steps in value are equal distances (positions are written to 0.01 px).
    const slope = (xs[xs.length - 1]! - xs[0]!) / (vs[vs.length - 1]! - vs[0]!);
    for (let i = 1; i < xs.length; i++) expect(Math.abs(xs[i]! - (xs[0]! + slope * (vs[i]! - vs[0]!)))).toBeLessThan(0.02);
    const zero = p.ticks.find((t) => Number(t.label) === 0)!;
    expect(Math.abs(p.nullX! - zero.x)).toBeLessThan(0.01);
    expect(p.texts).toContain('Risk difference');
  });

  it('proportions: no line of no effect, events and totals per study, the axis in plain words', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.csv');
    writeFileSync(path, 'study,xi,ni\nA,10,100\nB,20,100\nC,30,100\n');
    const out = join(dir, 'p.svg');
    const r = await runCli(['meta', '--input', path, '--measure', 'PLO', '--forest', out], { cwd: dir });
    expect(r.code).toBe(0);
    const p = parseSvg(readFileSync(out, 'utf8'));
    expect(p.nullX).toBeNull();
    expect(p.texts).toContain('Proportion');
    expect(p.texts.join(' ')).not.toMatch(/inverse logit/);
    // Linear axis: the square of study A (0.1) sits at 0.1 between the ticks.
    const [a, b] = [p.ticks[0]!, p.ticks[p.ticks.length - 1]!];
    const x = (v: number) => a.x + ((v - Number(a.label)) / (Number(b.label) - Number(a.label))) * (b.x - a.x);
    [0.1, 0.2, 0.3].forEach((v, i) => expect(Math.abs(p.studies[i]!.cx - x(v))).toBeLessThan(0.02));
  });
});

describe('text forest plot', () => {
  it('aligns the columns and draws the line of no effect', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR'], { cwd: dir });
    const lines = r.stdout.split('\n').filter((l) => /■/.test(l));
    expect(lines).toHaveLength(13);
    // The estimate column ends at the same place on every row.
    const ends = lines.map((l) => l.indexOf(']') + 1);
    expect(new Set(ends).size).toBe(1);
    expect(r.stdout).toContain('Risk ratio (log scale)');
    expect(lines.filter((l) => /\|/.test(l)).length).toBeGreaterThan(0);
  });
});

describe('--rob: risk-of-bias columns from the review appraisal', () => {
  it("shows each pooled study's settled JBI judgements in robvis colours", async () => {
    const dir = tempDir();
    const out = join(dir, 'c.svg');
    const r = await runCli(['meta', '--outcome', 'complications', '--rob', '--forest', out], { cwd: dir });
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    const p = parseSvg(svg);
    // Expected from data/appraisal.csv read here with csv-parse (one rater per row in the shipped review).
    const rows = parse(readFileSync(join(ROOT, 'data', 'appraisal.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const refs = p.studies.map((s) => Number(/\[(\d+)\]/.exec(s.label)![1]));
    const expected = rows.filter((x) => x.tool === 'jbi_case_series' && refs.includes(Number(x.ref)));
    expect(expected.length).toBeGreaterThan(0);
    const marks = [...svg.matchAll(/<g class="rob"><title>([^<]+)<\/title><circle[^>]*fill="(#[0-9A-F]+)"/g)].map((m) => ({ title: m[1]!, fill: m[2]! }));
    expect(marks).toHaveLength(expected.length);
    const colour: Record<string, string> = { yes: '#02C100', unclear: '#E2DF07', no: '#BF0000', 'no information': '#4EA1F7', 'not applicable': '#AAAAAA' };
    expect(marks.filter((m) => m.fill === colour.yes)).toHaveLength(expected.filter((x) => x.judgement === 'yes').length);
    expect(marks.filter((m) => m.fill === colour['no information'])).toHaveLength(expected.filter((x) => x.judgement === 'no information').length);
    expect(svg).toContain('Risk of bias (JBI checklist for case series):');
  });
  it('--rob with a CSV that has no ref column is a usage error', async () => {
    const dir = tempDir();
    const r = await runCli(['meta', '--input', bcgCsv(dir), '--measure', 'RR', '--rob'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no "ref" column');
  });
});
