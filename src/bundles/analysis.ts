// The fourth bundle (dist/analysis.js): meta-analysis (npa meta) and claim verification (npa verify).
export { runMetaCommand } from '../commands/meta.js';
export { runVerify } from '../commands/verify.js';
export { runReport } from '../commands/report.js';
