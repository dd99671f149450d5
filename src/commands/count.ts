// npa count --by FIELD [--by FIELD2]: counts or a cross-tab over any coded field.
import { fieldMeta, type FieldName } from '../schema/fields.js';
import { countBy, crossTab } from '../stats/count.js';
import { render, type FormatName, type Tabular } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit, loadFiltered, type FilteredOutputOptions } from './output.js';

export interface CountOptions extends FilteredOutputOptions {
  by: [FieldName] | [FieldName, FieldName];
  format: FormatName;
}

export async function runCount(options: CountOptions, io: Io): Promise<number> {
  const { dataset, studies } = await loadFiltered(options, io);
  const [rowField, columnField] = options.by;
  let table: Tabular;
  if (columnField === undefined) {
    table = {
      columns: [{ key: rowField, header: rowField }, { key: 'count', header: 'count', align: 'right' }],
      rows: countBy(studies, rowField).map((r) => ({ [rowField]: r.value, count: r.count })),
    };
  } else {
    const tab = crossTab(studies, rowField, columnField);
    table = {
      columns: [{ key: '__row', header: `${rowField} \\ ${columnField}` }, ...tab.columns.map((c) => ({ key: `c:${c}`, header: c, align: 'right' as const }))],
      rows: tab.rows.map((r, i) => ({ __row: r, ...Object.fromEntries(tab.columns.map((c, j) => [`c:${c}`, tab.cells[i]![j]!])) })),
    };
  }
  if (options.format === 'json') {
    const json = columnField === undefined
      ? { by: [rowField], studies: studies.length, counts: countBy(studies, rowField) }
      : { by: [rowField, columnField], studies: studies.length, ...crossTab(studies, rowField, columnField) };
    emit(io, JSON.stringify(json, null, 2) + '\n', options.out);
  } else {
    emit(io, await render(table, options.format, { formulaGuard: options.formulaGuard, width: io.columns }), options.out);
  }
  const multi = options.by.filter((f) => fieldMeta(f).kind === 'multi');
  io.stderr(
    `${studies.length} entries counted.` +
      (multi.length ? ` ${multi.join(' and ')} can hold several values, so a study counts once per value and columns need not sum to ${studies.length}.` : '') +
      '\n',
  );
  return 0;
}
