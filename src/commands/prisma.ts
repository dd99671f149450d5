// npa prisma: the PRISMA 2020 flow from the data (new-review or updated-review template), checked against its own arithmetic.
import { loadValidDataset } from '../load/cache.js';
import { render } from '../format/tabular.js';
import { flowJson, flowOf, flowRows, prisma2020Csv } from '../screening/prisma.js';
import { prismaSvg } from '../render/prisma-svg.js';
import type { Io } from '../io.js';
import { emit } from './output.js';

import { PRISMA_FORMATS } from '../format/names.js';

export async function runPrisma(options: { data: string; format: (typeof PRISMA_FORMATS)[number]; out?: string; reported: boolean }, io: Io): Promise<number> {
  const dataset = await loadValidDataset(options.data, io.env);
  const flow = flowOf(dataset, options.reported);
  const text =
    options.format === 'json' ? JSON.stringify(flowJson(flow), null, 2) + '\n'
    : options.format === 'prisma2020-csv' ? prisma2020Csv(flow)
    : options.format === 'svg' ? prismaSvg(flow, `${dataset.review.title}: ${flow.template === 'updated' ? 'updated review' : 'search as reported'}`)
    : await render({ columns: [{ key: 'box', header: 'PRISMA 2020 box' }, { key: 'n', header: 'n', align: 'right' }], rows: flowRows(flow) }, 'table', { maxWidth: 70, width: io.columns });
  emit(io, text, options.out);
  if (options.format === 'table') for (const n of flow.notes) io.stderr(`note: ${n}\n`);
  for (const c of flow.checks) io.stderr(`${c.ok ? (c.kind === 'arithmetic' ? 'adds up' : 'complete') : c.kind === 'arithmetic' ? 'DOES NOT ADD UP' : 'NOT FINAL'}: ${c.message}\n`);
  return 0;
}
