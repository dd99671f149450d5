// Reads a text file line by line without holding it whole: 1 MiB chunks, decoded as a stream (UTF-8
// unless told otherwise; never a silent U+FFFD: a bad byte is an error naming line and byte offset),
// lines split on LF, CRLF or a lone CR (a CR at the end of one chunk and an LF at the start of the
// next are one line end). A BOM is dropped. Lines are numbered from 1. Linear in the file's size: a
// line's pieces are kept in a list and joined once, and no line may be longer than MAX_LINE_CHARS
// (a binary file or /dev/zero ends with an error, not a hang).
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { decoderLabel, firstInvalidUtf8, invalidUtf8Error, makeDecoder, type TextEncoding } from '../bytes.js';

export interface Line {
  text: string;
  number: number;
}

/** The longest line npa reads from a line-based export: 16 MiB characters (a whole abstract is ~5 KB). */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface ReadLinesOptions {
  chunkSize?: number;
  onProgress?: (bytesRead: number) => void;
  encoding?: TextEncoding;
  /** The file's name in messages. */
  file?: string;
  maxLine?: number;
}

export function* readLines(path: string, options: ReadLinesOptions = {}): Generator<Line> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  const file = options.file ?? path;
  const maxLine = options.maxLine ?? MAX_LINE_CHARS;
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    let decoder: ReturnType<typeof makeDecoder> | null = null;
    let utf8 = false;
    let carry = Buffer.alloc(0); // UTF-8 bytes of a sequence cut by the chunk end
    let pieces: string[] = [];
    let pendingLength = 0;
    let number = 0;
    let skipLF = false;
    let bytesRead = 0;
    let linesBefore = 0; // for error positions: lines ended before the current chunk
    let first = true;
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkSize, null);
      if (n > 0) {
        bytesRead += n;
        options.onProgress?.(bytesRead);
      }
      let bytes: Buffer = buffer.subarray(0, Math.max(n, 0));
      if (first) {
        const label = decoderLabel(options.encoding ?? 'utf8', bytes);
        utf8 = label === 'utf-8';
        decoder = makeDecoder(label);
        first = false;
      }
      let text: string;
      if (utf8) {
        // Validate ourselves so the error can say where; hold back an incomplete sequence at the end.
        const all = carry.length ? Buffer.concat([carry, bytes]) : bytes;
        let end = all.length;
        if (n > 0) {
          let k = end - 1;
          while (k >= 0 && k >= end - 3 && (all[k]! & 0xc0) === 0x80) k--;
          if (k >= 0) {
            const b = all[k]!;
            const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            if (k + len > end) end = k;
          }
        }
        const body = all.subarray(0, end);
        const bad = firstInvalidUtf8(body);
        if (bad >= 0 || (n <= 0 && end < all.length)) {
          const at = bad >= 0 ? bad : end;
          throw invalidUtf8Error(file, all, at, bytesRead - (n > 0 ? n : 0) - carry.length, linesBefore);
        }
        carry = Buffer.from(all.subarray(end));
        text = decoder!.decode(body, n > 0);
        for (let i = 0; i < body.length; i++) if (body[i] === 0x0a || (body[i] === 0x0d && body[i + 1] !== 0x0a)) linesBefore++;
      } else {
        try {
          text = decoder!.decode(bytes, n > 0);
        } catch {
          throw new InputError(`${file}: not valid text in the encoding given (near byte offset ${bytesRead}).`);
        }
      }
      if (number === 0 && pieces.length === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10 && skipLF && i === start) {
          skipLF = false;
          start = i + 1;
          continue;
        }
        skipLF = false;
        if (ch === 10 || ch === 13) {
          const part = text.slice(start, i);
          if (pendingLength + part.length > maxLine) throw tooLong(file, number + 1, maxLine);
          pieces.push(part);
          yield { text: pieces.length === 1 ? pieces[0]! : pieces.join(''), number: ++number };
          pieces = [];
          pendingLength = 0;
          if (ch === 13) {
            if (i + 1 < text.length) {
              if (text.charCodeAt(i + 1) === 10) i++;
            } else skipLF = true;
          }
          start = i + 1;
        }
      }
      if (start < text.length) {
        pendingLength += text.length - start;
        if (pendingLength > maxLine) throw tooLong(file, number + 1, maxLine);
        pieces.push(text.slice(start));
      }
      if (n <= 0) break;
    }
    if (pendingLength > 0) yield { text: pieces.join(''), number: ++number };
  } finally {
    closeSync(fd);
  }
}

const tooLong = (file: string, line: number, max: number) =>
  new InputError(`${file}, line ${line}: line longer than ${max.toLocaleString('en')} characters; this is not a text export npa reads (a binary file, or a file cut without line ends).`);

/** The same splitting over a string (for tests and small inputs). */
export function* splitLines(text: string): Generator<Line> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split(/\r\n|\n|\r/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (let i = 0; i < parts.length; i++) yield { text: parts[i]!, number: i + 1 };
}
