// rma.glmm(measure="PLO") (binomial-normal model by adaptive Gauss-Hermite quadrature, as lme4's
// glmer) and rma.mh()/rma.peto(), against R's metafor 3.8-1 / lme4 1.1-31 (test/meta/r/reference.R;
// each case names its R call). Tolerances: GLMM 1e-4 relative (lme4's optimiser and its
// finite-difference Hessian stop at their own tolerances), MH/Peto 1e-6.
import { describe, expect, it } from 'vitest';
import { ghRule, glmmDeviance, glmmPLO } from '../../src/meta/glmm.js';
import { rmaMH, rmaPeto, type MhMeasure } from '../../src/meta/mh.js';
import { expectRel } from './helpers.js';
import { ref } from './reference.js';

describe(`rma.glmm(measure="PLO") against metafor ${ref.versions.metafor} / lme4 ${ref.versions.lme4}`, () => {
  for (const c of ref.glmm) {
    it(`${c.data}: ${c.call}`, () => {
      const d = ref.props[c.data]!;
      const r = glmmPLO(d.xi, d.ni, { method: c.method as 'ML' | 'FE', nAGQ: c.nAGQ || undefined });
      const v = c.value as Record<string, number | null>;
      // Laplace (nAGQ = 1): lme4's optimiser stops on a flat deviance ~1e-5 above the minimum (see
      // below), which moves b and tau^2 by up to ~6e-4 relative, and its finite-difference Hessian
      // (deriv12 on a deviance evaluated by PIRLS to tolPwrss) differs from the exact one by up to
      // ~1% (pritz1997: H_bb 28.07 in lme4, 27.83 here), hence se; metafor's default nAGQ = 7 and
      // nAGQ = 15 agree to 1e-4.
      const tol = c.nAGQ === 1 ? 3e-3 : 1e-4;
      const tolSe = c.nAGQ === 1 ? 2e-2 : 1e-4;
      const where = `${c.data} ${c.call}`;
      if (c.method === 'ML') {
        const rule = ghRule(c.nAGQ);
        const ours = glmmDeviance(r.tau, r.estimate, d.xi, d.ni, rule);
        const theirs = glmmDeviance(Math.sqrt(v.tau2 as number), v.b as number, d.xi, d.ni, rule);
        expect(ours, 'our minimum is at least as low as lme4\'s').toBeLessThanOrEqual(theirs + 1e-8);
        expect(theirs - ours, 'and lme4 is within 1e-4 of it').toBeLessThan(1e-4);
      }
      const pairs: [string, number | null][] = [
        ['b', r.estimate], ['se', r.se], ['zval', r.zval], ['ci_lb', r.ciLb], ['ci_ub', r.ciUb],
        ['QE_Wld', r.QEWld], ['QEp_Wld', r.QEpWld], ['QE_LRT', r.QELRT], ['QEp_LRT', r.QEpLRT],
        ['pred_t', r.transformed.estimate], ['ci_lb_t', r.transformed.ciLb], ['ci_ub_t', r.transformed.ciUb],
      ];
      if (c.method === 'ML') {
        pairs.push(['tau2', r.tau2], ['I2', r.I2], ['H2', r.H2], ['pi_lb', r.piLb], ['pi_ub', r.piUb], ['pi_lb_t', r.transformed.piLb], ['pi_ub_t', r.transformed.piUb]);
      } else {
        expect(r.tau2).toBe(0);
      }
      for (const [key, actual] of pairs) {
        const e = v[key];
        if (typeof e !== 'number') continue;
        const seDependent = ['se', 'zval', 'ci_lb', 'ci_ub', 'ci_lb_t', 'ci_ub_t', 'pi_lb', 'pi_ub', 'pi_lb_t', 'pi_ub_t'].includes(key);
        expectRel(`glmm ${key}${c.nAGQ === 1 ? ' (Laplace)' : ''}`, actual, e, seDependent ? tolSe : tol, where);
      }
      if (c.nAGQ !== 1) expectRel('glmm pval', r.pval, v.pval as number, 1e-3, where); // a tail probability: 1e-4 in z gives more in p
    });
  }

  it("ghRule matches lme4's GHrule: nodes and weights for the standard normal", () => {
    // GHrule(3): nodes -sqrt(3), 0, sqrt(3); weights 1/6, 2/3, 1/6 (exact)
    const r = ghRule(3);
    expectRel('GH node', r.z[2], Math.sqrt(3), 1e-14);
    expectRel('GH weight', r.w[1], 2 / 3, 1e-14);
    const r15 = ghRule(15);
    const m2 = r15.z.reduce((s, z, i) => s + r15.w[i]! * z * z, 0);
    const m4 = r15.z.reduce((s, z, i) => s + r15.w[i]! * z ** 4, 0);
    expectRel('GH sum w', r15.w.reduce((s, w) => s + w, 0), 1, 1e-13);
    expectRel('GH E z^2', m2, 1, 1e-13);
    expectRel('GH E z^4', m4, 3, 1e-13);
  });

  it('rejects counts that are not events out of a total', () => {
    expect(() => glmmPLO([3, 5], [2, 10])).toThrow(/study 1/);
    expect(() => glmmPLO([0, 0], [10, 10])).toThrow(/No events/);
  });
});

describe(`rma.mh() and rma.peto() against metafor ${ref.versions.metafor}`, () => {
  for (const c of ref.mh) {
    it(`${c.data}: ${c.call}`, () => {
      const t = ref.tables[c.data]!;
      const r = c.measure === 'PETO' ? rmaPeto(t) : rmaMH(t, { measure: c.measure as MhMeasure });
      const v = c.value as Record<string, number | null>;
      const where = `${c.data} ${c.call}`;
      const pairs: [string, number | null][] = [
        ['b', r.estimate], ['se', r.se], ['zval', r.zval], ['pval', r.pval], ['ci_lb', r.ciLb], ['ci_ub', r.ciUb],
        ['QE', r.Q], ['QEp', r.Qp], ['I2', r.I2], ['H2', r.H2], ['CO', r.CO], ['COp', r.COp], ['MH', r.MH], ['MHp', r.MHp], ['TA', r.TA], ['TAp', r.TAp],
      ];
      for (const [key, actual] of pairs) {
        const e = v[key];
        if (typeof e !== 'number') continue;
        if (e === 0) expect(actual).toBe(0);
        else expectRel(`mh ${key}`, actual, e, 1e-6, where);
      }
    });
  }
});
