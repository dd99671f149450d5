// Issue 8 §4: a lower layer never imports a higher one. The layers are data (src/layers.json); this
// test scans every import in src/ (type-only imports too: they are dependencies of the design).
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');
const { layers } = JSON.parse(readFileSync(join(SRC, 'layers.json'), 'utf8')) as { layers: { layer: string; paths: string[] }[] };

/** The layer rank of a path relative to src/ (longest listed prefix wins), or undefined. */
export function rankOf(path: string): number | undefined {
  let best: { rank: number; length: number } | undefined;
  layers.forEach((l, rank) => {
    for (const p of l.paths) if ((path === p || (p.endsWith('/') && path.startsWith(p))) && (!best || p.length > best.length)) best = { rank, length: p.length };
  });
  return best?.rank;
}

/** [importer, imported] for every relative import in the given sources. */
export function importsOf(files: Record<string, string>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      pairs.push([file, posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts')]);
    }
  }
  return pairs;
}

function violations(files: Record<string, string>): string[] {
  return importsOf(files)
    .filter(([from, to]) => (rankOf(from) ?? -1) < (rankOf(to) ?? -1))
    .map(([from, to]) => `${from} (${layers[rankOf(from)!]!.layer}) imports ${to} (${layers[rankOf(to)!]!.layer})`);
}

const sources: Record<string, string> = Object.fromEntries(
  (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [relative(SRC, join(SRC, f)).split('\\').join('/'), readFileSync(join(SRC, f), 'utf8')]),
);

describe('layers (src/layers.json)', () => {
  it('every source file belongs to a layer', () => {
    expect(Object.keys(sources).filter((f) => rankOf(f) === undefined)).toEqual([]);
  });
  it('no lower layer imports a higher one', () => {
    expect(violations(sources)).toEqual([]);
  });
  it('the check catches an upward import (so it can fail)', () => {
    expect(violations({ 'schema/x.ts': "import { emit } from '../commands/output.js';", 'load/y.ts': "const m = await import('../format/csv.js');" })).toEqual([
      'schema/x.ts (schema) imports commands/output.ts (commands)',
      'load/y.ts (load) imports format/csv.ts (format)',
    ]);
  });
  it('the layers named in src/layers.json are the folders of src/', () => {
    const folders = new Set(Object.keys(sources).map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)));
    const listed = new Set(layers.flatMap((l) => l.paths));
    expect([...folders].filter((f) => !listed.has(f))).toEqual([]);
  });
});
