import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionaryMarkdown, DICTIONARY_TABLES } from '../src/format/dictionary.js';
import { FIELD_NAMES } from '../src/schema/study.js';
import { ROOT } from './helpers.js';

/** A table declared as fields: an object whose every value is a field declaration (schema/declare.ts). */
const isFieldTable = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 &&
  Object.values(v).every((f) => typeof f === 'object' && f !== null && 'codec' in f && 'required' in f && 'type' in f && 'description' in f);

/** Every module of src/ with the text of its source. */
function sources(dir = join(ROOT, 'src')): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [{ path: join(dir, e.name), text: readFileSync(join(dir, e.name), 'utf8') }] : [],
  );
}

describe('data/DICTIONARY.md', () => {
  it('is exactly what the schema generates (run `npm run dictionary` after changing the schema)', () => {
    expect(readFileSync(join(ROOT, 'data', 'DICTIONARY.md'), 'utf8')).toBe(dictionaryMarkdown());
  });
  it('documents every column of the shipped studies.csv, in order', () => {
    const header = readFileSync(join(ROOT, 'data', 'studies.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual(FIELD_NAMES);
    for (const name of FIELD_NAMES) expect(dictionaryMarkdown()).toContain(`| \`${name}\` |`);
  });
});

describe('the dictionary lists every table npa reads', () => {
  const text = dictionaryMarkdown();

  it('every table declared in src/schema/ is in the dictionary, with its own declaration', async () => {
    const declared: string[] = [];
    for (const file of readdirSync(join(ROOT, 'src', 'schema')).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(join(ROOT, 'src', 'schema', file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (!isFieldTable(value)) continue;
        declared.push(`${file} ${name}`);
        expect(DICTIONARY_TABLES.some((t) => t.fields === value), `${file} ${name} is not in DICTIONARY_TABLES (src/format/dictionary.ts)`).toBe(true);
      }
    }
    // The eight tables of issue 8: studies, outcomes, claims, screening, appraisal, cohorts, notices, grade.
    expect(declared.length).toBeGreaterThanOrEqual(8);
  });

  it('every table loaded with tableSpec() anywhere in src/ is declared in src/schema/ (so the test above sees it)', () => {
    const calls = sources().flatMap(({ path, text: src }) => [...src.matchAll(/\btableSpec\((\w+)\)/g)].map((m) => ({ path, name: m[1]!, src })));
    expect(calls.length).toBeGreaterThanOrEqual(8);
    for (const { path, name, src } of calls) {
      const fromSchema = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '(\\.\\./)+schema/[\\w-]+\\.js'`).test(src);
      expect(fromSchema, `${path}: tableSpec(${name}) must take a declaration imported from src/schema/`).toBe(true);
    }
  });

  it('has a section per table, each saying what the file is and what writes it', () => {
    for (const t of DICTIONARY_TABLES) {
      const section = text.split(`\n## ${t.file}\n`)[1];
      expect(section, t.file).toBeDefined();
      const about = section!.split('\n| column |')[0]!;
      expect(about, t.file).toMatch(/^\s*(Required|Optional)\b/);
      expect(about, t.file).toMatch(/written by|writes it/);
      for (const name of Object.keys(t.fields)) expect(section!.split('\n## ')[0], `${t.file} ${name}`).toContain(`| \`${name}\` |`);
    }
  });

  it('names every file constant the schema and the loader declare', async () => {
    const paths = (await import('../src/load/paths.js')) as Record<string, unknown>;
    const schema = await Promise.all(readdirSync(join(ROOT, 'src', 'schema')).filter((f) => f.endsWith('.ts')).map((f) => import(join(ROOT, 'src', 'schema', f)) as Promise<Record<string, unknown>>));
    const files = [paths, ...schema].flatMap((m) => Object.entries(m).filter(([k, v]) => k.endsWith('_FILE') && typeof v === 'string').map(([, v]) => v as string));
    expect(files).toEqual(expect.arrayContaining(['studies.csv', 'appraisal.csv', 'cohorts.csv', 'notices.csv', 'grade.csv']));
    for (const file of files) expect(text, file).toContain(`\n## ${file}\n`);
  });
});
