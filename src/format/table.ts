// Terminal tables with box-drawing borders. Written here rather than with cli-table3: measured on this
// machine, loading cli-table3 and rendering the 15-row summary took 17 ms, a third of node's own
// startup, while npa's budget for all of its work is half of node's startup (docs/decisions.md).
import { cellText, type RenderOptions, type Tabular } from './tabular.js';
import { visible } from './visible.js';

// East Asian wide and fullwidth ranges (UAX #11 W/F), and emoji, take two terminal columns.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO = /[\p{M}\p{Cc}\u200B-\u200F\uFE00-\uFE0F]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns a string takes in a terminal: combining marks and controls 0, wide characters 2. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length; // the common case: one column per character
  let width = 0;
  for (const ch of text) width += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/** The width a table fits when none is given (not a terminal, no COLUMNS): an ordinary terminal's. */
export const DEFAULT_TABLE_WIDTH = 100;
/** Words longer than this may be broken when a text column wraps; shorter ones never are. */
const LONGEST_KEPT_WORD = 20;
const longestWord = (text: string) => Math.max(0, ...text.split(' ').map(displayWidth));

/** Splits text into lines of at most `width` columns, at spaces where it can, inside a word where it must. */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const ch of word) {
      if (displayWidth(line + ch) > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Column widths that fit `total` terminal columns (borders included): the column with the most room above
 * its floor gives up one column at a time until the table fits or every column is at its floor. A floor keeps every
 * number (right-aligned cells) and every word up to 20 columns whole; headers wrap at spaces. A table
 * that cannot fit is left wider than asked.
 */
function fitWidths(natural: number[], floors: number[], total: number): number[] {
  const widths = [...natural];
  const used = () => widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
  while (used() > total) {
    let widest = -1;
    const slack = (j: number) => widths[j]! - floors[j]!;
    for (let j = 0; j < widths.length; j++) if (slack(j) > 0 && (widest < 0 || slack(j) > slack(widest) || (slack(j) === slack(widest) && widths[j]! > widths[widest]!))) widest = j;
    if (widest < 0) break;
    widths[widest]!--;
  }
  return widths;
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
  // Runs of whitespace inside a cell become one space, but a label's leading indentation ("  of those: spinal") stays.
  const oneLine = (text: string) => {
    const lead = /^ */.exec(text)![0];
    return lead + text.slice(lead.length).replace(/\s+/g, ' ');
  };
  const body = data.rows.map((row) => data.columns.map((c) => truncate(oneLine(visible(cellText(row[c.key]))), max)));
  const natural = data.columns.map((_, j) => Math.max(displayWidth(header[j]!), ...body.map((cells) => displayWidth(cells[j]!))));
  const floors = data.columns.map((c, j) => {
    const cells = body.map((row) => row[j]!);
    const cellFloor = c.align === 'right' ? Math.max(0, ...cells.map(displayWidth)) : Math.min(LONGEST_KEPT_WORD, Math.max(0, ...cells.map(longestWord)));
    return Math.max(longestWord(header[j]!), cellFloor, 1);
  });
  const widths = fitWidths(natural, floors, options.width ?? DEFAULT_TABLE_WIDTH);
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}\n`;
  // A cell wider than its column wraps onto more lines of the same row; colour is applied per line.
  const line = (cells: string[], paintRow?: (typeof data.rows)[number]) => {
    const wrapped = cells.map((text, j) => wrapText(text, widths[j]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    let out = '';
    for (let k = 0; k < height; k++) {
      out += `│${wrapped
        .map((parts, j) => {
          const text = parts[k] ?? '';
          const pad = ' '.repeat(Math.max(0, widths[j]! - displayWidth(text)));
          const column = data.columns[j]!;
          const shown = text && paintRow && options.paint ? options.paint(column.key, text, paintRow) : text;
          return ` ${column.align === 'right' ? pad + shown : shown + pad} `;
        })
        .join('│')}│\n`;
    }
    return out;
  };
  return (
    rule('┌', '┬', '┐') +
    line(header) +
    rule('├', '┼', '┤') +
    body.map((cells, i) => line(cells, data.rows[i])).join('') +
    rule('└', '┴', '┘')
  );
}
