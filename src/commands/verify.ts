// npa verify: recompute every numeric claim of the review (data/claims.csv) from the data.
import { loadValidDataset } from '../load/cache.js';
import { verifyClaims, type ClaimResult } from '../stats/verify.js';
import { fmtFraction } from '../format/numbers.js';
import { painter, useColor } from '../format/color.js';
import { render, type FormatName } from '../format/tabular.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { emit } from './output.js';

export interface VerifyOptions {
  data: string;
  strict: boolean;
  format: FormatName;
  out?: string;
}

export async function runVerify(options: VerifyOptions, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  if (dataset.claims.length === 0) throw new UserError(`no claims to verify: ${options.data} has no claims.csv (see data/DICTIONARY.md).`);
  const results = verifyClaims(dataset.claims, dataset.studies, dataset.outcomes, dataset.review);
  if (options.format === 'json') {
    emit(io, JSON.stringify({ claims: results }, null, 2) + '\n', options.out);
  } else {
    const colour = await painter(options.out === undefined && options.format === 'table' && useColor(io.isTTY, io.env));
    const paint = (key: string, text: string) =>
      key !== 'status' ? text : colour(text === 'holds' ? 'green' : text === 'not checkable' ? 'yellow' : 'red', text);
    const table = {
      columns: [
        { key: 'id', header: 'claim' },
        { key: 'quote', header: 'the review says' },
        { key: 'printed', header: 'printed', align: 'right' as const },
        { key: 'computed', header: 'data', align: 'right' as const },
        { key: 'status', header: 'status' },
        { key: 'reason', header: 'from' },
      ],
      rows: results.map((r: ClaimResult) => ({
        id: r.id,
        quote: r.quote,
        printed: `${fmtFraction(r.printed.count, r.printed.denominator)}${r.printed.percent !== null ? ` (${r.printed.percent}%)` : ''}`,
        computed: r.computed ? fmtFraction(r.computed.count, r.computed.denominator) : '',
        status: r.status,
        reason: r.reason,
      })),
    };
    emit(io, await render(table, options.format, { paint, maxWidth: 46 }), options.out);
  }
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  io.stderr(`${results.length} claims: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}.\n`);
  const failing = results.length - (counts.get('holds') ?? 0);
  return options.strict && failing > 0 ? 1 : 0;
}
