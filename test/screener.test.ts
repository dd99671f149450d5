// The interactive screener, driven by scripted keys on the hand-made exports (test/fixtures/update):
// one record per cleared screen at the terminal's width, progress, confirmation, undo of the last decision,
// maybes revisited, blind to the other reviewer, a summary at the end.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireValidDataset } from '../src/load/dataset.js';
import { reviewLoop, type LoopIo } from '../src/screening/review-loop.js';
import { commit } from '../src/screening/store.js';
import { applyEvents, openWorkspace, type Workspace } from '../src/screening/workflow.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';

const UPDATE = join(FIXTURES, 'update');

async function workspace(): Promise<string> {
  const ws = join(tempDir(), 'ws');
  expect((await runCli(['init', ws])).code).toBe(0);
  expect((await runCli(['screen', 'add', join(UPDATE, 'pubmed-2023.nbib'), '--data', ws, '--database', 'PubMed', '--date', '2023-09-01', '--who', 'FW'])).code).toBe(0);
  return ws;
}

function scripted(dir: string, keys: string[], width = 80): { io: LoopIo; screens: string[] } {
  const screens: string[] = [];
  const io: LoopIo = {
    key: async () => keys.shift() ?? null,
    line: async () => null,
    show: (t) => void screens.push(t),
    width: () => width,
    height: () => 24,
    color: false,
    record: (events) => {
      const ds = requireValidDataset(dir);
      const ws = openWorkspace(dir, ds);
      commit(dir, applyEvents(ws, events));
      return openWorkspace(dir, requireValidDataset(dir));
    },
    now: () => '2023-09-02T10:00:00.000Z',
  };
  return { io, screens };
}

const open = (dir: string): Workspace => openWorkspace(dir, requireValidDataset(dir));

describe('npa screen review (scripted keys)', () => {
  it('progress, confirmation, undo of the last decision, maybe revisited, summary; lines fit 80 columns', { timeout: 60_000 }, async () => {
    const dir = await workspace();
    // include P1; exclude P2 with reason 2 (visceral); maybe P3; undo (P3 back); maybe P3 again; revisit maybes, include P3; quit
    const { io, screens } = scripted(dir, ['i', 'e', '2', 'm', 'u', 'm', 'r', 'i', 'q']);
    await reviewLoop(open(dir), 'title-abstract', 'FW', io);
    const cards = screens.filter((s) => s.startsWith('\u001b[2J'));
    expect(cards[0]).toMatch(/^\u001b\[2J\u001b\[H1 of 5, stage 1 \(title-abstract\) · FW\n/);
    expect(cards[0]).toContain('+Radiofrequency ablation+'); // a search term, marked without colour
    expect(cards[0]).toContain('DOI 10.9999/npa.test.0001 · PMID 90000001');
    expect(cards[1]).toContain('✓ PubMed:90000001: include saved — u to undo');
    expect(cards.some((c) => c.includes('↶ undid maybe on PubMed:90000003'))).toBe(true);
    for (const s of screens) for (const line of s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split('\n')) expect(line.length).toBeLessThanOrEqual(79);
    const ws = open(dir);
    const vote = (id: string) => ws.states.find((s) => s.candidate.id === id)!.stages['title-abstract'].votes.find((v) => v.who === 'FW')?.decision;
    expect([vote('PubMed:90000001'), vote('PubMed:90000002'), vote('PubMed:90000003'), vote('PubMed:90000004')]).toEqual(['include', 'exclude', 'include', undefined]);
    expect(ws.events.filter((e) => e.id === 'PubMed:90000003').map((e) => `${e.action}:${e.decision}`)).toEqual(['decide:maybe', 'clear:', 'decide:maybe', 'decide:include']);
    expect(screens.at(-1)!.replace(/\n/g, ' ')).toMatch(/4 decision\(s\) by FW at title-abstract this session: 2 include, 1 exclude, 1 maybe; 2 record\(s\) left/);
  });

  it("never shows another reviewer's decision", { timeout: 60_000 }, async () => {
    const dir = await workspace();
    await reviewLoop(open(dir), 'title-abstract', 'FW', scripted(dir, ['e', '2', 'q']).io);
    const { io, screens } = scripted(dir, ['q']);
    await reviewLoop(open(dir), 'title-abstract', 'JL', io);
    expect(screens[0]).toMatch(/1 of 5, stage 1 \(title-abstract\) · JL/);
    expect(screens.join('')).not.toMatch(/visceral|FW|earlier decision|: exclude/);
  });
});
