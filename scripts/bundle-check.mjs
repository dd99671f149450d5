// The build check: no module (a source file, or a file of a package) may sit in two output files.
// Run by scripts/build.mjs after every build and by test/bundles.test.ts (npm test) on dist/meta.json.

/** [module, output files] for every input that contributes bytes to more than one output. */
export function duplicatedModules(metafile) {
  const where = new Map();
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (out.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      if (bytesInOutput === 0) continue;
      where.set(input, [...(where.get(input) ?? []), out]);
    }
  }
  return [...where].filter(([, outs]) => outs.length > 1);
}

/** The package a bundled input belongs to (node_modules/@scope/name or node_modules/name), else null. */
export function packageOf(input) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? m[1] : null;
}

/** package → the output files holding any of its modules. */
export function packagesByOutput(metafile) {
  const where = new Map();
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (out.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      const pkg = packageOf(input);
      if (!pkg || bytesInOutput === 0) continue;
      where.set(pkg, new Set([...(where.get(pkg) ?? []), out]));
    }
  }
  return where;
}
