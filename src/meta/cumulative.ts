// Cumulative meta-analysis as metafor's cumul.rma.uni(x, order): the studies sorted by `order`
// (R's order(): stable, ascending unless `decreasing`), then the model refitted on the first 1, 2,
// ..., k studies with the same method, test, level and control. A refit that fails gives NaN (metafor: NA).
import { fit, MetaAnalysisError, type RmaFit } from './rma.js';

export interface CumulativeRow {
  /** 0-based input index of the study added at this step. */
  index: number;
  estimate: number;
  se: number;
  /** z or t statistic (see the model's test). */
  stat: number;
  pval: number;
  ci_lb: number;
  ci_ub: number;
  Q: number;
  Qp: number;
  tau2: number;
  /** I^2 in percent (metafor gives 0 at the first step, where there are no residual df). */
  I2: number;
  H2: number;
  error?: string;
}

/** R's order(x, decreasing): stable; numbers numerically, strings by code point (see README). */
export function rOrder(values: ReadonlyArray<number | string>, decreasing = false): number[] {
  const cmp = (a: number | string, b: number | string): number => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  };
  return values.map((_, i) => i).sort((i, j) => (decreasing ? -cmp(values[i]!, values[j]!) : cmp(values[i]!, values[j]!)) || i - j);
}

export function cumulative(model: RmaFit, order?: ReadonlyArray<number | string>, options: { decreasing?: boolean } = {}): CumulativeRow[] {
  if (model.p !== 1 || !model.X.every((r) => r[0] === 1)) throw new MetaAnalysisError('Method only applicable to models without moderators.');
  if (order && order.length !== model.k) throw new MetaAnalysisError(`Length of the 'order' argument (${order.length}) does not correspond to the number of studies (${model.k}).`);
  const idx = order ? rOrder(order, options.decreasing ?? false) : model.yi.map((_, i) => i);
  return idx.map((index, step) => {
    const take = idx.slice(0, step + 1);
    try {
      const r = fit(take.map((i) => model.yi[i]!), take.map((i) => model.vi[i]!), {
        method: model.method,
        test: model.test,
        level: model.level,
        ...(model.options.control ? { control: model.options.control } : {}),
      });
      // metafor reports Q = 0, p = 1, I^2 = 0, H^2 = 1 when there are no residual df (k = 1)
      const none = r.k === r.p;
      return {
        index,
        estimate: r.estimate,
        se: r.se,
        stat: (r.zval ?? r.tval)!,
        pval: r.pval,
        ci_lb: r.ciLb,
        ci_ub: r.ciUb,
        Q: r.Q ?? (none ? 0 : Number.NaN),
        Qp: r.Qp ?? (none ? 1 : Number.NaN),
        tau2: r.tau2,
        I2: r.I2 ?? (none ? 0 : Number.NaN),
        H2: r.H2 ?? (none ? 1 : Number.NaN),
      };
    } catch (e) {
      const nan = Number.NaN;
      return { index, estimate: nan, se: nan, stat: nan, pval: nan, ci_lb: nan, ci_ub: nan, Q: nan, Qp: nan, tau2: nan, I2: nan, H2: nan, error: e instanceof Error ? e.message : String(e) };
    }
  });
}
