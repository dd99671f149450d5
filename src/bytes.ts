// Bytes → text, strictly. npa never turns a byte it cannot decode into U+FFFD: invalid UTF-8 is an
// InputError naming the file, line and byte offset of the first bad sequence (issue 10 §4). Imports may
// name another encoding (--encoding latin1|cp1252|utf-16); a UTF-16 byte-order mark is recognised.
import { InputError } from './errors.js';

export const ENCODINGS = ['utf8', 'latin1', 'cp1252', 'utf-16'] as const;
export type TextEncoding = (typeof ENCODINGS)[number];

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line of a byte offset (LF, CRLF or a lone CR end a line). */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

/** The InputError for invalid UTF-8 at `offset` of `bytes` (which start at byte `base` of the file). */
export function invalidUtf8Error(file: string, bytes: Uint8Array, offset: number, base = 0, linesBefore = 0, forImport = true): InputError {
  const shown = Array.from(bytes.subarray(offset, offset + 4)).map((b) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`).join(' ');
  const hint = forImport
    ? 'It may be Latin-1 or Windows-1252 (older EndNote and Ovid exports): give --encoding latin1 or --encoding cp1252, or save it as UTF-8.'
    : 'Save the file as UTF-8.';
  return new InputError(`${file}, line ${linesBefore + lineOfOffset(bytes, offset)} (byte offset ${base + offset}): not valid UTF-8 (bytes ${shown}). ${hint}`);
}

const hasUtf16Bom = (b: Uint8Array) => b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));

/** The WHATWG decoder label for an encoding and the file's first bytes (a UTF-16 BOM wins). */
export function decoderLabel(encoding: TextEncoding, head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'windows-1252' {
  if (hasUtf16Bom(head)) return head[0] === 0xfe ? 'utf-16be' : 'utf-16le';
  if (encoding === 'utf-16') return 'utf-16le';
  if (encoding === 'latin1') return 'latin1';
  if (encoding === 'cp1252') return 'windows-1252';
  return 'utf-8';
}

/** A streaming decoder that never substitutes U+FFFD (Latin-1 maps every byte; the others are fatal). */
export function makeDecoder(label: ReturnType<typeof decoderLabel>): { decode(bytes: Uint8Array, stream: boolean): string } {
  if (label === 'latin1') return { decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
  const d = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  return { decode: (bytes, stream) => d.decode(bytes, { stream }) };
}

/** A whole file's bytes → text; invalid bytes are an InputError naming file, line and byte offset. */
export function decodeText(bytes: Uint8Array, file: string, encoding: TextEncoding = 'utf8', forImport = true): string {
  const label = decoderLabel(encoding, bytes);
  if (label === 'utf-8') {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) throw invalidUtf8Error(file, bytes, bad, 0, 0, forImport);
  }
  try {
    return makeDecoder(label).decode(bytes, false);
  } catch {
    throw new InputError(`${file}: not valid ${label.toUpperCase()} text (an odd byte count or an unpaired surrogate).`);
  }
}
