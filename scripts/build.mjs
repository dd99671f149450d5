// Bundles src/main.ts into one ESM file (dist/npa.js) so that startup reads one file
// instead of resolving hundreds of modules. Type checking is `npm run typecheck` (tsc).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
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

await build({
  plugins: [zodEnglishOnly],
  entryPoints: ['src/main.ts'],
  outfile: 'dist/npa.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __NPA_VERSION__: JSON.stringify(pkg.version) },
  // cli-table3 and commander are CommonJS; give the ESM bundle a require() for their Node built-ins.
  banner: { js: "import { createRequire as __npaCreateRequire } from 'node:module'; const require = __npaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
