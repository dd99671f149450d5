// Terminal tables with box-drawing borders. Written here rather than with cli-table3: measured on this
// machine, loading cli-table3 and rendering the 15-row summary took 17 ms, a third of node's own
// startup, while npa's budget for all of its work is half of node's startup (docs/decisions.md).
import { cellText, type RenderOptions, type Tabular } from './tabular.js';
import { visible } from './visible.js';

// East Asian wide and fullwidth ranges (UAX #11 W/F), and emoji, take two terminal columns.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO = /[\p{M}\p{Cc}\u200B-\u200F\uFE00-\uFE0F]/u;

/** Columns a string takes in a terminal: combining marks and controls 0, wide characters 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function table(data: Tabular, options: RenderOptions): string {
  const max = options.maxWidth ?? 60;
  const header = data.columns.map((c) => c.header);
  const body = data.rows.map((row) => data.columns.map((c) => truncate(visible(cellText(row[c.key]).replace(/\s+/g, ' ')), max)));
  const widths = data.columns.map((_, j) => Math.max(displayWidth(header[j]!), ...body.map((cells) => displayWidth(cells[j]!))));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}\n`;
  const line = (cells: string[], paintRow?: (typeof data.rows)[number]) =>
    `│${cells
      .map((text, j) => {
        const pad = ' '.repeat(widths[j]! - displayWidth(text));
        const column = data.columns[j]!;
        const shown = paintRow && options.paint ? options.paint(column.key, text, paintRow) : text;
        return ` ${column.align === 'right' ? pad + shown : shown + pad} `;
      })
      .join('│')}│\n`;
  return (
    rule('┌', '┬', '┐') +
    line(header) +
    rule('├', '┼', '┤') +
    body.map((cells, i) => line(cells, data.rows[i])).join('') +
    rule('└', '┴', '┘')
  );
}
