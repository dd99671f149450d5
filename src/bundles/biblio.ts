// The third bundle (dist/biblio.js): bibliographic import, export and de-duplication, with their
// parsers (citation-js for BibTeX, csv-parse, fastest-levenshtein), and the re-review workflow. Loaded only by those commands.
export { runImport } from '../commands/import.js';
export { runExport } from '../commands/export.js';
export { runDedupe } from '../commands/dedupe.js';

// For scripts/bench-dedupe.mjs, which measures the library functions on generated exports.
export { importFile } from '../biblio/import.js';
export { dedupe } from '../biblio/dedupe.js';
export {
  runScreenAdd, runScreenAgreement, runScreenClear, runScreenConflicts, runScreenDecide, runScreenFulltext, runScreenHistory, runScreenList, runScreenPromote, runScreenReview, runScreenUnpromote,
} from '../commands/screen.js';
export { runInit } from '../commands/init.js';
export { runCodeApply, runCodeCompare, runCodeSheet } from '../commands/code.js';
export { runPrisma } from '../commands/prisma.js';
export { runRelease, runDiff } from '../commands/release.js';
// For scripts/score-dedupe.mjs (labelled sets, bib-dedupe's metric) and for tools built on the engine.
export { scoreDedupe, parseClusters } from '../biblio/dedupe-score.js';
export { prepare, compare, matchNew } from '../biblio/dedupe.js';
export { reviewList } from '../biblio/dedupe-review.js';
// The online commands (issue 14): they reuse the MEDLINE reader and the de-duplicator's comparisons.
export { runLookup } from '../commands/lookup.js';
export { runCheckRetractions } from '../commands/retractions.js';
export { runSearchPubmed } from '../commands/search.js';
