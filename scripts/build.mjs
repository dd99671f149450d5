// Bundles src/ into dist/npa.js and three lazily loaded bundles (plus shared chunks), so that startup reads
// a few files instead of resolving hundreds of modules. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { duplicatedModules } from './bundle-check.mjs';
import { dirname, join, sep } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// zod re-exports all 40+ of its message locales (about 265 kB, 40% of the bundle) from its entry point.
// npa prints English messages only, so the locales namespace is cut down to `en`: less to compile at startup.
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

// The bundles, by name. A bundle's entry file (src/bundles/*.ts) re-exports what it holds; the modules it
// re-exports are its own. One esbuild build with code splitting makes them all, so a module or package used
// by several bundles sits in exactly one shared chunk (never bundled twice). What keeps the chunk count low
// (docs/decisions.md: automatic splitting of every lazy import gave ~20 chunks and a slower start) is one
// rule: a dynamic import() of a module that a bundle owns is redirected to that bundle's file. Other dynamic
// imports (csv-stringify, chalk, citation-js) become one small chunk each, loaded only when used.
const BUNDLES = {
  npa: 'src/main.ts',
  validator: 'src/bundles/validator.ts',
  biblio: 'src/bundles/biblio.ts',
  analysis: 'src/bundles/analysis.ts',
};
const src = join(process.cwd(), 'src');

/** The modules each bundle owns: the files its entry re-exports (read from the entry's export lines). */
function owners() {
  const owner = new Map();
  for (const [name, entry] of Object.entries(BUNDLES)) {
    if (name === 'npa') continue;
    for (const [, spec] of readFileSync(entry, 'utf8').matchAll(/^export\s[^;]*?from\s+'(\.[^']+)'/gms))
      owner.set(join(dirname(join(process.cwd(), entry)), spec).replace(/\.js$/, '.ts'), name);
  }
  return owner;
}

const ownedBy = owners();
const bundleImports = {
  name: 'bundle-imports',
  setup(b) {
    b.onResolve({ filter: /\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.startsWith(src)) return undefined;
      const bundle = ownedBy.get(join(args.resolveDir, args.path).replace(/\.js$/, '.ts'));
      return bundle ? { path: `./${bundle}.js`, external: true } : undefined;
    });
  },
};

// Startup loads as few files as possible. esbuild groups modules into chunks by the set of entries (named
// bundles and dynamic import() targets) that reach them. So every entry other than npa also reaches all of
// src/main.ts's static import graph: the lazy bundles through a wrapper entry, and every other dynamic
// import() target (chalk, csv-stringify's writer, the meta extras, citation-js, ...) through a wrapper module.
// Then that whole graph, with esbuild's runtime helpers, has one entry set and lands in ONE chunk: `npa`
// loads dist/npa.js and that chunk, and everything loaded later reuses the chunk instead of a second copy.
// The lazily loaded modules share chunks only among themselves.
const MAIN = join(process.cwd(), 'src', 'main.ts');
const withStartup = {
  name: 'with-startup',
  setup(b) {
    b.onResolve({ filter: /^npa-bundle:/ }, (args) => ({ path: args.path.slice('npa-bundle:'.length), namespace: 'npa-bundle' }));
    b.onLoad({ filter: /.*/, namespace: 'npa-bundle' }, (args) => ({
      contents: `export * from ${JSON.stringify(`./${BUNDLES[args.path]}`)};\nexport * as __startup from ${JSON.stringify(MAIN)};\n`,
      resolveDir: process.cwd(),
      loader: 'ts',
    }));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, importer: args.importer, kind: 'import-statement' });
      // Only npa's own modules: a package (CommonJS ones especially) keeps esbuild's own interop.
      if (real.errors.length || real.external || real.path.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: real.path, namespace: 'npa-lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'npa-lazy' }, (args) => {
      const hasDefault = /\bexport\s+default\b|\bas\s+default\b|module\.exports|exports\./.test(readFileSync(args.path, 'utf8'));
      const from = JSON.stringify(args.path);
      return {
        contents: `export * from ${from};\n${hasDefault ? `export { default } from ${from};\n` : ''}export * as __startup from ${JSON.stringify(MAIN)};\n`,
        resolveDir: dirname(args.path),
        loader: 'ts',
      };
    });
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
// An ESM `import ... from 'node:fs'` makes Node build the module's ESM facade, which reads every export,
// lazy getters included: fs.promises, fs.ReadStream, ... load the streams (several ms of every start).
// Node's built-ins are therefore taken with require() (lazy getters stay lazy), through esbuild's interop.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      // npa's own modules only: a lazily loaded package keeps its own imports, so the stand-ins stay in the startup chunk.
      args.kind === 'import-statement' && args.namespace === 'file' && args.importer.startsWith(src) ? { path: args.path, namespace: 'builtin-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};
const entryPoints = Object.fromEntries(Object.entries(BUNDLES).map(([name, entry]) => [name, name === 'npa' ? entry : `npa-bundle:${name}`]));

const result = await build({
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  define: { __NPA_VERSION__: JSON.stringify(pkg.version), __NPA_BUILD_ID__: JSON.stringify(buildId) },
  // commander is CommonJS; give the ESM chunks a require() for its Node built-ins.
  banner: { js: "import { createRequire as __npaCreateRequire } from 'node:module'; const require = __npaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  entryPoints,
  outdir: 'dist',
  chunkNames: '[name]-[hash]',
  plugins: [bundleImports, withStartup, zodEnglishOnly, lazyChildProcess, builtinsByRequire],
});
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
const twice = duplicatedModules(result.metafile);
if (twice.length) {
  console.error(`build: ${twice.length} module(s) bundled into more than one output file:\n${twice.map(([m, outs]) => `  ${m}: ${outs.join(', ')}`).join('\n')}`);
  process.exit(1);
}
