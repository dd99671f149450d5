// One engine everywhere (issue 9): `npa screen add` and `npa dedupe` put every pair of a hand-made
// fixture (test/fixtures/dedupe-agree/README.md: an article exported twice, its conference abstract,
// its erratum, one title under two DOIs; in a second pair of exports, a column heading before a title and a
// letter under two titles) in the same class: one publication, for a person, or apart.
// The expected classes are known by construction; both commands must give them, in any order of adding.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from './helpers.js';

const DIR = join(FIXTURES, 'dedupe-agree');
const FILES = { first: join(DIR, 'first.ris'), second: join(DIR, 'second.ris') };
const IDS = ['A1', 'A2', 'C1', 'D1', 'D2', 'E1'];
type Kind = 'same' | 'maybe' | 'different';

// By construction (README.md): every other pair is 'different'.
const EXPECTED: Record<string, Kind> = { 'A1|A2': 'same', 'A1|C1': 'maybe', 'A2|C1': 'maybe', 'A1|E1': 'maybe', 'A2|E1': 'maybe', 'D1|D2': 'maybe' };

/** Classes of all pairs from groups (id → group id) and pairs for a person (group-level). */
function classes(groupOf: (id: string) => string, maybe: [string, string][], ids: readonly string[] = IDS): Record<string, Kind> {
  const out: Record<string, Kind> = {};
  const linked = new Set(maybe.map(([a, b]) => [groupOf(a), groupOf(b)].sort().join('|')));
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i]!, ids[j]!];
      const ga = groupOf(a);
      const gb = groupOf(b);
      out[`${a}|${b}`] = ga === gb ? 'same' : linked.has([ga, gb].sort().join('|')) ? 'maybe' : 'different';
    }
  return out;
}

const expected = () => {
  const out: Record<string, Kind> = {};
  for (let i = 0; i < IDS.length; i++) for (let j = i + 1; j < IDS.length; j++) out[`${IDS[i]}|${IDS[j]}`] = EXPECTED[`${IDS[i]}|${IDS[j]}`] ?? 'different';
  return out;
};

async function byDedupe(files: string[], ids: readonly string[] = IDS): Promise<Record<string, Kind>> {
  const run = await runCli(['dedupe', ...files, '--json']);
  expect(run.code).toBe(0);
  const d = JSON.parse(run.stdout) as { clusters: { ids: string[] }[]; maybe: { ids: [string, string] }[] };
  const group = new Map<string, string>();
  for (const c of d.clusters) for (const id of c.ids) group.set(id, c.ids[0]!);
  return classes((id) => group.get(id) ?? id, d.maybe.map((m) => m.ids), ids);
}

/** Adds the files one by one (a search, then an update) and reads the classes from screening.csv. */
async function byScreenAdd(files: string[], decisions?: unknown, ids: readonly string[] = IDS): Promise<{ classes: Record<string, Kind>; notes: Map<string, string> }> {
  const ws = join(tempDir(), 'ws');
  expect((await runCli(['init', ws])).code).toBe(0);
  if (decisions) writeFileSync(join(ws, 'dedupe-decisions.json'), JSON.stringify(decisions));
  for (const [i, f] of files.entries()) {
    const run = await runCli(['screen', 'add', f, '--data', ws, '--database', `S${i + 1}`, '--date', '2023-09-01', '--who', 'FW']);
    expect(run.code, run.stderr).toBe(0);
  }
  const rows = parse(readFileSync(join(ws, 'screening.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const plain = (id: string) => id.replace(/^S\d+:/, '');
  const byId = new Map(rows.map((r) => [plain(r.id!), r]));
  const root = (id: string): string => {
    const d = byId.get(id)!.duplicate_of;
    return d ? root(plain(d)) : id;
  };
  const maybe: [string, string][] = [];
  const notes = new Map<string, string>();
  for (const r of rows) {
    notes.set(plain(r.id!), r.notes ?? '');
    for (const m of (r.notes ?? '').matchAll(/possible duplicate of (\S+) \(/g)) maybe.push([plain(r.id!), plain(m[1]!)]);
  }
  return { classes: classes(root, maybe, ids), notes };
}

describe('screen add and dedupe agree on every pair', () => {
  it('npa dedupe gives the classes known by construction', { timeout: 60_000 }, async () => {
    expect(await byDedupe([FILES.first, FILES.second])).toEqual(expected());
  });
  it.each([
    ['article first, then the update with its abstract', [FILES.first, FILES.second]],
    ['abstract first, then the article (the log keeps the record type)', [FILES.second, FILES.first]],
  ])('screen add: %s', { timeout: 120_000 }, async (_, files) => {
    const dedupe = await byDedupe(files);
    const screen = await byScreenAdd(files);
    expect(screen.classes).toEqual(dedupe);
    expect(screen.classes).toEqual(expected());
    // the pair for a person reaches the screener with the engine's reason
    const noted = [...screen.notes.values()].filter((n) => n.includes('possible duplicate'));
    expect(noted).toHaveLength(3);
    expect(noted).toEqual(expect.arrayContaining([
      expect.stringMatching(/conference paper or abstract vs article/),
      expect.stringMatching(/erratum notice that concerns this paper \(the same journal and volume and first author/),
      expect.stringMatching(/the same title, first author and journal under two DOIs \(10\.9999\/agree\.001[01] and 10\.9999\/agree\.001[01]\)/),
    ]));
  });
  it('one export holding every record', { timeout: 120_000 }, async () => {
    const both = join(tempDir(), 'both.ris');
    writeFileSync(both, `${readFileSync(FILES.first, 'utf8')}\n${readFileSync(FILES.second, 'utf8')}`);
    const screen = await byScreenAdd([both]);
    expect(screen.classes).toEqual(await byDedupe([both]));
    expect(screen.classes).toEqual(expected());
  });
  it("a person's decisions in the workspace (dedupe-decisions.json) apply to screen add as to dedupe", { timeout: 120_000 }, async () => {
    const apart = await byScreenAdd([FILES.first, FILES.second], { same: [], different: [['S1:A1', 'S2:C1'], ['S1:A1', 'S1:E1'], ['S1:D1', 'S2:D2']] });
    expect([...apart.notes.values()].filter((n) => n.includes('possible duplicate'))).toEqual([]);
    expect(apart.classes['A1|C1']).toBe('different');
    const same = await byScreenAdd([FILES.first, FILES.second], { same: [['S1:A1', 'S2:C1']], different: [] });
    expect(same.classes['A1|C1']).toBe('same');
    expect(same.classes['A2|C1']).toBe('same');
  });
  it('a column heading before a title (same) and a letter under two titles (for a person), in either order', { timeout: 120_000 }, async () => {
    const ids = ['H1', 'H2', 'R1', 'R2'];
    const want = { 'H1|H2': 'same', 'H1|R1': 'different', 'H1|R2': 'different', 'H2|R1': 'different', 'H2|R2': 'different', 'R1|R2': 'maybe' };
    for (const files of [[join(DIR, 'headings-first.ris'), join(DIR, 'headings-second.ris')], [join(DIR, 'headings-second.ris'), join(DIR, 'headings-first.ris')]]) {
      expect(await byDedupe(files, ids)).toEqual(want);
      const screen = await byScreenAdd(files, undefined, ids);
      expect(screen.classes).toEqual(want);
      const noted = [...screen.notes.values()].filter((n) => n.includes('possible duplicate'));
      expect(noted).toEqual([expect.stringMatching(/different titles; the same first three authors, year and journal/)]);
    }
  });
});
