// npa dedupe --review: the ranked pairs for a person, one per cleared screen, driven by scripted keys as
// test/screener.test.ts drives the screener. Decisions go to the decisions file at once (atomically), undo
// takes one out again, and a later run applies them. Writes into the shipped review are refused.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDecisions } from '../src/biblio/decisions.js';
import { dedupe } from '../src/biblio/dedupe.js';
import { dedupeReviewLoop, reviewList, type DedupeLoopIo } from '../src/biblio/dedupe-review.js';
import { decisionsJson, markPair, unmarkPair } from '../src/biblio/decisions.js';
import { emptyRecord, type BibRecord } from '../src/biblio/record.js';
import { runDedupe } from '../src/commands/dedupe.js';
import { FIXTURES, ROOT, fakeIo, runCli, tempDir } from './helpers.js';

const rec = (id: string, fields: Partial<BibRecord>): BibRecord => ({ ...emptyRecord(id), ...fields });
// Three articles, each with its conference abstract: three pairs a person must decide (conference vs article).
const article = (n: number, title: string): BibRecord[] => {
  const f = { title, authors: [`Author${n}, A`], year: 2020 + n, journal: 'J Vasc Interv Radiol', volume: String(30 + n) };
  return [rec(`art${n}`, { ...f, pages: `${100 * n}-${100 * n + 9}` }), rec(`abs${n}`, { ...f, type: 'ABST' })];
};
const RECORDS = [
  ...article(1, 'Radiofrequency ablation of painful vertebral metastases in forty patients'),
  ...article(2, 'Cryoablation of pelvic bone metastases with thermal protection of nerves'),
  ...article(3, 'Microwave ablation of sacral metastases under cone beam CT guidance'),
];

function scripted(keys: string[], path: string, width = 80): { io: DedupeLoopIo; screens: string[] } {
  const screens: string[] = [];
  const decisions = readDecisions(path);
  return {
    screens,
    io: {
      key: async () => keys.shift() ?? null,
      show: (t) => void screens.push(t),
      width: () => width,
      height: () => 24,
      color: false,
      record: (pair, kind) => {
        if (kind) markPair(decisions, kind, pair);
        else unmarkPair(decisions, pair);
        writeFileSync(path, decisionsJson(decisions));
      },
    },
  };
}

describe('the dedupe review loop (scripted keys)', () => {
  it('ranked pairs with the reason; same, different, undo, next; saved at once and re-applied', async () => {
    const items = reviewList(RECORDS, dedupe(RECORDS));
    expect(items.map((i) => i.reason)).toEqual(Array(3).fill('conference paper or abstract vs article'));
    const [p1, p2, p3] = items.map((i) => i.ids);
    const path = join(tempDir(), 'dedupe-decisions.json');
    // p1 same; p2 different; undo (p2 shown again); next (p2 left); p3 different; the list ends
    const { io, screens } = scripted(['s', 'd', 'u', 'n', 'd'], path);
    const summary = await dedupeReviewLoop(items, io);
    const cards = screens.filter((s) => s.startsWith('\u001b[2J\u001b[H'));
    expect(cards).toHaveLength(5);
    expect(cards[0]).toMatch(/^\u001b\[2J\u001b\[H1 of 3, possible duplicates · rank 1/);
    expect(cards[0]).toContain('why a person decides: conference paper or abstract vs article');
    expect(cards[0]).toContain(`[1] ${p1![0]}`);
    expect(cards[0]).toContain(`[2] ${p1![1]}`);
    expect(cards[1]).toContain(`✓ ${p1![0]} and ${p1![1]}: the same publication saved — u to undo`);
    expect(cards[3]).toMatch(/^\u001b\[2J\u001b\[H2 of 3/);
    expect(cards[3]).toContain(`↶ undid "different" on ${p2![0]} and ${p2![1]}`);
    for (const s of screens) {
      const lines = s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(79);
      expect(lines.length).toBeLessThanOrEqual(25); // 24 rows and the trailing newline
    }
    expect(summary).toBe('2 decision(s) this session: 1 same, 1 different; 1 pair(s) left undecided.');
    // the file holds p1 as same and p3 as different (p2 withdrawn), and a later run applies them
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved).toEqual({ same: [p1], different: [p3] });
    const again = dedupe(RECORDS, { decisions: readDecisions(path) });
    expect(again.clusters.map((c) => [c.ids, c.rule])).toEqual([[p1, 'person']]);
    expect(reviewList(RECORDS, again, readDecisions(path)).map((i) => i.ids)).toEqual([p2]);
  });
  it('q quits at once; nothing is written', async () => {
    const path = join(tempDir(), 'd.json');
    const { io } = scripted(['q'], path);
    expect(await dedupeReviewLoop(reviewList(RECORDS, dedupe(RECORDS)), io)).toMatch(/^0 decision\(s\)/);
    expect(existsSync(path)).toBe(false);
  });
});

/** A stand-in terminal: keys arrive as typed once the command listens. */
function fakeTerminal(keys: string): NodeJS.ReadStream {
  const input = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.assign(input, {
    isTTY: true,
    raw: false,
    setRawMode(on: boolean) { input.raw = on; return input; },
    resume() { setImmediate(() => input.emit('data', Buffer.from(keys))); return input; },
    pause() { return input; },
  });
  return input as unknown as NodeJS.ReadStream;
}

describe('npa dedupe --review', () => {
  const files = [join(FIXTURES, 'dedupe-agree', 'first.ris'), join(FIXTURES, 'dedupe-agree', 'second.ris')];
  it('in a terminal: the pair is decided, saved in --decisions and applied on the next run', { timeout: 60_000 }, async () => {
    const path = join(tempDir(), 'decisions.json');
    const io = fakeIo({ isTTY: true });
    // three pairs for a person (the conference abstract, the erratum, one title under two DOIs), the
    // most likely first: the abstract is answered "same", then q leaves the other two undecided
    const input = fakeTerminal('sq');
    const code = await runDedupe({ files, data: join(ROOT, 'data'), skipBad: false, json: false, decisions: path, review: true, formulaGuard: true }, io, input);
    expect(code).toBe(0);
    expect((input as unknown as { raw: boolean }).raw).toBe(false); // the terminal is given back
    expect(io.out.join('')).toContain('why a person decides: conference paper or abstract vs article');
    expect(readDecisions(path).same).toEqual([['A1', 'C1']]);
    const next = await runCli(['dedupe', ...files, '--decisions', path, '--json']);
    const d = JSON.parse(next.stdout);
    expect(d.clusters.map((c: { ids: string[] }) => c.ids)).toEqual([['A1', 'A2', 'C1']]);
    expect(d.maybe.map((m: { reason: string }) => m.reason)).toEqual([
      expect.stringMatching(/^erratum notice that concerns this paper/),
      expect.stringMatching(/^the same title, first author and journal under two DOIs/),
    ]);
  });
  it('a decisions file given with --decisions is applied (different keeps a pair apart)', { timeout: 60_000 }, async () => {
    const path = join(tempDir(), 'decisions.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, JSON.stringify({ same: [], different: [['A2', 'C1'], ['E1', 'A1'], ['D2', 'D1']] }));
    const d = JSON.parse((await runCli(['dedupe', ...files, '--decisions', path, '--json'])).stdout);
    expect(d.maybe).toEqual([]);
    expect(d.clusters.map((c: { ids: string[] }) => c.ids)).toEqual([['A1', 'A2']]);
  });
  it('refused without a terminal, and when aimed at the shipped review (exit 2)', { timeout: 60_000 }, async () => {
    const noTty = await runCli(['dedupe', ...files, '--review', '--decisions', join(tempDir(), 'x.json')]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/needs a terminal/);
    const shipped = await runCli(['dedupe', '--review']);
    expect(shipped.code).toBe(2);
    expect(shipped.stderr).toMatch(/npa init/);
    const into = await runCli(['dedupe', ...files, '--mark-same', 'A1,C1', '--decisions', join(ROOT, 'data', 'dedupe-decisions.json')]);
    expect(into.code).toBe(2);
    expect(into.stderr).toMatch(/shipped review/);
    expect(existsSync(join(ROOT, 'data', 'dedupe-decisions.json'))).toBe(false);
  });
  it('--help lists the keys', async () => {
    const help = await runCli(['dedupe', '--help']);
    for (const k of ['s  the same publication', 'd  different publications', 'n  next', 'u  undo', 'q  quit']) expect(help.stdout).toContain(k);
  });
});
