#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`, which `npm install` runs for you). CommonJS (see
// bin/package.json): dist/npa.cjs is loaded with require(); the commands' lazy bundles are ES modules.
'use strict';
let cli;
try {
  cli = require('../dist/npa.cjs');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('npa.cjs')) throw error;
  process.stderr.write('npa: the CLI is not built yet. Run `npm install` (or `npm run build`) in the npa folder first.\n');
  process.exit(1);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
