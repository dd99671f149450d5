// The fourth bundle (dist/analysis.js): meta-analysis, claim verification, the report, and appraisal (rob, overlap, grade, impact).
export { runMetaCommand } from '../commands/meta.js';
export { runVerify } from '../commands/verify.js';
export { runReport } from '../commands/report.js';
export { runRob } from '../commands/rob.js';
export { runOverlap } from '../commands/overlap.js';
export { runGrade } from '../commands/grade.js';
export { runImpact } from '../commands/impact.js';
