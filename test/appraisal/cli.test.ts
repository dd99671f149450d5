// The interfaces scripts rely on (grade, overlap, impact --json), on the shipped review and on a small dataset whose
// answers are known by construction.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, runCli, tempDataset, toCsv } from '../helpers.js';

describe('npa grade --json on the shipped review', () => {
  it('gives both poolable outcomes with a GRADE certainty, reasons, studies, participants and effect', async () => {
    const r = await runCli(['grade', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; certainty: string; reasons: string[]; studies: number; participants: number; effect: { estimate: number } }[];
    expect(out.map((o) => o.outcome)).toEqual(['complications', 'local_control']);
    for (const o of out) {
      expect(['high', 'moderate', 'low', 'very low']).toContain(o.certainty);
      expect(o.reasons[0]).toMatch(/^Start: low \(observational/);
      expect(o.effect.estimate).toBeGreaterThan(0);
    }
    // The same pooled analysis as `npa meta`: same k and estimate.
    const meta = JSON.parse((await runCli(['meta', '--outcome', 'complications', '--json'])).stdout);
    expect(out[0]!.studies).toBe(meta.k);
    expect(out[0]!.effect.estimate).toBeCloseTo(meta.transformed.pred, 12);
  });
  it('prints the SoF table with ⊕ symbols and numbered footnotes', async () => {
    const r = await runCli(['grade', '--format', 'md']);
    expect(r.stdout).toMatch(/\| Outcome \| № of participants \(studies\) \|/);
    expect(r.stdout).toMatch(/⊕/);
    expect(r.stdout).toMatch(/\n1\. Start: low/);
  });
  it('refuses both overlap policies at once', async () => {
    const r = await runCli(['grade', '--one-per-cohort', '--exclude-overlap']);
    expect(r.code).toBe(2);
  });
});

describe('npa overlap --json on the shipped review', () => {
  it('lists the pair the curators flagged (Greenwood 2015 and Wallace 2015: same group, Mar 2012-Jun 2014 vs Apr 2012-Jul 2014)', async () => {
    const r = await runCli(['overlap', '--json']);
    expect(r.code).toBe(0);
    const pairs = JSON.parse(r.stdout) as { a: number; b: number; score: number; evidence: string[] }[];
    const p = pairs.find((x) => x.a === 20 && x.b === 21)!;
    expect(p).toBeDefined();
    expect(p.evidence.join(' ')).toMatch(/enrolment periods overlap/);
    expect(p.evidence.join(' ')).toMatch(/jennings j/);
  });
});

// Two studies' complications, 2/20 and 5/50: the outcomes of the impact and GRADE tests below.
const OUTCOMES = 'ref,outcome,arm,events,denominator,unit,severity,time,scale,n,baseline_mean,baseline_sd,followup_mean,followup_sd,source,quote,notes\n'
  + '1,complications,all,2,20,patients,any,,,,,,,,abstract,q,\n'
  + '2,complications,all,5,50,patients,any,,,,,,,,abstract,q,\n';
/** A dataset of two studies by different authors with OUTCOMES, for the GRADE decisions. */
const gradeDataset = () => tempDataset(toCsv([row({ ref: 1, patients: 20 }), row({ ref: 2, patients: 50, authors: 'X Y', first_author: 'X Y' })]), undefined, OUTCOMES);

describe('npa impact', () => {
  const studies = toCsv([
    row({ ref: 1, authors: 'Doe J', first_author: 'Doe J', patients: 20, interventions: 'rfa' }),
    row({ ref: 2, authors: 'Roe R', first_author: 'Roe R', patients: 50, interventions: 'rfa' }),
  ]);
  it('recomputes the pooled estimate without the study: one study left pools to its own proportion', async () => {
    const dir = tempDataset(studies, undefined, OUTCOMES);
    const r = await runCli(['impact', '1', '--data', dir, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ref: number; affected: { kind: string; id: string; with: string; without: string }[] };
    expect(out.ref).toBe(1);
    const pooled = out.affected.find((a) => a.kind === 'pooled estimate' && a.id === 'complications')!;
    // both studies have 10%: pooled 10.0% with them, and 5/50 = 10.0% without study 1
    expect(pooled.with).toMatch(/^10\.0% .*k = 2/);
    expect(pooled.without).toMatch(/^10\.0% .*k = 1/);
    expect(out.affected.some((a) => a.kind === 'certainty')).toBe(true);
  });
  it('names an unknown ref and exits 2', async () => {
    const dir = tempDataset(studies, undefined, OUTCOMES);
    const r = await runCli(['impact', '9', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no study with ref 9/);
    expect((await runCli(['impact', 'x', '--data', dir])).code).toBe(2);
  });
});

describe('grade.csv decisions', () => {
  it('a stored decision overrides the proposal, and a judgement the domain does not allow is an error with line and column', async () => {
    const dir = gradeDataset();
    writeFileSync(join(dir, 'grade.csv'), 'outcome,domain,judgement,reason,by,date\ncomplications,indirectness,very serious,other population,Dr X,2026-12-01\n');
    const r = await runCli(['grade', '--json', '--data', dir]);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout)[0];
    expect(g.domains.find((d: { domain: string }) => d.domain === 'indirectness')).toMatchObject({ judgement: 'very serious', decided: { by: 'Dr X' } });
    writeFileSync(join(dir, 'grade.csv'), 'outcome,domain,judgement,reason,by,date\ncomplications,indirectness,awful,why,Dr X,\n');
    const bad = await runCli(['grade', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/grade\.csv, line 2, column judgement.*"awful"/);
  });
});

describe('npa grade --set', () => {
  it('stores a decision (replacing an earlier one for the same outcome and domain) and never writes the shipped review', async () => {
    const dir = gradeDataset();
    const set = (j: string, by: string) => runCli(['grade', '--data', dir, '--set', `imprecision=${j}`, '--outcome', 'complications', '--reason', 'committee threshold 10%, CI crosses it', '--by', by]);
    expect((await set('serious', 'A')).code).toBe(0);
    const again = await set('very serious', 'B');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/replacing serious \(by A\)/);
    const g = JSON.parse((await runCli(['grade', '--json', '--data', dir])).stdout)[0];
    expect(g.domains.find((d: { domain: string }) => d.domain === 'imprecision')).toMatchObject({ judgement: 'very serious', decided: { by: 'B' } });
    expect((await set('awful', 'C')).code).toBe(2);
    const shipped = await runCli(['grade', '--data', join(import.meta.dirname, '..', '..', 'data'), '--set', 'imprecision=serious', '--outcome', 'complications', '--reason', 'r', '--by', 'x']);
    expect(shipped.code).toBe(2);
    expect(shipped.stderr).toMatch(/refusing to write into the shipped review/);
  });
});
