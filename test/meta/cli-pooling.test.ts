// npa meta --method GLMM | MH on the command line: the JSON carries the same numbers as R
// (test/meta/r/reference.json: rma.glmm on the shipped review's complications; rma.mh on dat.hine1989).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { expectRel } from './helpers.js';
import { ref } from './reference.js';

describe('npa meta --method GLMM / MH', () => {
  it('complications by GLMM: estimate, tau^2 and the back-transformed proportion as rma.glmm(measure="PLO")', async () => {
    const { code, stdout } = await runCli(['meta', '--outcome', 'complications', '--method', 'GLMM', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { glmm: { estimate: number; tau2: number; se: number; transformed: { estimate: number; ciLb: number; ciUb: number } }; model: { estimate: number } };
    const e = ref.glmm.find((g) => g.data === 'complications' && g.nAGQ === 7)!.value as Record<string, number>;
    expectRel('cli glmm b', r.glmm.estimate, e.b!, 1e-4);
    expectRel('cli glmm tau2', r.glmm.tau2, e.tau2!, 1e-4);
    expectRel('cli glmm se', r.glmm.se, e.se!, 1e-4);
    expectRel('cli glmm pred', r.glmm.transformed.estimate, e.pred_t!, 1e-4);
    const iv = ref.complications_iv.PLO_REML!.value;
    expectRel('cli iv b', r.model.estimate, iv.b!, 1e-6); // the inverse-variance model beside it
  });

  it('2x2 CSV by Mantel-Haenszel (dat.hine1989) as rma.mh(measure="OR")', async () => {
    const t = ref.tables.hine1989!;
    const dir = mkdtempSync(join(tmpdir(), 'npa-mh-'));
    const file = join(dir, 'hine.csv');
    writeFileSync(file, ['study,ai,bi,ci,di', ...t.ai.map((a, i) => `s${i + 1},${a},${t.bi[i]},${t.ci[i]},${t.di[i]}`)].join('\n') + '\n');
    const { code, stdout } = await runCli(['meta', '--input', file, '--measure', 'OR', '--method', 'MH', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { mh: { estimate: number; se: number; Q: number } };
    const e = ref.mh.find((m) => m.data === 'hine1989' && m.measure === 'OR')!.value as Record<string, number>;
    expectRel('cli mh b', r.mh.estimate, e.b!, 1e-6);
    expectRel('cli mh se', r.mh.se, e.se!, 1e-6);
    expectRel('cli mh QE', r.mh.Q, e.QE!, 1e-6);
  });

  it('--method GLMM on 2x2 data is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npa-mh-'));
    const file = join(dir, 't.csv');
    writeFileSync(file, 'study,ai,bi,ci,di\na,1,9,2,8\nb,2,8,3,7\n');
    const { code, stderr } = await runCli(['meta', '--input', file, '--method', 'GLMM']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/GLMM pools proportions/);
  });
});
