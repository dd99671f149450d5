// Issue 10 §7: meta --input reads numbers with the dataset's codec, refuses impossible rows with file,
// line and column, and pools xi,ni as PLO (logit) by default, as --help and the docs say.
// Expected values from R metafor 3.8.1 (R 4.2.2), computed for this test:
//   rma(measure="PLO", xi=c(2,5,3), ni=c(20,35,12), method="REML")  b = -1.6922186, se = 0.3463607, plogis(b) = 0.1554843
//   rma(measure="PR",  xi=c(2,5,3), ni=c(20,35,12), method="REML")  b =  0.1381956
// (The issue quoted 0.161 vs 0.150; metafor gives 0.155 vs 0.138 for these counts.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const input = (csv: string) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), csv);
  return dir;
};
const meta = async (csv: string, extra: string[] = []) => {
  const r = await runCli(['meta', '--input', 'in.csv', '--json', ...extra], { cwd: input(csv) });
  return { ...r, json: r.code === 0 ? JSON.parse(r.stdout) : null };
};
const PROPORTIONS = 'study,xi,ni\nA,2,20\nB,5,35\nC,3,12\n';

describe('xi,ni default to PLO', () => {
  it('2/20, 5/35, 3/12 pooled without --measure: PLO, estimate -1.6922 (metafor), 0.1555 back-transformed', async () => {
    const r = await meta(PROPORTIONS);
    expect(r.code).toBe(0);
    expect(r.json.measure).toBe('PLO');
    expect(r.json.model.estimate).toBeCloseTo(-1.6922186, 5);
    expect(r.json.model.se).toBeCloseTo(0.3463607, 5);
    const text = await runCli(['meta', '--input', 'in.csv'], { cwd: input(PROPORTIONS) });
    expect(text.stdout).toContain('0.1555');
  });
  it('--measure PR still gives raw proportions: 0.1382 (metafor)', async () => {
    const r = await meta(PROPORTIONS, ['--measure', 'PR']);
    expect(r.json.measure).toBe('PR');
    expect(r.json.model.estimate).toBeCloseTo(0.1381956, 5);
  });
});

describe('impossible rows are refused with file, line and column', () => {
  const cases: [string, string, RegExp][] = [
    ['events > n', 'study,xi,ni\nA,2,20\nB,40,35\n', /in\.csv, line 3, column xi.*more events than participants/],
    ['negative count', 'study,xi,ni\nA,-2,20\nB,4,35\n', /in\.csv, line 2, column xi.*a count cannot be negative/],
    ['negative variance', 'study,yi,vi\nA,0.2,0.01\nB,0.1,-0.04\n', /in\.csv, line 3, column vi.*a variance cannot be negative/],
    ['2x2 events > group size', 'study,ai,n1i,ci,n2i\nA,12,10,3,10\n', /in\.csv, line 2, column ai.*more events than participants/],
    ['correlation outside [-1, 1]', 'study,m1i,m2i,sd1i,sd2i,ni,ri\nA,5,3,1,1,20,1.5\n', /in\.csv, line 2, column ri.*between -1 and 1/],
  ];
  for (const [name, csv, message] of cases) {
    it(name, async () => {
      const r = await meta(csv);
      expect(r.code).toBe(2);
      // nothing was computed: with --json, stdout holds only the error (issue 8: errors are JSON too)
      const out = JSON.parse(r.stdout) as { error: { exit_code: number; message: string } };
      expect(Object.keys(out)).toEqual(['error']);
      expect(out.error.exit_code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }
});

describe("numbers are read with the dataset's codec", () => {
  for (const cell of ['0x10', 'Infinity', '0b11', ' ']) {
    it(`"${cell}" is not a number (Number() reads ${cell === ' ' ? 'a blank as 0' : 'it'})`, async () => {
      expect(Number.isFinite(Number(cell))).toBe(cell !== 'Infinity');
      const r = await meta(`study,xi,ni\nA,2,20\nB,5,"${cell}"\n`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in\.csv, line 3, column ni: ".*": (expected a number|not a number)/);
    });
  }
  it('9007199254740993 (beyond 2^53) is refused, not rounded', async () => {
    const r = await meta('study,xi,ni\nA,2,9007199254740993\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('too large to hold exactly');
  });
});
