// The HTTP layer against a replay server on 127.0.0.1: spacing per service, 429 with Retry-After, 5xx
// backoff, timeouts, malformed answers, the workspace cache and --offline. The clock and sleep are
// injected, so waits are asserted exactly and cost no time.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKeyUrl, MalformedAnswer, NetworkError, OnlineClient, retryAfterMs, type ClientOptions } from '../../src/online/http.js';
import { tempDir } from '../helpers.js';
import { json, startReplay, text, type Replay } from './replay.js';

let replay: Replay | null = null;
afterEach(async () => {
  await replay?.close();
  replay = null;
});

/** A client whose sleep advances a fake clock and records each wait. */
function fakeTimeClient(options: Partial<ClientOptions> = {}) {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const client = new OnlineClient({
    cacheRoot: tempDir(),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...options,
  });
  return { client, sleeps, advance: (ms: number) => (clock += ms) };
}

const NCBI = { name: 'ncbi', perSecond: 3 };
const asText = (body: string) => body;

describe('rate limits', () => {
  it('spaces NCBI requests 1/3 s apart without a key and 1/10 s with one', async () => {
    replay = await startReplay(() => text('ok'));
    const slow = fakeTimeClient();
    for (let i = 0; i < 4; i++) await slow.client.get(`${replay.base}a?i=${i}`, NCBI, asText);
    expect(slow.sleeps).toEqual([334, 334, 334]);
    const fast = fakeTimeClient();
    for (let i = 0; i < 4; i++) await fast.client.get(`${replay.base}a?i=${i}`, { name: 'ncbi', perSecond: 10 }, asText);
    expect(fast.sleeps).toEqual([100, 100, 100]);
    expect(replay.requests).toHaveLength(8);
  });

  it('keeps separate spacing per service and per kind of request', async () => {
    replay = await startReplay(() => text('ok'));
    const { client, sleeps } = fakeTimeClient();
    await client.get(`${replay.base}a?i=1`, NCBI, asText);
    await client.get(`${replay.base}b?i=1`, { name: 'crossref', perSecond: 3 }, asText, 'list');
    await client.get(`${replay.base}b?i=2`, { name: 'crossref', perSecond: 10 }, asText, 'single');
    expect(sleeps).toEqual([]);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    replay = await startReplay((_u, n) => (n === 1 ? { ...json({ error: 'API rate limit exceeded', count: '11' }, 429), headers: { 'Retry-After': '2' } } : text('ok')));
    const { client, sleeps } = fakeTimeClient();
    const { value } = await client.get(`${replay.base}esearch`, NCBI, asText);
    expect(value).toBe('ok');
    expect(sleeps[0]).toBe(2000);
    expect(replay.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date too', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('backs off 1 s, 2 s, 4 s on 5xx and then gives up with a message that says how to resume', async () => {
    replay = await startReplay(() => text('busy', 503));
    const { client, sleeps } = fakeTimeClient();
    const error = await client.get(`${replay.base}efetch`, NCBI, asText).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/did not answer .* after 4 attempts \(HTTP 503: busy\).*run the same command again to resume/);
    expect(sleeps.filter((s) => s >= 1000)).toEqual([1000, 2000, 4000]);
    expect(replay.requests).toHaveLength(4);
  });

  it('stops when Retry-After asks for more than it will wait', async () => {
    replay = await startReplay(() => ({ status: 429, headers: { 'Retry-After': '3600' }, body: '' }));
    const { client } = fakeTimeClient();
    await expect(client.get(`${replay.base}x`, NCBI, asText)).rejects.toThrow(/asks npa to wait 3600 s/);
    expect(replay.requests).toHaveLength(1);
  });

  it('says the base URL may be wrong when a service answers 404 to a request that expects a record', async () => {
    replay = await startReplay(() => text('no such page', 404));
    const { client } = fakeTimeClient();
    const check = (body: string) => {
      if (!body.startsWith('{')) throw new MalformedAnswer('not JSON');
      return body;
    };
    await expect(client.get(`${replay.base}wrong/esearch.fcgi`, NCBI, check)).rejects.toThrow(/ncbi answered 404 \(not found\) for .*is the base URL right/);
  });

  it('does not retry a 400: the request itself is wrong', async () => {
    replay = await startReplay(() => text('bad term', 400));
    const { client } = fakeTimeClient();
    await expect(client.get(`${replay.base}x`, NCBI, asText)).rejects.toThrow(/ncbi refused .*HTTP 400: bad term/);
    expect(replay.requests).toHaveLength(1);
  });
});

describe('timeouts and offline', () => {
  it('abandons a request that takes longer than the timeout and retries it', async () => {
    replay = await startReplay((_u, n) => (n === 1 ? { body: 'late', delay: 1500 } : text('on time')));
    const { client, sleeps } = fakeTimeClient({ timeoutMs: 200 });
    const { value } = await client.get(`${replay.base}slow`, NCBI, asText);
    expect(value).toBe('on time');
    expect(sleeps).toContain(1000);
    expect(replay.requests).toHaveLength(2);
  });

  it('says "no answer within" when every attempt times out', async () => {
    replay = await startReplay(() => ({ body: 'late', delay: 1500 }));
    const { client } = fakeTimeClient({ timeoutMs: 150, attempts: 2 });
    await expect(client.get(`${replay.base}slow`, NCBI, asText)).rejects.toThrow(/after 2 attempts \(no answer within 150 ms\)/);
  });

  it('gives a clear message when the host cannot be reached', async () => {
    replay = await startReplay(() => text('x'));
    const dead = replay.base;
    await replay.close();
    replay = null;
    const { client } = fakeTimeClient();
    await expect(client.get(`${dead}esearch`, NCBI, asText)).rejects.toThrow(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): npa seems to be offline.*--offline/);
  });
});

describe('cache', () => {
  it('answers a second request from the workspace cache; --offline reads it alone; --refresh asks again', async () => {
    replay = await startReplay(() => text('answer'));
    const root = tempDir();
    const first = new OnlineClient({ cacheRoot: root });
    expect((await first.get(`${replay.base}q?term=a&api_key=SECRET&email=a@b.c`, NCBI, asText)).cached).toBe(false);
    // The key leaves out api_key and email: another key, same question, same answer.
    const second = new OnlineClient({ cacheRoot: root });
    expect((await second.get(`${replay.base}q?term=a&api_key=OTHER`, NCBI, asText)).cached).toBe(true);
    const offline = new OnlineClient({ cacheRoot: root, offline: true });
    expect((await offline.get(`${replay.base}q?term=a`, NCBI, asText)).value).toBe('answer');
    await expect(offline.get(`${replay.base}q?term=b`, NCBI, asText)).rejects.toThrow(/--offline: no cached answer from ncbi for .*term=b/);
    expect(replay.requests).toHaveLength(1);
    const refresh = new OnlineClient({ cacheRoot: root, refresh: true });
    expect((await refresh.get(`${replay.base}q?term=a`, NCBI, asText)).cached).toBe(false);
    expect(replay.requests).toHaveLength(2);
    const files = readdirSync(join(root, '.npa-cache', 'online', 'ncbi'));
    expect(files).toHaveLength(1);
  });

  it('never stores the API key', () => {
    expect(cacheKeyUrl('https://x.org/e?db=pubmed&api_key=K&tool=npa&email=a@b.c&mailto=a@b.c')).toBe('https://x.org/e?db=pubmed');
  });

  it('does not cache a malformed answer, so the next run asks again', async () => {
    replay = await startReplay((_u, n) => (n === 1 ? text('<html>Service unavailable</html>') : text('{"ok":true}')));
    const root = tempDir();
    const check = (body: string) => {
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new MalformedAnswer('not JSON');
      }
    };
    const client = new OnlineClient({ cacheRoot: root });
    await expect(client.get(`${replay.base}j`, NCBI, check)).rejects.toThrow(/ncbi sent an answer npa cannot read .*not JSON. Nothing was cached/);
    expect(existsSync(join(root, '.npa-cache', 'online', 'ncbi'))).toBe(false);
    expect((await client.get(`${replay.base}j`, NCBI, check)).value).toEqual({ ok: true });
  });
});
