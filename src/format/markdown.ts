// The one Markdown table writer, with one escaping for every cell: backslash and | (they end a cell),
// line breaks (a row is one line), and the HTML-significant < > & (GitHub renders Markdown through HTML,
// so a title with "<i>" or "R&D" shows as written). A cell given as { markdown } is written as it is
// (callers use mdCode for `code`).

export type MdCell = string | { markdown: string };

export const mdEscape = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ');

/** Text from data in running Markdown (headings, paragraphs, list items): the same escaping as a cell, so
 * raw HTML in a title (`<script>`, `<img onerror=…>`) is shown as text, never rendered (issue 10 §5). */
export const mdText = mdEscape;

/** `text` as inline code in a table cell (a | inside still needs its backslash in GFM tables). */
export const mdCode = (text: string): MdCell => ({ markdown: `\`${text.replace(/\|/g, '\\|')}\`` });

const cell = (c: MdCell) => (typeof c === 'string' ? mdEscape(c) : c.markdown);

export function markdownTable(head: readonly MdCell[], rows: readonly (readonly MdCell[])[], align: readonly ('left' | 'right' | undefined)[] = []): string {
  const line = (cells: readonly MdCell[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `| ${head.map((_, j) => (align[j] === 'right' ? '---:' : '---')).join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}
