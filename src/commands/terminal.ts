// The terminal side of the interactive reviews (npa screen review, npa dedupe --review): raw-mode keys
// one at a time, a line editor for free text, and the terminal's size. Scripts and tests drive the loops
// with scripted keys instead (test/screener.test.ts, test/dedupe-review.test.ts).
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export interface Terminal {
  key(): Promise<string | null>;
  line(prompt: string): Promise<string | null>;
  width(): number;
  height(): number;
  color: boolean;
  close(): void;
}

/** Opens the terminal for a review loop; refuses (exit 2) when stdin or stdout is not a terminal. */
export function requireTerminal(io: Io, input: NodeJS.ReadStream, what: string, instead: string): void {
  if (!input.isTTY || !io.isTTY) throw new UsageError(`${what} needs a terminal; in scripts use ${instead}.`);
}

export function openTerminal(io: Io, input: NodeJS.ReadStream, what: string, instead: string): Terminal {
  requireTerminal(io, input, what, instead);
  const keys: string[] = [];
  let wake: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    keys.push(...chunk.toString('utf8'));
    wake?.();
  };
  input.setRawMode(true);
  input.on('data', onData);
  input.resume();
  const key = async () => {
    while (!keys.length) await new Promise<void>((r) => (wake = r));
    return keys.shift()!;
  };
  return {
    key,
    line: async (prompt) => {
      io.stdout(prompt);
      let text = '';
      for (;;) {
        const k = await key();
        if (k === '\r' || k === '\n') return text;
        if (k === '\u0003') return null;
        if (k === '\u007f') text = text.slice(0, -1);
        else text += k;
        io.stdout(k === '\u007f' ? '\b \b' : k);
      }
    },
    width: () => process.stdout.columns || 80,
    height: () => process.stdout.rows || 24,
    color: io.isTTY && !io.env.NO_COLOR,
    close: () => {
      input.setRawMode(false);
      input.off('data', onData);
      input.pause();
    },
  };
}
