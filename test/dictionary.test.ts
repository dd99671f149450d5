import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { dictionaryMarkdown, DICTIONARY_TABLES, WORKSPACE_FILES } from '../src/format/dictionary.js';
import { FIELD_NAMES } from '../src/schema/study.js';
import { ACTIONS, DECISION_LOG_FILE, EVENT_FIELDS, SEARCH_FIELDS, SEARCH_LOG_FILE, STAGE_DECISIONS, STAGES } from '../src/screening/store.js';
import { PENDING_FILE, pendingRow } from '../src/commands/lookup.js';
import { DECISIONS_FILE } from '../src/biblio/decisions.js';
import { DEDUPE_DECISION_KINDS, PENDING_FIELDS } from '../src/schema/workspace.js';
import type { Proposal } from '../src/online/lookup.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

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
    expect(files).toEqual(expect.arrayContaining([DECISION_LOG_FILE, SEARCH_LOG_FILE, PENDING_FILE, DECISIONS_FILE]));
    // A table of a review folder has a section of its own; a file of a screening workspace one under "Files of a screening workspace".
    for (const file of files) expect(text.includes(`\n## ${file}\n`) || text.includes(`\n### ${file}\n`), file).toBe(true);
  });
});

describe('the dictionary documents the files of a screening workspace', () => {
  const text = dictionaryMarkdown();
  const workspace = text.split('\n## Files of a screening workspace\n')[1];
  /** The section of one workspace file: from its heading to the next heading of its level or above. */
  const section = (file: string): string => {
    expect(workspace, 'the dictionary has a "Files of a screening workspace" section').toBeDefined();
    const after = workspace!.split(`\n### ${file}\n`)[1];
    expect(after, `${file} has a section under "Files of a screening workspace"`).toBeDefined();
    return after!.split(/\n#{2,3} /)[0]!;
  };
  /** The names in the first column of the section's first table, in order. */
  const documented = (file: string): string[] => {
    const lines = section(file).split('\n');
    const start = lines.findIndex((l) => l.startsWith('| column |') || l.startsWith('| key |'));
    expect(start, `${file} has a column table`).toBeGreaterThanOrEqual(0);
    const rows: string[] = [];
    for (const line of lines.slice(start + 2)) {
      if (!line.startsWith('| ')) break;
      rows.push(/^\| `([^`]+)` \| \S/.exec(line)?.[1] ?? `(a row without a name or a meaning: ${line})`);
    }
    return rows;
  };

  it('lists the four files, each taking its name and its columns from the code that writes it', () => {
    expect(WORKSPACE_FILES.map((f) => f.file)).toEqual([DECISION_LOG_FILE, SEARCH_LOG_FILE, PENDING_FILE, DECISIONS_FILE]);
    expect(WORKSPACE_FILES.map((f) => f.columns)).toEqual([EVENT_FIELDS, SEARCH_FIELDS, PENDING_FIELDS, DEDUPE_DECISION_KINDS]);
    // The same objects, not copies: a column added to the writer's list is a column of the dictionary.
    expect(WORKSPACE_FILES[0]!.columns).toBe(EVENT_FIELDS);
    expect(WORKSPACE_FILES[1]!.columns).toBe(SEARCH_FIELDS);
    expect(WORKSPACE_FILES[2]!.columns).toBe(PENDING_FIELDS);
    // A meaning for each column, and none for a column that is not there.
    for (const f of WORKSPACE_FILES) expect(Object.keys(f.meanings).sort(), f.file).toEqual([...f.columns].sort());
  });

  it('documents every column of each file, in order and no other, each with a meaning; says what writes it and whether a person may edit it', () => {
    expect(documented(DECISION_LOG_FILE)).toEqual([...EVENT_FIELDS]);
    expect(documented(SEARCH_LOG_FILE)).toEqual([...SEARCH_FIELDS]);
    expect(documented(PENDING_FILE)).toEqual([...PENDING_FIELDS]);
    expect(documented(DECISIONS_FILE)).toEqual(['same', 'different']);
    for (const f of WORKSPACE_FILES) {
      const about = section(f.file).split('\n| ')[0]!;
      expect(about, f.file).toMatch(/[Ww]ritten by `?npa/);
      expect(about, f.file).toMatch(/by hand/);
    }
  });

  it('documents every action and the decisions of every stage of the decision log', () => {
    const events = section(DECISION_LOG_FILE);
    const actions = events.split('\n#### Actions\n')[1]?.split('\n#### ')[0] ?? '';
    for (const a of ACTIONS) expect(actions, a).toMatch(new RegExp(`\\n\\| \`${a}\` \\| \\S`));
    expect(ACTIONS).toHaveLength(7);
    const stages = events.split('\n#### Decisions per stage\n')[1] ?? '';
    for (const st of STAGES) expect(stages, st).toContain(`| \`${st}\` | ${STAGE_DECISIONS[st].map((d) => `\`${d}\``).join(', ')} |`);
  });

  it('every column npa writes to the files of a real workspace is documented (init, screen add/decide/clear/fulltext, lookup, dedupe --mark-*)', async () => {
    const ws = join(tempDir(), 'ws');
    const ok = async (args: string[]) => {
      const r = await runCli(args);
      expect(r.code, `npa ${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    const d = ['--data', ws];
    await ok(['init', ws]);
    await ok(['screen', 'add', join(FIXTURES, 'update', 'pubmed-2023.nbib'), ...d, '--database', 'PubMed', '--date', '2023-09-01', '--who', 'FW']);
    await ok(['screen', 'decide', 'PubMed:90000001', 'PubMed:90000002', ...d, '--stage', 'title-abstract', '--include', '--who', 'FW', '--note', 'a note']);
    await ok(['screen', 'decide', 'PubMed:90000003', ...d, '--stage', 'title-abstract', '--exclude', 'other', '--text', 'why', '--who', 'JL']);
    await ok(['screen', 'clear', 'PubMed:90000003', ...d, '--stage', 'title-abstract', '--who', 'JL', '--reason', 'by mistake']);
    await ok(['screen', 'fulltext', 'PubMed:90000001', 'https://example.org/paper.pdf', ...d, '--who', 'FW']);
    // Offline, for a ref that is not in the dataset: nothing to look up, no network, and the file is still written.
    await ok(['lookup', ...d, '--offline', '--ref', '9999']);
    await ok(['dedupe', ...d, '--mark-same', '1,2', '--mark-different', '3,4']);

    const csv = (file: string) => parse(readFileSync(join(ws, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const header = (file: string) => readFileSync(join(ws, file), 'utf8').split('\n')[0]!.split(',');
    for (const file of [DECISION_LOG_FILE, SEARCH_LOG_FILE, PENDING_FILE]) {
      const written = header(file);
      expect(written.length, file).toBeGreaterThan(5);
      expect(documented(file), file).toEqual(written);
    }
    const events = csv(DECISION_LOG_FILE);
    expect(events.map((e) => e.action)).toEqual(['decide', 'decide', 'decide', 'clear', 'fulltext']);
    const actions = section(DECISION_LOG_FILE).split('\n#### Actions\n')[1]!;
    for (const e of events) {
      expect(actions, e.action).toContain(`| \`${e.action}\` |`);
      expect(section(DECISION_LOG_FILE), e.stage).toContain(`\`${e.stage}\``);
    }
    expect(csv(SEARCH_LOG_FILE)).toHaveLength(1);
    const decisions = JSON.parse(readFileSync(join(ws, DECISIONS_FILE), 'utf8')) as Record<string, unknown>;
    expect(decisions).toEqual({ same: [['1', '2']], different: [['3', '4']] });
    expect(documented(DECISIONS_FILE)).toEqual(Object.keys(decisions));
  });

  it("lookup-pending.csv's rows have a cell for each documented column, in its place", () => {
    const p: Proposal = {
      ref: 7, field: 'doi', value: '10.5555/x', status: 'review', via: ['Crossref query', 'PubMed record 1'], score: 0.65, agree: ['title', 'year'], disagree: ['volume'],
      url: 'https://api.crossref.org/works/10.5555/x', candidate: { title: 'A title', journal: 'A journal', year: 2020 }, note: 'a note',
    };
    const row = pendingRow(p);
    const cell = Object.fromEntries(documented(PENDING_FILE).map((c, i) => [c, row[i]]));
    expect(row).toHaveLength(documented(PENDING_FILE).length);
    expect(cell).toEqual({
      ref: '7', field: 'doi', value: '10.5555/x', status: 'review', score: '0.65', agree: 'title;year', disagree: 'volume', via: 'Crossref query + PubMed record 1',
      url: 'https://api.crossref.org/works/10.5555/x', candidate_title: 'A title', candidate_journal: 'A journal', candidate_year: '2020', note: 'a note',
    });
  });
});
