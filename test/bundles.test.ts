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
  const startupFile = 'dist/npa.cjs';
  const packages = new Set(Object.keys(meta.outputs[startupFile]!.inputs).map(packageOf).filter(Boolean));
  it('npa starts by loading one CommonJS file, dist/npa.cjs, holding exactly src/main.ts\'s static import graph', () => {
    const bin = readFileSync(join(ROOT, 'bin', 'npa.js'), 'utf8');
    expect(bin).toContain("require('../dist/npa.cjs')");
    expect(JSON.parse(readFileSync(join(ROOT, 'bin', 'package.json'), 'utf8')).type).toBe('commonjs');
    // a CommonJS file with no static import of another output: nothing else is read before npa runs
    expect(meta.outputs[startupFile]!.imports.filter((i) => i.kind !== 'dynamic-import' && !i.external)).toEqual([]);
    const needed = staticSources('src/main.ts');
    expect(needed.has('src/cli.ts')).toBe(true);
    const held = new Set(contributes(startupFile).filter((input) => input.startsWith('src/')));
    expect([...held].sort()).toEqual([...needed].filter((input) => input.startsWith('src/')).sort());
  });
  it('the lazy bundles read the startup modules from dist/npa.cjs instead of carrying a copy', () => {
    const needed = [...staticSources('src/main.ts')].filter((input) => input.startsWith('src/'));
    for (const [out, info] of Object.entries(meta.outputs)) {
      if (out === startupFile || out.endsWith('.map')) continue;
      for (const input of needed) expect(info.inputs[input]?.bytesInOutput ?? 0, `${input} in ${out}`).toBe(0);
    }
    for (const bundle of ['dist/validator.js', 'dist/biblio.js', 'dist/analysis.js']) {
      const inputs = staticClosure(bundle).flatMap((f) => Object.keys(meta.outputs[f]!.inputs));
      expect(inputs.some((input) => input.startsWith('npa-startup:')), bundle).toBe(true);
    }
  });
  it('the file loaded at startup holds commander and no validator, parser, statistics library, chalk or csv-stringify', () => {
    expect([...packages]).toEqual(['commander']);
  });
  it('chalk and csv-stringify are in the build, loaded on demand', () => {
    const all = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs).map(packageOf)));
    expect(all.has('chalk')).toBe(true);
    expect(all.has('csv-stringify')).toBe(true);
  });
});
