// npa impact REF: what depends on one study, recomputed without it.
import { loadValidDataset } from '../load/cache.js';
import { render, type FormatName } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit } from './output.js';
import { impactOf } from '../grade/impact.js';

export interface ImpactOptions {
  data: string;
  ref: number;
  format: FormatName;
  out?: string;
}

export async function runImpact(options: ImpactOptions, io: Io): Promise<number> {
  const ds = await loadValidDataset(options.data, io.env);
  const impact = impactOf(ds, options.ref);
  if (options.format === 'json') {
    emit(io, JSON.stringify({ ref: impact.ref, refs: impact.refs, affected: impact.affected, denominatorOnly: impact.denominatorOnly }, null, 2) + '\n', options.out);
    return 0;
  }
  io.stderr(`${impact.label}${impact.refs.length > 1 ? ` (listed as refs ${impact.refs.join(', ')})` : ''}: ${impact.affected.length} result(s) depend on it, ${impact.affected.filter((a) => a.changed).length} change without it; ${impact.denominatorOnly} more statistic(s)/claim(s) lose it only from their denominator.\n`);
  emit(io, await render({
    columns: [{ key: 'kind', header: 'kind' }, { key: 'id', header: 'id' }, { key: 'with', header: 'with the study' }, { key: 'without', header: 'without it' }, { key: 'changed', header: 'changed' }],
    rows: impact.affected.map((a) => ({ ...a, changed: a.changed ? 'yes' : 'no' })),
  }, options.format, { maxWidth: 70 }), options.out);
  return 0;
}
