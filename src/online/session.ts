// What the three online commands share: the workspace check (never the shipped review: the cache and the
// results are written into DIR), the configuration, a client whose waits and retries show on stderr.
import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { defaultDataDir, displayPath } from '../load/paths.js';
import { onlineConfig, type OnlineConfig, type OnlineFlags } from './config.js';
import { OnlineClient } from './http.js';

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/**
 * Refuses (exit 2) the shipped review (data/ and anything in it) and, for an installed package
 * (node_modules), anything inside the package. Stands in for the workspace check of `npa init` (issue 11
 * §1, src/screening/workspace.ts requireWorkspace) until it lands on main.
 */
export function requireWorkspace(dir: string, command: string): void {
  const target = real(dir);
  const inside = (parent: string) => {
    const rel = relative(parent, target);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
  };
  const pkg = real(dirname(defaultDataDir()));
  if (inside(real(defaultDataDir())) || (pkg.split(sep).includes('node_modules') && inside(pkg)))
    throw new UsageError(`${command} writes its results and its cache into the review folder, and ${displayPath(dir)} is the shipped review (read-only). Give a workspace of your own with --data DIR (a copy of the review folder; \`npa init DIR\` makes one).`);
}

export interface Session {
  config: OnlineConfig;
  client: OnlineClient;
}

export function openSession(data: string, flags: OnlineFlags, io: Io, command: string): Session {
  requireWorkspace(data, command);
  const config = onlineConfig(flags, io.env);
  if (!config.email && !config.offline)
    io.stderr('npa: no e-mail given (--email or NPA_EMAIL): NCBI asks for one with every request, and Crossref serves requests without one more slowly.\n');
  const client = new OnlineClient({
    cacheRoot: data,
    offline: config.offline,
    refresh: config.refresh,
    timeoutMs: config.timeoutMs,
    userAgent: `npa (evidence-synthesis CLI${config.email ? `; mailto:${config.email}` : ''})`,
    log: (line) => io.stderr(`npa: ${line}\n`),
  });
  return { config, client };
}

/** One line on what the network did, for stderr. */
export function networkSummary(client: OnlineClient): string {
  const part = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const age = client.oldestCached ? `; the oldest cached answer used was fetched ${client.oldestCached.slice(0, 10)} (--refresh asks the services again)` : '';
  return `requests sent: ${part(client.sent)}; answered from the cache: ${part(client.cacheHits)} (${displayPath(client.cacheDir)})${age}`;
}
