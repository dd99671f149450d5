#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`, which `npm install` runs for you).
let cli;
try {
  cli = await import('../dist/npa.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  process.stderr.write('npa: the CLI is not built yet. Run `npm install` (or `npm run build`) in the npa folder first.\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
