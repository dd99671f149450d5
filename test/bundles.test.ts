// Issue 8 §4/§5: no module is bundled twice, and `npa summary` starts without loading the validator,
// the parsers, the statistics libraries, chalk or csv-stringify. Reads dist/meta.json, the esbuild
// metafile that scripts/build.mjs writes (npm test builds first).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script without types
import { duplicatedModules, packageOf, packagesByOutput } from '../scripts/bundle-check.mjs';
import { ROOT } from './helpers.js';

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; imports: { path: string; kind: string; external?: boolean }[] }>;
}
const meta: Metafile = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8'));

/** The output files loaded before any code runs: an entry and its static imports, transitively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !meta.outputs[file]) return;
    seen.add(file);
    for (const i of meta.outputs[file]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  return [...seen];
}

describe('the build check', () => {
  it('finds a module placed in two output files (so it can fail)', () => {
    const fake = { outputs: { 'dist/a.js': { inputs: { 'node_modules/zod/index.js': { bytesInOutput: 10 }, 'src/x.ts': { bytesInOutput: 5 } } }, 'dist/b.js': { inputs: { 'node_modules/zod/index.js': { bytesInOutput: 10 } } }, 'dist/b.js.map': { inputs: {} } } };
    expect(duplicatedModules(fake)).toEqual([['node_modules/zod/index.js', ['dist/a.js', 'dist/b.js']]]);
    expect(packageOf('node_modules/@stdlib/math-base-special-ln/lib/main.js')).toBe('@stdlib/math-base-special-ln');
  });
  it('the real build bundles no module twice', () => {
    expect(duplicatedModules(meta)).toEqual([]);
  });
  it('each of zod, csv-parse, csv-stringify, chalk and commander is in one output file', () => {
    const where = packagesByOutput(meta) as Map<string, Set<string>>;
    for (const pkg of ['zod', 'csv-parse', 'csv-stringify', 'chalk', 'commander']) expect([...(where.get(pkg) ?? [])], pkg).toHaveLength(1);
  });
});

/** The source modules src/main.ts imports statically, transitively (what must be loaded before npa runs). */
function staticSources(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (input: string) => {
    if (seen.has(input) || !meta.inputs[input]) return;
    seen.add(input);
    for (const i of meta.inputs[input]!.imports) if ((i.kind === 'import-statement' || i.kind === 'require-call') && !i.external) visit(i.path);
  };
  visit(entry);
  return seen;
}
const contributes = (file: string) => Object.entries(meta.outputs[file]!.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k);

describe('startup stays light (issue 8 §5)', () => {
  const startup = staticClosure('dist/npa.js');
  const packages = new Set(startup.flatMap((f) => Object.keys(meta.outputs[f]!.inputs).map(packageOf).filter(Boolean)));
  const startupChunk = startup.find((f) => f !== 'dist/npa.js')!;
  it('npa starts by loading two files: dist/npa.js and the one chunk that holds its whole static import graph', () => {
    expect(startup).toHaveLength(2);
    expect(contributes('dist/npa.js')).toEqual([]); // the entry only re-exports main from the chunk
    const needed = staticSources('src/main.ts');
    expect(needed.has('src/cli.ts')).toBe(true);
    const listed = new Set([...Object.keys(meta.outputs[startupChunk]!.inputs), ...Object.keys(meta.outputs['dist/npa.js']!.inputs)]);
    for (const input of needed) expect(listed.has(input), input).toBe(true);
    const held = new Set(contributes(startupChunk));
    // and nothing else: no module that startup does not import statically rides along
    for (const input of held) if (!input.startsWith('<')) expect(needed.has(input), input).toBe(true);
  });
  it('every lazily loaded bundle reuses the startup chunk instead of carrying its own copy', () => {
    for (const bundle of ['dist/validator.js', 'dist/biblio.js', 'dist/analysis.js']) expect(staticClosure(bundle), bundle).toContain(startupChunk);
  });
  it('the files loaded at startup hold commander and no validator, parser, statistics library, chalk or csv-stringify', () => {
    expect([...packages]).toEqual(['commander']);
  });
  it('chalk and csv-stringify are in the build, loaded on demand', () => {
    const all = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs).map(packageOf)));
    expect(all.has('chalk')).toBe(true);
    expect(all.has('csv-stringify')).toBe(true);
  });
});
