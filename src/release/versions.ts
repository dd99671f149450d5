// Versions of a review: frozen copies of its data files with their statistics, and the differences
// between two versions (studies added, removed and recoded field by field; statistics that changed).
import { existsSync, readdirSync } from 'node:fs';
import type { Review } from '../schema/review.js';
import type { Study } from '../schema/study.js';
import { FIELD_NAMES } from '../schema/fields.js';
import { summarize } from '../stats/summary.js';
import { mdText as md } from '../format/markdown.js';

export const VERSIONS_DIR = 'versions';

/** The versions in a versions folder, oldest name first (temporary folders of a release in progress excluded). */
export function listVersions(root: string): string[] {
  return existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];
}

/** What a diff compares of each version. */
export interface VersionData {
  studies: readonly Study[];
  review: Review;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface VersionDiff {
  from: string;
  to: string;
  added: { ref: number; first_author: string; year: number; title: string }[];
  removed: { ref: number; first_author: string; year: number; title: string }[];
  recoded: { ref: number; changes: FieldChange[] }[];
  statistics: { id: string; label: string; from: { count: number; denominator: number } | null; to: { count: number; denominator: number } | null }[];
}

const brief = (s: Study) => ({ ref: s.ref, first_author: s.first_author, year: s.year, title: s.title });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffVersions(fromName: string, toName: string, from: VersionData, to: VersionData): VersionDiff {
  const [a, b] = [from.studies, to.studies];
  const [sa, sb] = [summarize(a, from.review), summarize(b, to.review)];
  const mapA = new Map(a.map((s) => [s.ref, s]));
  const mapB = new Map(b.map((s) => [s.ref, s]));
  const recoded: VersionDiff['recoded'] = [];
  for (const [ref, old] of mapA) {
    const now = mapB.get(ref);
    if (!now) continue;
    const changes = FIELD_NAMES.filter((f) => !same(old[f], now[f])).map((f) => ({ field: f, from: old[f], to: now[f] }));
    if (changes.length) recoded.push({ ref, changes });
  }
  const statsA = new Map(sa.map((s) => [s.id, s]));
  const statsB = new Map(sb.map((s) => [s.id, s]));
  const ids = [...new Set([...statsA.keys(), ...statsB.keys()])];
  const statistics = ids
    .map((id) => {
      const x = statsA.get(id);
      const y = statsB.get(id);
      return { id, label: (y ?? x)!.label, from: x ? { count: x.count, denominator: x.denominator } : null, to: y ? { count: y.count, denominator: y.denominator } : null };
    })
    .filter((s) => !same(s.from, s.to));
  return {
    from: fromName,
    to: toName,
    added: b.filter((s) => !mapA.has(s.ref)).map(brief),
    removed: a.filter((s) => !mapB.has(s.ref)).map(brief),
    recoded,
    statistics,
  };
}

export function diffMarkdown(d: VersionDiff): string {
  const cell = (v: unknown) => md(v === null || v === undefined ? '∅' : Array.isArray(v) ? v.join(';') || '∅' : String(v));
  const lines = [`Changes from ${d.from} to ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.recoded.length} recoded, ${d.statistics.length} statistics changed.`, ''];
  if (d.added.length) lines.push('Added:', ...d.added.map((s) => `- ${s.ref}: ${md(s.first_author)} ${s.year}, ${md(s.title)}`), '');
  if (d.removed.length) lines.push('Removed:', ...d.removed.map((s) => `- ${s.ref}: ${md(s.first_author)} ${s.year}, ${md(s.title)}`), '');
  if (d.recoded.length) lines.push('Recoded:', ...d.recoded.flatMap((r) => r.changes.map((c) => `- ${r.ref} ${c.field}: ${cell(c.from)} → ${cell(c.to)}`)), '');
  if (d.statistics.length)
    lines.push('Statistics:', ...d.statistics.map((s) => `- ${s.id} (${md(s.label.trim())}): ${s.from ? `${s.from.count}/${s.from.denominator}` : '∅'} → ${s.to ? `${s.to.count}/${s.to.denominator}` : '∅'}`), '');
  return lines.join('\n') + '\n';
}
