// Reads a text file line by line without holding it whole: 1 MiB chunks, UTF-8 decoded as a stream,
// lines split on LF, CRLF or a lone CR (a CR at the end of one chunk and an LF at the start of the
// next are one line end). A BOM is dropped. Lines are numbered from 1.
import { closeSync, openSync, readSync } from 'node:fs';

export interface Line {
  text: string;
  number: number;
}

export function* readLines(path: string, chunkSize = 1 << 20, onProgress?: (bytesRead: number) => void): Generator<Line> {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
    const buffer = Buffer.allocUnsafe(chunkSize);
    let pending = '';
    let number = 0;
    let skipLF = false;
    let bytesRead = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkSize, null);
      if (n > 0) {
        bytesRead += n;
        onProgress?.(bytesRead);
      }
      const text = n > 0 ? decoder.decode(buffer.subarray(0, n), { stream: true }) : decoder.decode();
      let start = 0;
      const all = pending + text;
      pending = '';
      for (let i = 0; i < all.length; i++) {
        const ch = all.charCodeAt(i);
        if (ch === 10 && skipLF && i === start) {
          skipLF = false;
          start = i + 1;
          continue;
        }
        skipLF = false;
        if (ch === 10 || ch === 13) {
          yield { text: all.slice(start, i), number: ++number };
          if (ch === 13) {
            if (i + 1 < all.length) {
              if (all.charCodeAt(i + 1) === 10) i++;
            } else skipLF = true;
          }
          start = i + 1;
        }
      }
      pending = all.slice(start);
      if (n <= 0) break;
    }
    if (pending !== '') yield { text: pending, number: ++number };
  } finally {
    closeSync(fd);
  }
}

/** The same splitting over a string (for tests and small inputs). */
export function* splitLines(text: string): Generator<Line> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split(/\r\n|\n|\r/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (let i = 0; i < parts.length; i++) yield { text: parts[i]!, number: i + 1 };
}
