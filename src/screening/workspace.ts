// The workspace a user owns: `npa init DIR` copies a review into it, and every command that writes
// checks first that it is not aiming at the shipped review (or anywhere inside the installed package).
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { defaultDataDir, displayPath, REVIEW_FILE, STUDIES_FILE } from '../load/paths.js';

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** The installed package's folder (the one holding data/ and dist/ or src/). */
export const packageDir = (): string => real(dirname(defaultDataDir()));

const inside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
};

/** An installed package (under node_modules, e.g. a global install), not a clone being developed in. */
const installed = () => packageDir().split(sep).includes('node_modules');

/** Refuses (exit 2) a write aimed at the shipped review or the package folder; returns the folder. */
export function requireWorkspace(dir: string, what = 'this command'): string {
  const target = real(dir);
  if (inside(target, real(defaultDataDir())))
    throw new UsageError(`${what} writes, and ${displayPath(dir)} is the shipped review (read-only). Make a workspace first: npa init my-review, then add --data my-review.`);
  if (installed() && inside(target, packageDir()))
    throw new UsageError(`${what} writes, and ${displayPath(dir)} is inside the installed npa package. Make a workspace first: npa init my-review, then add --data my-review.`);
  return dir;
}

/** Copies a review (default: the shipped one) into a new folder; refuses a folder that has files. */
export function initWorkspace(dest: string, from: string = defaultDataDir()): { files: string[] } {
  if (!existsSync(join(from, REVIEW_FILE)) || !existsSync(join(from, STUDIES_FILE)))
    throw new UsageError(`--from ${displayPath(from)}: not a review folder (needs ${REVIEW_FILE} and ${STUDIES_FILE}).`);
  if (existsSync(dest) && (!statSync(dest).isDirectory() || readdirSync(dest).length > 0))
    throw new UsageError(`${displayPath(dest)} exists and is not an empty folder; choose a new one.`);
  if (inside(real(resolve(dest)), real(defaultDataDir())) || (installed() && inside(real(resolve(dest)), packageDir()))) throw new UsageError(`${displayPath(dest)} is inside the installed package; choose a folder of your own.`);
  // Copied whole into a staging folder beside the target, then renamed: no half-made workspace.
  const staging = `${resolve(dest)}.npa-init-${process.pid}`;
  try {
    mkdirSync(dirname(resolve(dest)), { recursive: true });
    cpSync(from, staging, { recursive: true, errorOnExist: true, filter: (src) => !/npa-tmp/.test(src) });
    if (existsSync(dest)) rmdirSync(dest);
    renameSync(staging, dest);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new UserError(`cannot create ${displayPath(dest)}: ${(error as Error).message}`);
  }
  return { files: listFiles(dest) };
}


function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}
