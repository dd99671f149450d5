// npa overlap: pairs of studies that may share patients, scored, with the evidence.
import { loadValidDataset } from '../load/cache.js';
import { formatIssue } from '../issues.js';
import { render, type FormatName } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit } from './output.js';
import { loadCohorts, overlapSets, scoreOverlaps, OVERLAP_WEIGHTS } from '../appraisal/cohorts.js';
import { requireNoErrors } from '../grade/decisions.js';

export interface OverlapOptions {
  data: string;
  format: FormatName;
  all: boolean;
  out?: string;
}

export async function runOverlap(options: OverlapOptions, io: Io): Promise<number> {
  const ds = await loadValidDataset(options.data, io.env);
  const cohorts = loadCohorts(ds.dir, ds.studies);
  for (const w of cohorts.issues.filter((i) => i.severity === 'warning')) io.stderr(formatIssue(w) + '\n');
  requireNoErrors(cohorts.issues);
  if (cohorts.file === null) io.stderr(`note: ${options.data} has no cohorts.csv: pairs are scored on authors only.\n`);
  const pairs = scoreOverlaps(ds.studies, cohorts.rows);
  const shown = options.all ? pairs : pairs.filter((p) => p.likely);
  const sets = overlapSets(pairs);
  io.stderr(`${shown.length} ${options.all ? 'scored' : 'likely overlapping'} pair(s) (likely at score >= ${OVERLAP_WEIGHTS.threshold}); ${sets.length} overlapping set(s): ${sets.map((s) => `{${s.join(', ')}}`).join(' ') || 'none'}\n`);
  if (options.format === 'json') {
    emit(io, JSON.stringify(shown.map((p) => ({ a: p.a, b: p.b, score: p.score, likely: p.likely, evidence: p.evidence })), null, 2) + '\n', options.out);
    return 0;
  }
  const label = (ref: number) => {
    const s = ds.studies.find((x) => x.ref === ref)!;
    return `${s.first_author} ${s.year} [${ref}]`;
  };
  emit(io, await render({
    columns: [{ key: 'a', header: 'study a' }, { key: 'b', header: 'study b' }, { key: 'score', header: 'score', align: 'right' }, { key: 'evidence', header: 'evidence' }],
    rows: shown.map((p) => ({ a: label(p.a), b: label(p.b), score: p.score, evidence: p.evidence.join('; ') })),
  }, options.format, { maxWidth: 120, width: io.columns }), options.out);
  return 0;
}
