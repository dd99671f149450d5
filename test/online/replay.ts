// A replay server on 127.0.0.1 for the online tests: each route answers with a response written in the
// service's documented format (test/fixtures/online/README.md names the page for each shape). Every
// request is recorded, so a test can count what reached the "network".
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ONLINE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'online');
export const fixture = (name: string) => readFileSync(join(ONLINE_FIXTURES, name), 'utf8');

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
  /** Milliseconds before the answer is sent (for timeouts). */
  delay?: number;
}

export type Route = (url: URL, n: number) => Reply | null;

export interface Replay {
  base: string;
  eutils: string;
  crossref: string;
  requests: URL[];
  /** Replace the routing function (e.g. to make a service fail, then recover). */
  route: Route;
  close(): Promise<void>;
}

export async function startReplay(route: Route): Promise<Replay> {
  const requests: URL[] = [];
  const state = { route };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const reply = state.route(url, requests.length) ?? { status: 404, body: 'no route in the replay server' };
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body);
    };
    if (reply.delay) setTimeout(send, reply.delay).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    base,
    eutils: `${base}entrez/eutils/`,
    crossref: `${base}crossref/`,
    requests,
    get route() {
      return state.route;
    },
    set route(r: Route) {
      state.route = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (value: unknown, status = 200): Reply => ({ status, headers: { 'content-type': 'application/json' }, body: typeof value === 'string' ? value : JSON.stringify(value) });
export const text = (body: string, status = 200): Reply => ({ status, headers: { 'content-type': 'text/plain; charset=UTF-8' }, body });
