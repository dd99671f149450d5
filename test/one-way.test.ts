// Issue 8 §3: each job done one way. Expectations written by hand from the rules each helper states.
import { describe, expect, it } from 'vitest';
import { UniqueIds } from '../src/biblio/ids.js';
import { csvText } from '../src/format/csv.js';
import { markdownTable, mdCode, mdEscape } from '../src/format/markdown.js';
import { readCsv } from '../src/load/read-csv.js';
import { foldAccents } from '../src/text.js';

describe('UniqueIds (the one #n suffixer)', () => {
  it('a repeated id gets the first free #n, checked against every id handed out', () => {
    const ids = new UniqueIds();
    expect(['a', 'a', 'a#2', 'a', 'b'].map((id) => ids.claim(id))).toEqual(['a', 'a#2', 'a#2#2', 'a#3', 'b']);
  });
  it('starts from ids already taken (a screening log)', () => {
    expect(new UniqueIds(['s:1', 's:1#2']).claim('s:1')).toBe('s:1#3');
  });
});

describe('the one Markdown table writer', () => {
  it('escapes | and backslash, folds line breaks, and escapes < > &', () => {
    expect(mdEscape('a|b\\c\r\nd\re <i>R&D</i>')).toBe('a\\|b\\\\c d e &lt;i&gt;R&amp;D&lt;/i&gt;');
  });
  it('writes header, rule (right-aligned columns with ---:) and rows; code cells as given', () => {
    expect(markdownTable(['name', 'n'], [[mdCode('x|y'), '3']], [undefined, 'right'])).toBe('| name | n |\n| --- | ---: |\n| `x\\|y` | 3 |\n');
  });
});

describe('the one CSV writer and reader', () => {
  it('quotes a lone CR (the hand-rolled PRISMA quoter did not), and reads it back', () => {
    const text = csvText([['a', 'b'], ['x\ry', 'p,q'], ['say "hi"', 2]]);
    expect(text).toBe('a,b\n"x\ry","p,q"\n"say ""hi""",2\n');
    expect(readCsv(text, 't.csv').rows.map((r) => r.record)).toEqual([{ a: 'x\ry', b: 'p,q' }, { a: 'say "hi"', b: '2' }]);
  });
  it('gives the line each record starts on, after multi-line cells', () => {
    const t = readCsv('id,note\n1,"a\nb\nc"\n2,x\n', 't.csv');
    expect(t.rows.map((r) => r.line)).toEqual([2, 5]);
  });
});

describe('the one accent folder', () => {
  it('drops diacritics and case, spells out ß æ ø, and splits ligatures', () => {
    expect(foldAccents('Ångström Müller-Straße Æsop Ø ﬁnal')).toBe('angstrom muller-strasse aesop o final');
  });
});
