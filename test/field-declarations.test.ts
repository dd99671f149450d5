// Issue 8 §3: each data field is declared once (src/schema/declare.ts: codec spec, requiredness, meaning) and
// both the validator and the data dictionary come from that declaration. These tests read what the dictionary
// SAYS about each field of each table (its type text, required and allowed values) and probe the validator
// with values that statement allows and forbids, so the two cannot drift apart without a test failing.
import { describe, expect, it } from 'vitest';
import { dictionaryMarkdown, DICTIONARY_TABLES } from '../src/format/dictionary.js';
import { loadStudies } from '../src/load/load-studies.js';
import { loadTable, tableSpec } from '../src/load/load-table.js';
import { runRules } from '../src/load/rules.js';
import type { FieldMeta } from '../src/schema/declare.js';
import { FIELD_META } from '../src/schema/fields.js';
import { codecOf, type FieldName } from '../src/schema/study.js';

/** Every table npa reads, as the dictionary lists it (test/dictionary.test.ts fails when one is missing there). */
const TABLES: Record<string, Record<string, FieldMeta>> = Object.fromEntries(DICTIONARY_TABLES.map((t) => [t.file, t.fields]));
/** The tables data/DICTIONARY.md documents: all of them. */
const DOCUMENTED = Object.keys(TABLES);

/**
 * The formats a pattern field may state as its type, with cells that do and do not have that format, written
 * from the format's words. A field stating a format not listed here fails the test: add what the words allow.
 */
const FORMATS: Record<string, { ok: string[]; bad: string[] }> = {
  'YYYY or YYYY-MM': { ok: ['2019', '2019-03', '2019-12'], bad: ['19', '2019-13', '2019-00', '2019-3', '2019-03-01', 'March 2019'] },
  'YYYY, YYYY-MM or YYYY-MM-DD': { ok: ['2021', '2021-06', '2021-06-30'], bad: ['21', '2021/06', '2021-6', '30 June 2021'] },
  'YYYY-MM-DD': { ok: ['2024-01-31'], bad: ['2024', '2024-01', '31/01/2024', '2024-1-31'] },
  'http(s) URL': { ok: ['https://doi.org/10.1000/x', 'http://example.org'], bad: ['ftp://example.org', 'doi.org/10.1000/x', 'www.example.org'] },
  'PubMed ID (1 to 9 digits, no leading 0)': { ok: ['1', '34038393', '999999999'], bad: ['0', '034038393', '1234567890', '3403839a', 'PMID34038393'] },
  'DOI (10.<registrant>/<suffix>, no URL prefix)': {
    ok: ['10.1000/xyz', '10.2106/JBJS.20.00546', '10.123456789/a'],
    bad: ['https://doi.org/10.1000/xyz', 'doi:10.1000/xyz', '10.100/xyz', '10.1000/', '11.1000/xyz'],
  },
};

/** What the dictionary says one field allows, read from its words alone. */
interface Statement {
  ok: [cell: string, value: unknown][];
  bad: string[];
}

function statement(meta: FieldMeta): Statement {
  const type = meta.type.replace(/ or empty$/, '');
  const values = meta.values ?? [];
  let m: RegExpExecArray | null;
  if ((m = /^integer >= (-?\d+)$/.exec(type))) {
    const min = Number(m[1]);
    return { ok: [[String(min), min], [` ${min + 1} `, min + 1], [String(min + 1000), min + 1000]], bad: [String(min - 1), `${min}.5`, `${min}e1`, 'twelve'] };
  }
  if ((m = /^number(?: >= (-?\d+))?$/.exec(type))) {
    const min = m[1] === undefined ? undefined : Number(m[1]);
    const ok: [string, number][] = min === undefined ? [['-0.5', -0.5], ['1e3', 1000], ['12', 12]] : [[String(min), min], [`${min + 0.5}`, min + 0.5], [`${min + 2}e1`, (min + 2) * 10]];
    return { ok, bad: ['1,5', 'ten', ...(min === undefined ? [] : [String(min - 0.5)])] };
  }
  if (type === 'text') return { ok: [['any words', 'any words'], ['  padded  ', 'padded']], bad: [] };
  if (type === 'enum') {
    expect(values.length, 'an enum lists its values').toBeGreaterThan(0);
    return { ok: values.map((v) => [v, v]), bad: ['not-a-listed-value', `${values[0]}x`] };
  }
  if (type === "';'-separated list") {
    expect(values.length, 'a list lists its values').toBeGreaterThan(0);
    return {
      ok: [...values.map((v): [string, unknown] => [v, [v]]), [values.join(';'), [...values]], [`${values[0]} ; `, [values[0]]], ['none', []]],
      bad: ['not-a-listed-value', `${values[0]};not-a-listed-value`, `${values[0]};${values[0]}`],
    };
  }
  if (type === 'true/false') {
    // The dictionary: `true`, `false` (also yes/no, 1/0; any case).
    return { ok: [['true', true], ['false', false], ['TRUE', true], ['No', false], ['yes', true], ['1', true], ['0', false]], bad: ['maybe', 'y', '2'] };
  }
  const format = FORMATS[type];
  if (!format) throw new Error(`the type "${meta.type}" is new to this test: add to FORMATS what it allows and forbids`);
  return { ok: format.ok.map((c) => [c, c]), bad: format.bad };
}

const fields = Object.entries(TABLES).flatMap(([table, meta]) => Object.entries(meta).map(([name, field]) => [`${table} ${name}`, table, name, field] as const));

describe('every field of every table: the validator accepts what the dictionary allows and nothing else', () => {
  it('covers all the tables, with fields of every kind of codec', () => {
    expect(DOCUMENTED).toEqual(['studies.csv', 'outcomes.csv', 'claims.csv', 'screening.csv', 'appraisal.csv', 'cohorts.csv', 'notices.csv', 'grade.csv']);
    expect(fields.length).toBeGreaterThan(100);
    expect(new Set(fields.map(([, , , f]) => f.codec.kind))).toEqual(new Set(['int', 'number', 'text', 'pattern', 'enum', 'list', 'bool']));
  });
  it.each(fields)('%s', (_label, table, name, meta) => {
    const codec = tableSpec(TABLES[table]!).codec(name);
    const said = statement(meta);
    for (const [cell, value] of said.ok) {
      const parsed = codec.safeParse(cell);
      expect(parsed.success, `${JSON.stringify(cell)} is allowed: ${parsed.error?.issues[0]?.message}`).toBe(true);
      expect(parsed.data, JSON.stringify(cell)).toEqual(value);
    }
    for (const cell of said.bad) expect(codec.safeParse(cell).success, `${JSON.stringify(cell)} is not allowed`).toBe(false);
    // An empty cell (also NA, or the column left out) fails exactly when the field is required.
    for (const empty of ['', '  ', 'NA', undefined]) {
      const parsed = codec.safeParse(empty);
      expect(parsed.success, `${JSON.stringify(empty)}: required ${meta.required}`).toBe(meta.required !== true);
      if (parsed.success) expect(parsed.data).toBeNull();
    }
    // The type text says "or empty" exactly when an empty cell is accepted (free text says it by its required column).
    if (meta.codec.kind !== 'text') expect(meta.type.endsWith(' or empty')).toBe(meta.required !== true);
  });
});

/** A cell the field's statement allows. */
const allowed = (meta: FieldMeta) => statement(meta).ok[0]![0];

describe('the loader asks for the columns the dictionary calls required, and no others', () => {
  it.each(Object.keys(TABLES))('%s', (table) => {
    const meta = TABLES[table]!;
    const spec = tableSpec(meta);
    const names = Object.keys(meta);
    for (const name of names) {
      const header = names.filter((n) => n !== name).join(',');
      const missing = loadTable(`${header}\n`, table, spec).issues.filter((i) => i.code === 'missing_column').map((i) => i.column);
      expect(missing, `${name} left out`).toEqual(meta[name]!.required ? [name] : []);
    }
    // A file with only the required columns, each holding an allowed cell, loads; the others read as null.
    const required = names.filter((n) => meta[n]!.required);
    const loaded = loadTable(`${required.join(',')}\n${required.map((n) => allowed(meta[n]!)).join(',')}\n`, table, spec);
    expect(loaded.issues).toEqual([]);
    expect(loaded.rows).toHaveLength(1);
    for (const n of names.filter((x) => !meta[x]!.required)) expect(loaded.rows[0]!.value[n as keyof typeof loaded.rows[0]['value']], n).toBeNull();
  });
});

describe('studies.csv: a column required with "may be empty" is a record still to be coded', () => {
  const pending = (Object.entries(FIELD_META) as [FieldName, FieldMeta][]).filter(([, m]) => m.required === 'column').map(([n]) => n);
  it('design is such a column', () => expect(pending).toContain('design'));
  it.each(pending)('%s: an empty cell loads, and validation warns about it (never an error)', (name) => {
    const names = Object.keys(FIELD_META) as FieldName[];
    const cells = names.map((n) => (n === name || !FIELD_META[n].required ? '' : allowed(FIELD_META[n])));
    const header = names.join(',');
    const loaded = loadStudies(`${header}\n${cells.join(',')}\n`, 'studies.csv');
    const issues = [...loaded.issues, ...runRules({ file: 'studies.csv', studies: loaded.all, review: null })].filter((i) => i.column === name);
    expect(loaded.studies).toHaveLength(1);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.filter((i) => i.severity === 'warning').length).toBeGreaterThan(0);
  });
});

describe('data/DICTIONARY.md states each declaration', () => {
  const text = dictionaryMarkdown();
  const md = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const sections = Object.fromEntries(DOCUMENTED.map((t) => [t, text.split(`## ${t}`)[1]!.split('\n## ')[0]!]));
  it.each(DOCUMENTED.flatMap((t) => Object.entries(TABLES[t]!).map(([n, m]) => [`${t} ${n}`, t, n, m] as const)))('%s', (_label, table, name, meta) => {
    const row = sections[table]!.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, 'has a row').toBeDefined();
    const [, type, required, values] = row!.split(' | ');
    expect(type).toBe(md(meta.type));
    expect(required).toBe(meta.required === true ? 'yes' : meta.required === 'column' ? 'yes (may be empty)' : 'no');
    for (const v of meta.values ?? []) expect(values).toContain(`\`${v}\``);
    if (meta.codec.kind === 'bool') expect(values).toBe('`true`, `false` (also yes/no, 1/0; any case)');
  });
  it('states studies.year >= 1900 (checked but once undocumented), and the codec refuses 1899', () => {
    expect(text).toContain('| `year` | integer &gt;= 1900 | yes |');
    expect(codecOf('year').safeParse('1899').success).toBe(false);
    expect(codecOf('year').safeParse('1900').success).toBe(true);
  });
});
