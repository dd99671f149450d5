// Where a command's data goes: stdout, or a file written atomically. The one place every file-writing
// flag (--out, --forest) goes through: `-` means stdout; a path that resolves to one of the command's
// inputs or to a file of the dataset is refused (exit 2); devices and FIFOs are written in place.
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import { checkOutput, writeFileAtomic, type Content } from '../io.js';

export function emit(io: Io, content: Content, out: string | undefined, flag = '--out'): void {
  if (out === undefined || out === '-') {
    if (typeof content === 'string') io.stdout(content);
    else for (const chunk of content) io.stdout(chunk);
    return;
  }
  const path = resolve(io.cwd, out);
  checkOutput(flag, out, path);
  writeFileAtomic(path, content);
  io.stderr(`wrote ${out}\n`);
}
