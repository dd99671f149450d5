// Bundles src/ into dist/npa.cjs, the CLI as npa starts it (one CommonJS file: no ES-module loader and no
// further file on the way to the first output), and three lazily loaded ES-module bundles (plus shared
// chunks) that the commands load when they need them. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { duplicatedModules } from './bundle-check.mjs';
import { dirname, join, relative, sep } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Changes with any source file, so a new build never reads a dataset cache written by an old one.
const buildId = createHash('sha256')
  .update(pkg.version)
  .update(readdirSync('src', { recursive: true }).sort().map((f) => `${f}\0${safeRead(`src/${f}`)}`).join('\0'))
  .digest('hex')
  .slice(0, 16);

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // a folder
  }
}

rmSync('dist', { recursive: true, force: true });

const cwd = process.cwd();
const src = join(cwd, 'src');
const MAIN = join(src, 'main.ts');
const define = { __NPA_VERSION__: JSON.stringify(pkg.version), __NPA_BUILD_ID__: JSON.stringify(buildId) };

// The lazy bundles, by name. A bundle's entry file (src/bundles/*.ts) re-exports what it holds; the modules it
// re-exports are its own, and an import() of one of them loads the bundle's file.
const BUNDLES = {
  validator: 'src/bundles/validator.ts',
  biblio: 'src/bundles/biblio.ts',
  analysis: 'src/bundles/analysis.ts',
};

/** The modules each bundle owns: the files its entry re-exports (read from the entry's export lines). */
function owners() {
  const owner = new Map();
  for (const [name, entry] of Object.entries(BUNDLES))
    for (const [, spec] of readFileSync(entry, 'utf8').matchAll(/^export\s[^;]*?from\s+'(\.[^']+)'/gms))
      owner.set(join(dirname(join(cwd, entry)), spec).replace(/\.js$/, '.ts'), name);
  return owner;
}
const ownedBy = owners();

// zod re-exports all 40+ of its message locales (about 265 kB, 40% of the bundle) from its entry point.
// npa prints English messages only, so the locales namespace is cut down to `en`: less to compile.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// commander requires node:child_process when it loads, for executable subcommands, which npa does not
// use; loading child_process (and net, dgram, stream with it) costs about 8 ms of every start. Commander's
// require gets a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${sep}commander${sep}`) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });\n",
      loader: 'js',
    }));
  },
};

// In the ES-module bundles, an `import ... from 'node:fs'` makes Node build the module's ESM facade, which reads
// every export, lazy getters included (fs.promises, fs.ReadStream load the streams). Node's built-ins are taken
// with require() instead (the getters stay lazy), through esbuild's interop.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement' && args.namespace === 'file' && args.importer.startsWith(src) ? { path: args.path, namespace: 'builtin-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

// 1. What npa needs before it runs: src/main.ts's static import graph (npa's own modules), found by a dry
//    build that follows static imports only.
const probe = await build({
  entryPoints: [MAIN],
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'silent',
  define,
  plugins: [{ name: 'static-only', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }],
});
const startup = Object.keys(probe.metafile.inputs).filter((f) => f.startsWith('src/')).map((f) => join(cwd, f));
const startupIndex = new Map(startup.map((path, i) => [path, i]));

// A module or package that startup code loads with import() and that no bundle owns becomes an entry of its own
// in step 3 (dist/lazy-NAME.js), loaded only when used (chalk, csv-stringify's writer, the meta extras).
const lazyEntries = new Map();
const lazyName = (path) => {
  const pkgMatch = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  const base = pkgMatch ? pkgMatch[1] : relative(src, path).replace(/\.ts$/, '');
  return `lazy-${base.replace(/[^A-Za-z0-9]+/g, '-')}`;
};

// 2. dist/npa.cjs: the startup graph as one CommonJS file. It also exports each startup module's namespace
//    (m0, m1, ...), which the lazy bundles use instead of a copy of their own (so each module exists once, and
//    `instanceof` holds across files). An import() of a bundle's module loads that bundle's file.
const startupEntry = {
  name: 'startup-entry',
  setup(b) {
    b.onResolve({ filter: /^npa-startup-entry$/ }, () => ({ path: 'npa-startup-entry', namespace: 'startup-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'startup-entry' }, () => ({
      contents: [`export { main, run } from ${JSON.stringify(MAIN)};`, ...startup.map((path, i) => `export * as m${i} from ${JSON.stringify(path)};`)].join('\n'),
      resolveDir: cwd,
      loader: 'ts',
    }));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, importer: args.importer, kind: 'import-statement' });
      if (real.errors.length) return undefined;
      const path = real.path.replace(/\.js$/, '.ts');
      if (startupIndex.has(path)) return undefined; // already in this file
      const bundle = ownedBy.get(path);
      if (bundle) return { path: `./${bundle}.js`, external: true };
      const name = lazyName(real.path);
      lazyEntries.set(name, real.path);
      return { path: `./${name}.js`, external: true };
    });
  },
};
const cjs = await build({
  entryPoints: { npa: 'npa-startup-entry' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  define: { ...define, 'import.meta.url': '__npaImportMetaUrl' },
  banner: { js: "const __npaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  plugins: [startupEntry, lazyChildProcess],
});

// 3. The lazy ES-module bundles, code-split among themselves. A startup module they import is read from
//    dist/npa.cjs (require() gives the instance npa started with), never bundled again.
const fromStartup = {
  name: 'from-startup',
  setup(b) {
    b.onResolve({ filter: /^\.\/npa\.cjs$/ }, (args) => (args.namespace === 'npa-startup' ? { path: './npa.cjs', external: true } : undefined));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.namespace !== 'file' || !args.importer.startsWith(src) || args.path.startsWith('node:')) return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, importer: args.importer, kind: 'import-statement' });
      if (real.errors.length || real.external) return undefined;
      const path = real.path.replace(/\.js$/, '.ts');
      if (args.kind === 'dynamic-import' && ownedBy.has(path) && !startupIndex.has(path)) return { path: `./${ownedBy.get(path)}.js`, external: true };
      return startupIndex.has(path) ? { path, namespace: 'npa-startup' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'npa-startup' }, (args) => ({
      contents: `module.exports = require('./npa.cjs').m${startupIndex.get(args.path)};\n`,
      loader: 'js',
    }));
  },
};
const esm = await build({
  entryPoints: { ...BUNDLES, ...Object.fromEntries(lazyEntries) },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  define,
  // CommonJS (dist/npa.cjs, and CommonJS packages' own require()s) is reached through require().
  banner: { js: "import { createRequire as __npaCreateRequire } from 'node:module'; const require = __npaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  outdir: 'dist',
  chunkNames: '[name]-[hash]',
  plugins: [fromStartup, zodEnglishOnly, builtinsByRequire],
});

const metafile = { inputs: { ...cjs.metafile.inputs, ...esm.metafile.inputs }, outputs: { ...cjs.metafile.outputs, ...esm.metafile.outputs } };
writeFileSync('dist/meta.json', JSON.stringify(metafile));
const twice = duplicatedModules(metafile);
if (twice.length) {
  console.error(`build: ${twice.length} module(s) bundled into more than one output file:\n${twice.map(([m, outs]) => `  ${m}: ${outs.join(', ')}`).join('\n')}`);
  process.exit(1);
}
