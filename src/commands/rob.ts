// npa rob: the risk-of-bias appraisal (appraisal.csv) as a table, two raters compared, or robvis-style SVG plots.
import { loadValidDataset } from '../load/cache.js';
import { formatIssue } from '../issues.js';
import { render, type FormatName, type Tabular } from '../format/tabular.js';
import { UsageError, UserError } from '../errors.js';
import type { Io } from '../io.js';
import { emit } from './output.js';
import { compareRaters, loadAppraisal, settle } from '../appraisal/load.js';
import { TOOLS, TOOL_IDS, type ToolId } from '../schema/appraisal.js';
import { summarySvg, trafficLightSvg, type PlotStudy } from '../render/robvis-svg.js';
import { requireNoErrors } from '../grade/decisions.js';

export interface RobOptions {
  data: string;
  format: FormatName | 'svg';
  plot?: 'traffic' | 'summary';
  tool?: ToolId;
  weighted: boolean;
  agreement: boolean;
  out?: string;
}

const SHORT: Record<string, string> = { 'no information': 'NI', 'not applicable': 'NA', 'some concerns': 'some' };

export async function runRob(options: RobOptions, io: Io): Promise<number> {
  const ds = await loadValidDataset(options.data, io.env);
  const appraisal = loadAppraisal(ds.dir, ds.studies);
  for (const w of appraisal.issues.filter((i) => i.severity === 'warning')) io.stderr(formatIssue(w) + '\n');
  requireNoErrors(appraisal.issues);
  if (appraisal.file === null) throw new UserError(`no appraisal: ${options.data} has no appraisal.csv (see data/DICTIONARY.md).`);
  const settled = settle(appraisal.rows);
  const unresolved = settled.filter((s) => s.judgement === null);
  if (unresolved.length) io.stderr(`warning: ${unresolved.length} judgement(s) where the raters differ and no consensus row exists; left blank (see --agreement).\n`);
  const label = (ref: number) => {
    const s = ds.studies.find((x) => x.ref === ref)!;
    return `${s.first_author} ${s.year} [${ref}]`;
  };

  if (options.agreement) {
    const cmp = compareRaters(appraisal.rows);
    if (!cmp) throw new UserError('only one rater in appraisal.csv: nothing to compare.');
    if (options.format === 'json') {
      emit(io, JSON.stringify(cmp, null, 2) + '\n', options.out);
      return 0;
    }
    io.stderr(`${cmp.raters[0]} vs ${cmp.raters[1]}: ${cmp.kappa.n} judgements, agreement ${(cmp.kappa.observed * 100).toFixed(1)}%, Cohen's kappa ${cmp.kappa.kappa === null ? 'undefined' : cmp.kappa.kappa.toFixed(3)}\n`);
    const table: Tabular = {
      columns: [{ key: 'study', header: 'study' }, { key: 'domain', header: 'domain' }, { key: 'a', header: cmp.raters[0] }, { key: 'b', header: cmp.raters[1] }, { key: 'agree', header: 'agree' }, { key: 'consensus', header: 'consensus' }],
      rows: cmp.rows.map((r) => ({ study: label(r.ref), domain: `${TOOLS[r.tool].name} ${r.domain}`, a: r.a, b: r.b, agree: r.agree ? 'yes' : 'NO', consensus: r.consensus ?? '(to resolve)' })),
    };
    emit(io, await render(table, options.format === 'svg' ? 'table' : options.format, { width: io.columns }), options.out);
    return 0;
  }

  const toolsUsed = TOOL_IDS.filter((t) => settled.some((s) => s.tool === t));
  if (options.format === 'svg') {
    if (!options.plot) throw new UsageError('--format svg needs --plot traffic or --plot summary.');
    const tool = options.tool ?? [...toolsUsed].sort((a, b) => new Set(settled.filter((s) => s.tool === b).map((s) => s.ref)).size - new Set(settled.filter((s) => s.tool === a).map((s) => s.ref)).size)[0];
    if (!tool) throw new UserError('appraisal.csv has no judgements to plot.');
    if (!options.tool && toolsUsed.length > 1) io.stderr(`note: plotting ${TOOLS[tool].name}, the tool used for most studies; --tool ${toolsUsed.filter((t) => t !== tool).join('|')} plots the others.\n`);
    const refs = [...new Set(settled.filter((s) => s.tool === tool).map((s) => s.ref))];
    const missingWeight: number[] = [];
    const studies: PlotStudy[] = refs.map((ref) => {
      const patients = ds.studies.find((s) => s.ref === ref)!.patients;
      if (options.weighted && patients === null) missingWeight.push(ref);
      return {
        label: label(ref),
        judgements: Object.fromEntries(settled.filter((s) => s.ref === ref && s.tool === tool).map((s) => [s.domain, s.judgement])),
        weight: options.weighted ? patients ?? 0 : 1,
      };
    });
    if (missingWeight.length) io.stderr(`note: ${missingWeight.length} studies without a patient count weigh nothing in the weighted summary: refs ${missingWeight.join(', ')}.\n`);
    const title = `${ds.review.title}: risk of bias`;
    emit(io, options.plot === 'traffic' ? trafficLightSvg(tool, studies, title) : summarySvg(tool, studies, title, options.weighted), options.out);
    return 0;
  }
  if (options.plot) throw new UsageError('--plot needs --format svg.');

  if (options.format === 'json' || options.format === 'csv' || options.format === 'tsv') {
    const table: Tabular = {
      columns: ['ref', 'study', 'tool', 'domain', 'judgement', 'raters', 'support', 'source'].map((k) => ({ key: k, header: k })),
      rows: settled.map((s) => ({ ref: s.ref, study: label(s.ref), tool: s.tool, domain: s.domain, judgement: s.judgement, raters: Object.keys(s.raters).length ? Object.entries(s.raters).map(([r, j]) => `${r}: ${j}`).join('; ') : null, support: s.support, source: s.source })),
    };
    emit(io, await render(table, options.format, { width: io.columns }), options.out);
    return 0;
  }
  const parts: string[] = [];
  for (const tool of toolsUsed) {
    const t = TOOLS[tool];
    const refs = [...new Set(settled.filter((s) => s.tool === tool).map((s) => s.ref))];
    const table: Tabular = {
      columns: [{ key: 'study', header: 'study' }, ...t.domains.map((d) => ({ key: d.id, header: d.short }))],
      rows: refs.map((ref) => ({ study: label(ref), ...Object.fromEntries(settled.filter((s) => s.ref === ref && s.tool === tool).map((s) => [s.domain, s.judgement === null ? '?' : SHORT[s.judgement] ?? s.judgement])) })),
    };
    const real = settled.filter((s) => s.tool === tool && s.judgement !== null && s.judgement !== 'no information').length;
    parts.push(`${t.name} (${refs.length} studies; ${real} judgements other than "no information"). ${t.citation}.\n` + (await render(table, options.format, { width: io.columns })));
  }
  emit(io, parts.join('\n'), options.out);
  return 0;
}
