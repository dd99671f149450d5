// Internal errors point into the TypeScript sources. The built files carry linked source maps
// (dist/*.js.map); rather than making Node load and parse them on every start (setSourceMapsEnabled
// costs startup time on every run), the stack of an internal error is mapped here, when one happens.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME = /((?:file:\/\/)?\/[^\s()]+\.[mc]?js):(\d+):(\d+)/g;

/** The stack with every position in a built file replaced by the position in its source file. */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
        maps.set(file, { map: new SourceMap(payload), dir: dirname(file) });
      } catch {
        maps.set(file, null); // no map beside it (node's own files, a dependency): left as it is
      }
    }
    return maps.get(file)!;
  };
  return stack.replace(FRAME, (whole, location: string, line: string, column: string) => {
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    const found = mapOf(file);
    if (!found) return whole;
    const entry = found.map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : join(found.dir, entry.originalSource);
    // Relative to the package folder (dist/ sits in it), so the report reads src/commands/x.ts:12:3.
    return `${relative(dirname(found.dir), source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
