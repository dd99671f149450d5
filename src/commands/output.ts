// Where a command's data goes: stdout, or a file written atomically with --out.
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io.js';

export function emit(io: Io, text: string, out: string | undefined): void {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, out);
  writeFileAtomic(path, text);
  io.stderr(`wrote ${out}\n`);
}
