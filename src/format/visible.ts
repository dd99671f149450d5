// Text from data shown to a person on a terminal: control characters (C0, DEL, C1) and the bidirectional
// overrides are shown as visible escapes (`\x1b`, `\u202e`), so a record title cannot move the cursor,
// clear the screen, retitle the window or reorder what is printed (issue 10 §5). Used by the terminal
// table, the screening card and every message on stderr. Long text in messages is cut.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u0009\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `text` with every control character shown as an escape; line breaks and tabs kept when `keepBreaks`. */
export function visible(text: string, keepBreaks = false): string {
  return keepBreaks ? text.replace(CONTROL, escape) : text.replace(CONTROL_OR_BREAK, (ch) => (ch === '\t' || ch === '\n' ? ' ' : escape(ch)));
}

/** The longest line of a message npa prints whole; longer ones are cut, saying by how much. */
export const MAX_MESSAGE_LINE = 500;

/** A message for stderr: controls made visible, each line cut to MAX_MESSAGE_LINE characters. */
export function visibleMessage(text: string, max = MAX_MESSAGE_LINE): string {
  return visible(text, true)
    .split('\n')
    .map((line) => (line.length > max ? `${line.slice(0, max)}… (${(line.length - max).toLocaleString('en')} more characters)` : line))
    .join('\n');
}
