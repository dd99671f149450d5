// Bundles src/main.ts into dist/npa.js plus lazily loaded chunks, so that startup reads a few files
// instead of resolving hundreds of modules. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
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

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __NPA_VERSION__: JSON.stringify(pkg.version), __NPA_BUILD_ID__: JSON.stringify(buildId) },
  // commander is CommonJS; give the ESM bundle a require() for its Node built-ins.
  banner: { js: "import { createRequire as __npaCreateRequire } from 'node:module'; const require = __npaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

/** Replaces imports of the given source files with an import of another built file. */
function redirect(name, targets, to) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: /\.js$/ }, (args) => {
        if (!args.importer.startsWith(src)) return undefined;
        const target = join(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        return targets.includes(target) ? { path: to, external: true } : undefined;
      });
    },
  };
}

const src = join(process.cwd(), 'src');

// Four bundles, not esbuild's automatic splitting: measured, resolving some twenty shared chunks cost
// more at startup than it saved. dist/npa.js holds the CLI and the common commands; dist/validator.js
// holds zod, csv-parse, the schema and the rules, loaded only when a dataset has to be validated;
// dist/biblio.js holds import, export and dedupe with their parsers; dist/analysis.js holds meta and verify. The later bundles take the error
// classes from dist/npa.js, so that `instanceof` holds across bundles.
const validatorSources = [join(src, 'load/dataset.ts'), join(src, 'commands/validate.ts'), join(src, 'schema/dictionary.ts')];
const biblioSources = ['import', 'export', 'dedupe', 'screen', 'prisma', 'release', 'init', 'code', 'lookup', 'retractions', 'search'].map((c) => join(src, 'commands', `${c}.ts`));
const analysisSources = ['meta', 'verify', 'report', 'rob', 'overlap', 'grade', 'impact'].map((c) => join(src, 'commands', `${c}.ts`));
const errors = [join(src, 'errors.ts')];
await build({
  ...common,
  entryPoints: { npa: 'src/main.ts' },
  outdir: 'dist',
  plugins: [
    zodEnglishOnly,
    redirect('validator-external', validatorSources, './validator.js'),
    redirect('biblio-external', biblioSources, './biblio.js'),
    redirect('analysis-external', analysisSources, './analysis.js'),
  ],
});
await build({
  ...common,
  entryPoints: { validator: 'src/validator.ts' },
  outdir: 'dist',
  plugins: [zodEnglishOnly, redirect('shared-errors', errors, './npa.js')],
});
await build({
  ...common,
  entryPoints: { biblio: 'src/biblio-entry.ts' },
  outdir: 'dist',
  plugins: [zodEnglishOnly, redirect('shared-errors', errors, './npa.js'), redirect('validator-external', validatorSources, './validator.js')],
});
await build({
  ...common,
  entryPoints: { analysis: 'src/analysis-entry.ts' },
  outdir: 'dist',
  plugins: [zodEnglishOnly, redirect('shared-errors', errors, './npa.js'), redirect('validator-external', validatorSources, './validator.js')],
});
