// npa grade: the Summary of Findings table (GRADEpro layout) for the review's poolable outcomes.
import { loadValidDataset } from '../load/cache.js';
import { formatIssue } from '../issues.js';
import { render, type FormatName, type Tabular } from '../format/tabular.js';
import type { Io } from '../io.js';
import { emit } from './output.js';
import { assessReview } from '../grade/review.js';
import { requireNoErrors, writeDecision } from '../grade/decisions.js';
import { UsageError } from '../errors.js';
import { reasons, SYMBOLS, type OutcomeGrade } from '../grade/grade.js';
import { GRADE_DOMAINS, type GradeDomain } from '../schema/grade.js';
import type { CohortPolicy } from '../appraisal/cohorts.js';

export interface GradeOptions {
  data: string;
  format: FormatName;
  policy: CohortPolicy;
  out?: string;
  /** Store a decision instead of printing: DOMAIN=JUDGEMENT for OUTCOME, with a reason and a name. */
  set?: { outcome: string; domain: string; judgement: string; reason: string; by: string; date: string; shipped: string };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const thousands = (n: number) => n.toLocaleString('en-US');

export function effectText(g: OutcomeGrade): string {
  const e = g.effect;
  return `${pct(e.estimate)} (95% CI ${pct(e.ciLb)} to ${pct(e.ciUb)}); ${e.perThousand.estimate} per 1,000 (${e.perThousand.ciLb} to ${e.perThousand.ciUb})`;
}

export async function runGrade(options: GradeOptions, io: Io): Promise<number> {
  if (options.set) {
    const s = options.set;
    if (!(GRADE_DOMAINS as readonly string[]).includes(s.domain)) throw new UsageError(`--set: "${s.domain}" is not a GRADE domain. Accepted: ${GRADE_DOMAINS.join(', ')}.`);
    await loadValidDataset(options.data, io.env);
    const { replaced } = writeDecision(options.data, s.shipped, { outcome: s.outcome, domain: s.domain as GradeDomain, judgement: s.judgement, reason: s.reason, by: s.by, date: s.date });
    io.stderr(`${s.outcome} ${s.domain}: ${s.judgement} (by ${s.by})${replaced ? `, replacing ${replaced.judgement} (by ${replaced.by})` : ''}; stored in ${options.data}/grade.csv\n`);
    return 0;
  }
  const ds = await loadValidDataset(options.data, io.env);
  const result = assessReview(ds, { policy: options.policy });
  for (const w of result.issues.filter((i) => i.severity === 'warning')) io.stderr(formatIssue(w) + '\n');
  requireNoErrors(result.issues);
  if (options.policy !== 'all') io.stderr(`overlap policy ${options.policy}: ${result.dropped.length} study(ies) left out${result.dropped.length ? `: ${result.dropped.map((d) => `ref ${d.ref} (${d.reason})`).join('; ')}` : ''}\n`);
  const unconfirmed = result.grades.filter((g) => !g.confirmed).length;
  if (unconfirmed) io.stderr(`note: ${unconfirmed} outcome(s) rest on npa's proposals not yet confirmed by a person (grade.csv).\n`);
  if (options.format === 'json') {
    const json = result.grades.map((g) => ({
      outcome: g.outcome,
      certainty: g.certainty,
      reasons: reasons(g),
      studies: g.studies,
      participants: g.participants,
      effect: g.effect,
      units: g.units,
      start: g.start,
      confirmed: g.confirmed,
      domains: g.domains.map((d) => ({ domain: d.domain, judgement: d.judgement, proposed: d.proposed, why: d.why, decided: d.decided })),
    }));
    emit(io, JSON.stringify(json, null, 2) + '\n', options.out);
    return 0;
  }
  const notes: string[] = [];
  const rows = result.grades.map((g) => {
    const marks = reasons(g).map((r) => {
      notes.push(r);
      return notes.length;
    });
    return {
      outcome: g.label,
      participants: `${thousands(g.participants)} ${g.units.join('/')} (${g.studies} studies)`,
      effect: effectText(g),
      certainty: `${SYMBOLS[g.certainty]} ${g.certainty.toUpperCase()}${g.confirmed ? '' : ' (proposed)'}`,
      footnotes: options.format === 'csv' || options.format === 'tsv' ? reasons(g).join(' | ') : marks.join(','),
    };
  });
  const table: Tabular = {
    columns: [
      { key: 'outcome', header: 'Outcome' },
      { key: 'participants', header: '№ of participants (studies)' },
      { key: 'effect', header: 'Proportion with the outcome (95% CI)' },
      { key: 'certainty', header: 'Certainty of the evidence (GRADE)' },
      { key: 'footnotes', header: options.format === 'csv' || options.format === 'tsv' ? 'Footnotes' : 'Notes' },
    ],
    rows,
  };
  let text = await render(table, options.format, { maxWidth: 60, width: io.columns });
  if (options.format === 'table' || options.format === 'md') {
    text += `\nSummary of findings: ${ds.review.title}. Single-arm pooled proportions (logit, REML random effects).\n`;
    text += notes.map((n, i) => `${options.format === 'md' ? `${i + 1}. ` : `${i + 1}  `}${n}`).join('\n') + '\n';
  }
  emit(io, text, options.out);
  return 0;
}
