// What the three online commands share: the workspace check (never the shipped review: the cache and the
// results are written into DIR), the configuration, a client whose waits and retries show on stderr.
import type { Io } from '../io.js';
import { displayPath } from '../load/paths.js';
import { requireWorkspace } from '../screening/workspace.js';
import { onlineConfig, type OnlineConfig, type OnlineFlags } from './config.js';
import { OnlineClient } from './http.js';

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
