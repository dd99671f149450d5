// Reads a text file line by line without holding it whole: 1 MiB chunks (UTF-8 unless told otherwise;
// never a silent U+FFFD: a bad byte is an error naming line and byte offset), lines split on LF, CRLF
// or a lone CR (a CR at the end of one chunk and an LF at the start of the next are one line end). A
// BOM is dropped. Lines are numbered from 1. UTF-8 is checked a chunk at a time and split as bytes,
// each line decoded on its own; other encodings are decoded as a stream and split as text. Linear in
// the file's size: a line's pieces are kept in a list and joined once, and no line may be longer than
// MAX_LINE_CHARS (a binary file or /dev/zero ends with an error, not a hang).
import { isUtf8 } from 'node:buffer';
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
    let carry: Buffer[] = []; // UTF-8 bytes of the line not yet ended, in pieces
    let carryLength = 0;
    let pieces: string[] = [];
    let pendingLength = 0;
    let number = 0;
    let skipLF = false;
    let bytesRead = 0;
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
        if (!utf8) decoder = makeDecoder(label); // UTF-8 lines are decoded one by one (below)
        first = false;
      }
      let text: string;
      if (utf8) {
        // UTF-8 is split into lines as bytes and each line decoded on its own: a line's string then
        // holds only its own characters (one byte each when they are Latin-1), instead of pointing
        // into a decoded 1 MiB chunk that every field of every record keeps alive (at a million
        // records that was the whole file, in two-byte characters, for the whole run).
        // A chunk with no line end only grows the pending line: its bytes are kept as a piece and
        // joined once, when its line ends (a long line in small chunks stays linear).
        if (n > 0 && bytes.indexOf(10) === -1 && bytes.indexOf(13) === -1) {
          carry.push(Buffer.from(bytes));
          carryLength += n;
          if (carryLength > 4 * maxLine) throw tooLong(file, number + 1, maxLine);
          continue;
        }
        const all = carry.length ? Buffer.concat([...carry, bytes]) : bytes;
        const base = bytesRead - (n > 0 ? n : 0) - carryLength; // file offset of all[0]
        let s = 0;
        if (base === 0 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) s = 3;
        // complete lines end at the last LF, or at a CR that is not the chunk's last byte (its LF may follow)
        let upto = n > 0 ? Math.max(all.lastIndexOf(10), all.length >= 2 ? all.lastIndexOf(13, all.length - 2) : -1) + 1 : all.length;
        if (upto > 0 && all[upto - 1] === 13 && all[upto] === 10) upto++;
        if (upto > s && !isUtf8(all.subarray(s, upto))) {
          throw invalidUtf8Error(file, all, s + Math.max(0, firstInvalidUtf8(all.subarray(s, upto))), base, number);
        }
        let cr = upto > s ? all.indexOf(13, s) : -1;
        while (s < upto) {
          const lf = all.indexOf(10, s);
          if (cr !== -1 && cr < s) cr = all.indexOf(13, s);
          let e: number;
          let next: number;
          if (cr !== -1 && cr < upto && (lf === -1 || cr < lf)) {
            e = cr;
            next = all[cr + 1] === 10 ? cr + 2 : cr + 1;
          } else if (lf !== -1 && lf < upto) {
            e = lf;
            next = lf + 1;
          } else {
            e = upto; // the file's last line, without a line end
            next = upto;
          }
          const line = all.toString('utf8', s, e);
          if (line.length > maxLine) throw tooLong(file, number + 1, maxLine);
          yield { text: line, number: ++number };
          s = next;
        }
        if (n <= 0) break;
        if (all.length - s > 4 * maxLine) throw tooLong(file, number + 1, maxLine);
        carry = s < all.length ? [Buffer.from(all.subarray(s))] : [];
        carryLength = all.length - s;
        continue;
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
