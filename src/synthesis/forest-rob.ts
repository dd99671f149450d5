// The forest plot's risk-of-bias columns (`npa meta --rob`, as RevMan shows them): the settled judgements of
// DIR/appraisal.csv for the plotted studies, one column per domain of the tool used for most of them, in robvis's
// colours and symbols.
import { settle } from '../appraisal/load.js';
import { LEVEL_STYLE } from '../render/robvis-svg.js';
import { TOOLS, TOOL_IDS, type AppraisalRow, type ToolId } from '../schema/appraisal.js';
import type { RobColumns, RobMark } from './forest.js';

export function robColumns(rows: readonly AppraisalRow[], refs: readonly (number | null)[]): RobColumns {
  const plotted = new Set(refs.filter((r): r is number => r !== null));
  const settled = settle(rows).filter((s) => plotted.has(s.ref));
  const studiesPer = (t: ToolId) => new Set(settled.filter((s) => s.tool === t).map((s) => s.ref)).size;
  const tool = [...TOOL_IDS].sort((a, b) => studiesPer(b) - studiesPer(a))[0]!;
  const spec = TOOLS[tool];
  const mark = (judgement: string): RobMark => {
    const style = LEVEL_STYLE[spec.level[judgement] ?? 'ni'];
    return { judgement, colour: style.colour, symbol: style.symbol };
  };
  const byRef = new Map<number, Record<string, RobMark>>();
  for (const s of settled) {
    if (s.tool !== tool || s.judgement === null) continue;
    byRef.set(s.ref, { ...(byRef.get(s.ref) ?? {}), [s.domain]: mark(s.judgement) });
  }
  const notes: string[] = [];
  const otherTool = [...plotted].filter((ref) => !byRef.has(ref) && settled.some((s) => s.ref === ref));
  const none = [...plotted].filter((ref) => !settled.some((s) => s.ref === ref));
  if (otherTool.length) notes.push(`Risk of bias: ref ${otherTool.join(', ')} appraised with another tool (npa rob shows it).`);
  if (none.length) notes.push(`Risk of bias: ref ${none.join(', ')} not appraised.`);
  if (refs.some((r) => r === null)) notes.push('Risk of bias: rows without a ref cannot be matched to the appraisal.');
  const unresolved = settle(rows).filter((s) => plotted.has(s.ref) && s.tool === tool && s.judgement === null).length;
  if (unresolved) notes.push(`Risk of bias: ${unresolved} judgement(s) left blank where the raters differ and no consensus is recorded.`);
  return {
    tool: spec.name,
    domains: spec.domains.map((d) => ({ id: d.id, short: d.short, label: d.label })),
    byRef,
    legend: spec.judgements.map(mark),
    notes,
  };
}
