// GRADE rules by construction: inputs built so that each rule's answer is known, and Egger's test on a three-point
// regression worked by hand.
import { describe, expect, it } from 'vitest';
import { gradeOutcome, reasons, type GradeContext } from '../../src/grade/grade.js';
import { eggerTest } from '../../src/grade/egger.js';
import type { MetaResult } from '../../src/synthesis/run.js';
import type { Study } from '../../src/schema/study.js';
import type { Settled } from '../../src/appraisal/load.js';

const study = (ref: number, design: string, interventions = ['rfa']) => ({ ref, design, interventions, duplicate_of: null }) as unknown as Study;

function ctx(over: { k?: number; I2?: number; design?: string; interventions?: string[]; events?: number; n?: number; ci?: [number, number]; threshold?: number; appraisal?: Settled[]; decisions?: GradeContext['decisions'] } = {}): GradeContext {
  const k = over.k ?? 4;
  const studies = Array.from({ length: k }, (_, i) => study(i + 1, over.design ?? 'retrospective', over.interventions));
  const meta = {
    k,
    studies: studies.map((s, i) => ({ label: `S ${s.ref} [${s.ref}] (patients)`, yi: -2 + i * 0.1, vi: 0.1 + i * 0.05, weight: 100 / k })),
    model: { I2: over.I2 ?? 10, tau2: 0.01, Qp: 0.5 },
    transformed: { pred: 0.1, ciLb: over.ci?.[0] ?? 0.05, ciUb: over.ci?.[1] ?? 0.15, piLb: 0.03, piUb: 0.2 },
  } as unknown as MetaResult;
  const events = over.events ?? 400;
  const n = over.n ?? 1000;
  return {
    outcome: 'complications', label: 'Any complication', meta, studies,
    appraisal: over.appraisal ?? studies.map((s) => ({ ref: s.ref, tool: 'jbi_case_series', domain: 'Q1', judgement: 'yes', raters: {}, support: '', source: '' })),
    threshold: over.threshold === undefined ? null : { value: over.threshold, why: 'test' },
    decisions: over.decisions ?? [],
    events: Array(k).fill(events / k), denominators: Array(k).fill(n / k),
  };
}
const rating = (g: ReturnType<typeof gradeOutcome>, d: string) => g.domains.find((x) => x.domain === d)!;

describe('GRADE proposals', () => {
  it('observational evidence with nothing to rate down stays low; randomised stays high', () => {
    expect(gradeOutcome(ctx()).certainty).toBe('low');
    expect(gradeOutcome(ctx({ design: 'rct' })).certainty).toBe('high');
  });
  it('inconsistency from I²: <50 not serious, 50-74 serious, >=75 very serious', () => {
    expect(rating(gradeOutcome(ctx({ I2: 49 })), 'inconsistency').proposed).toBe('not serious');
    expect(rating(gradeOutcome(ctx({ I2: 60, design: 'rct' })), 'inconsistency').proposed).toBe('serious');
    const g = gradeOutcome(ctx({ I2: 80, design: 'rct' }));
    expect(rating(g, 'inconsistency').proposed).toBe('very serious');
    expect(g.certainty).toBe('low');
  });
  it('imprecision: a CI across the stated threshold and too few events is very serious; neither is not serious', () => {
    expect(rating(gradeOutcome(ctx({ threshold: 0.1, events: 50, n: 1000 })), 'imprecision').proposed).toBe('very serious');
    expect(rating(gradeOutcome(ctx({ threshold: 0.2, events: 400, n: 1000 })), 'imprecision').proposed).toBe('not serious');
    // non-events count too: 980 events in 1000 leaves 20 non-events
    expect(rating(gradeOutcome(ctx({ events: 980, n: 1000 })), 'imprecision').proposed).toBe('serious');
    expect(rating(gradeOutcome(ctx({ events: 400 })), 'imprecision').why).toMatch(/stated no threshold/);
  });
  it('publication bias is not assessable below ten studies', () => {
    expect(rating(gradeOutcome(ctx({ k: 9 })), 'publication_bias').proposed).toBe('not assessable');
    expect(rating(gradeOutcome(ctx({ k: 10 })), 'publication_bias').why).toMatch(/Egger/);
  });
  it('risk of bias: mostly "no information" is serious; a negative judgement in half the weight is very serious', () => {
    const ni = ctx().studies.map((s) => ({ ref: s.ref, tool: 'jbi_case_series' as const, domain: 'Q1', judgement: 'no information', raters: {}, support: '', source: '' }));
    expect(rating(gradeOutcome(ctx({ appraisal: ni })), 'risk_of_bias').proposed).toBe('serious');
    const neg = ni.map((r, i) => ({ ...r, judgement: i < 2 ? 'no' : 'yes' }));
    expect(rating(gradeOutcome(ctx({ appraisal: neg })), 'risk_of_bias').proposed).toBe('very serious');
    expect(rating(gradeOutcome(ctx({ appraisal: [] })), 'risk_of_bias').proposed).toBe('serious');
  });
  it('indirectness when most weight is RFA combined with something else', () => {
    expect(rating(gradeOutcome(ctx({ interventions: ['rfa', 'cement'] })), 'indirectness').proposed).toBe('serious');
    expect(rating(gradeOutcome(ctx()), 'indirectness').proposed).toBe('not serious');
  });
  it('certainty never goes below very low; a stored decision overrides the proposal and its reason is shown', () => {
    const g = gradeOutcome(ctx({ I2: 90, threshold: 0.1, events: 10, interventions: ['rfa', 'cement'] }));
    expect(g.certainty).toBe('very low');
    const d = gradeOutcome(ctx({ decisions: [{ outcome: 'complications', domain: 'imprecision', judgement: 'serious', reason: 'committee: 10% matters', by: 'Dr X', date: null }], events: 400 }));
    expect(rating(d, 'imprecision')).toMatchObject({ proposed: 'not serious', judgement: 'serious' });
    expect(d.certainty).toBe('very low');
    expect(reasons(d).join('\n')).toMatch(/imprecision: serious \(decided by Dr X: committee: 10% matters\)/);
    expect(d.confirmed).toBe(false);
  });
  it('the effect per 1,000 is the proportion times 1,000', () => {
    expect(gradeOutcome(ctx()).effect.perThousand).toEqual({ estimate: 100, ciLb: 50, ciUb: 150 });
  });
});

describe("Egger's regression test", () => {
  it('matches a three-point regression worked by hand', () => {
    // precision x = 1, 2, 3 (vi = 1, 1/4, 1/9); standard normal deviate z = 1, 1, 2 → yi = z / x
    // OLS: slope 1/2, intercept 1/3; residuals 1/6, -1/3, 1/6; s² = (1/6)/1; var(b0) = s²(1/3 + 4/2) = 7/18
    const e = eggerTest([1, 0.5, 2 / 3], [1, 1 / 4, 1 / 9])!;
    expect(e.intercept).toBeCloseTo(1 / 3, 12);
    expect(e.se).toBeCloseTo(Math.sqrt(7 / 18), 12);
    expect(e.df).toBe(1);
    expect(e.t).toBeCloseTo(1 / 3 / Math.sqrt(7 / 18), 12);
  });
});
