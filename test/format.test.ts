import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { guardFormula, render, type Tabular } from '../src/format/tabular.js';
import { fmtFraction, fmtPercent } from '../src/format/numbers.js';
import { useColor } from '../src/format/color.js';

const data: Tabular = {
  columns: [{ key: 'ref', header: 'ref', align: 'right' }, { key: 'title', header: 'title' }, { key: 'sites', header: 'sites' }],
  rows: [
    { ref: 1, title: 'Plain, with comma and "quotes"', sites: ['spine', 'pelvis'] },
    { ref: -2, title: '=HYPERLINK("http://evil")', sites: [] },
    { ref: 3, title: 'multi\nline | pipe', sites: null },
  ],
};

describe('formula guard', () => {
  it.each([['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\rx']])('neutralises text cell %j', (cell) => {
    expect(guardFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves numbers alone, even negative ones', async () => expect(guardFormula(-2)).toBe('-2'));
  it('leaves ordinary text alone', async () => expect(guardFormula('spine')).toBe('spine'));
});

describe('csv', () => {
  it('parses back to the same cells, with the formula neutralised', async () => {
    const records = parse(await render(data, 'csv'), { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { ref: '1', title: 'Plain, with comma and "quotes"', sites: 'spine;pelvis' },
      { ref: '-2', title: `'=HYPERLINK("http://evil")`, sites: '' },
      { ref: '3', title: 'multi\nline | pipe', sites: '' },
    ]);
  });
  it('with the guard off, round-trips text exactly', async () => {
    const records = parse(await render(data, 'csv', { formulaGuard: false }), { columns: true }) as Record<string, string>[];
    expect(records[1]!.title).toBe('=HYPERLINK("http://evil")');
  });
});

describe('tsv', () => {
  it('one line per record, tabs and newlines in cells flattened', async () => {
    const lines = (await render(data, 'tsv')).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[3]).toBe('3\tmulti line | pipe\t');
  });
});

describe('markdown', () => {
  it('escapes pipes and folds newlines', async () => {
    const md = await render(data, 'md');
    expect(md.split('\n')[1]).toBe('| ---: | --- | --- |');
    expect(md).toContain('| 3 | multi line \\| pipe |  |');
  });
});

describe('json', () => {
  it('keeps types: numbers, arrays, null', async () => {
    expect(JSON.parse(await render(data, 'json'))).toEqual([
      { ref: 1, title: 'Plain, with comma and "quotes"', sites: ['spine', 'pelvis'] },
      { ref: -2, title: '=HYPERLINK("http://evil")', sites: [] },
      { ref: 3, title: 'multi\nline | pipe', sites: null },
    ]);
  });
});

describe('table', () => {
  it('has no ANSI escapes without a paint function', async () => {
    // eslint-disable-next-line no-control-regex
    expect(await render(data, 'table')).not.toMatch(/\u001b\[/);
  });
  it('cuts long cells with an ellipsis', async () => {
    const out = await render({ columns: [{ key: 't', header: 't' }], rows: [{ t: 'x'.repeat(100) }] }, 'table', { maxWidth: 10 });
    expect(out).toContain(`${'x'.repeat(9)}…`);
  });
});

describe('numbers', () => {
  it('formats a fraction and percent', async () => {
    expect(fmtFraction(34, 57)).toBe('34/57');
    expect(fmtFraction(8, null)).toBe('8');
    expect(fmtPercent((100 * 34) / 57)).toBe('59.6%'); // 3400/57 = 59.649..., one decimal
    expect(fmtPercent(14, 0)).toBe('14%');
    expect(fmtPercent(null)).toBe('');
  });
});

describe('colour decision', () => {
  it('only on a TTY', async () => {
    expect(useColor(true, {})).toBe(true);
    expect(useColor(false, {})).toBe(false);
  });
  it('never with NO_COLOR set', async () => expect(useColor(true, { NO_COLOR: '1' })).toBe(false));
});

describe('terminal table layout', () => {
  it('pads by display width: accents and combining marks are one column, CJK two', async () => {
    const { displayWidth } = await import('../src/format/table.js');
    expect(displayWidth('Clarençon')).toBe(9);
    expect(displayWidth('Clarenc\u0327on')).toBe(9);
    expect(displayWidth('骨転移')).toBe(6);
  });
  it('plain ASCII takes one column a character; a control character or a tab none, also inside ASCII text', async () => {
    const { displayWidth } = await import('../src/format/table.js');
    expect(displayWidth('RFA, n = 57 (2015-2020)')).toBe(23);
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('a\tb')).toBe(2);
    expect(displayWidth('a\u0007b~')).toBe(3);
  });
  it('lines of a table are equally wide, whatever the characters', async () => {
    const out = await render({ columns: [{ key: 'a', header: 'a' }, { key: 'n', header: 'n', align: 'right' }], rows: [{ a: 'Clarençon', n: 1 }, { a: '骨転移', n: 22 }] }, 'table');
    const { displayWidth } = await import('../src/format/table.js');
    const widths = out.trimEnd().split('\n').map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    expect(out).toContain('│ 骨転移    │ 22 │');
    expect(out).toContain('│ Clarençon │  1 │');
  });
});
