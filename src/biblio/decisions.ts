// Dedupe decisions a person made ("these two are the same publication" / "different"), kept in a JSON
// file (default DATA/dedupe-decisions.json) and applied on every later run: { "same": [[a, b]...],
// "different": [[a, b]...] }. Marking a pair one way removes it from the other list.
import { existsSync, readFileSync } from 'node:fs';
import type { Decisions } from './dedupe.js';
import { fileProblem, InputError, isFsError } from '../errors.js';
import { decodeText } from '../bytes.js';
import { DEDUPE_DECISIONS_FILE, type DedupeDecisionKind } from '../schema/workspace.js';

/** The default decisions file (its name and its two lists declared in src/schema/workspace.ts, for the dictionary). */
export const DECISIONS_FILE = DEDUPE_DECISIONS_FILE;

export function readDecisions(path: string): Decisions {
  if (!existsSync(path)) return { same: [], different: [] };
  let text: string;
  try {
    text = decodeText(readFileSync(path), path, 'utf8', false);
  } catch (error) {
    if (!isFsError(error)) throw error;
    throw new InputError(`cannot read ${path}: ${fileProblem(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message}); fix or remove it.`);
  }
  const pairs = (v: unknown, key: string): [string, string][] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string')))
      throw new InputError(`${path}: "${key}" must be a list of [id, id] pairs.`);
    return v as [string, string][];
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new InputError(`${path}: expected an object { "same": [[id, id], ...], "different": [...] }, found ${data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data}; fix or remove it.`);
  const d = data as Record<string, unknown>;
  return { same: pairs(d.same, 'same'), different: pairs(d.different, 'different') };
}

/** Withdraws a pair's decision, either way (an undo), in memory (the caller saves, under the folder's lock). */
export function unmarkPair(decisions: Decisions, pair: [string, string]): void {
  const key = (p: [string, string]) => [...p].sort().join('\u0000');
  decisions.same = decisions.same.filter((p) => key(p) !== key(pair));
  decisions.different = decisions.different.filter((p) => key(p) !== key(pair));
}

/** The decisions file's text. */
export const decisionsJson = (decisions: Decisions): string => JSON.stringify(decisions, null, 2) + '\n';

/** Records a pair in memory (the caller saves, under the folder's lock: npa dedupe --mark-*). */
export function markPair(decisions: Decisions, kind: DedupeDecisionKind, pair: [string, string]): void {
  const key = (p: [string, string]) => [...p].sort().join('\u0000');
  const opposite = kind === 'same' ? 'different' : 'same';
  decisions[opposite] = decisions[opposite].filter((p) => key(p) !== key(pair));
  if (!decisions[kind].some((p) => key(p) === key(pair))) decisions[kind].push(pair);
}
