// The third bundle (dist/biblio.js): bibliographic import, export and de-duplication, with their
// parsers (citation-js for BibTeX, csv-parse, fastest-levenshtein). Loaded only by those commands.
export { runImport } from '../commands/import.js';
export { runExport } from '../commands/export.js';
export { runDedupe } from '../commands/dedupe.js';

// For scripts/bench-dedupe.mjs, which measures the library functions on generated exports.
export { importFile } from '../biblio/import.js';
export { dedupe } from '../biblio/dedupe.js';
export { runScreenAdd, runScreenDecide, runScreenList, runScreenPromote, runScreenReview } from '../commands/screen.js';
export { runPrisma, PRISMA_FORMATS } from '../commands/prisma.js';
export { runRelease, runDiff } from '../commands/release.js';
