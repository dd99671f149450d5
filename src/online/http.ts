// The one HTTP layer of npa: Node's built-in fetch, a request spacing per service (rate limit), retries
// with backoff on 429/5xx honouring Retry-After, a timeout per request, and a cache of every good answer
// in the workspace (DIR/.npa-cache/online/SERVICE/KEY.json), keyed by the URL without api_key/email/
// tool/mailto. Each answer is cached the moment it arrives, so a failure half-way loses nothing and the
// next run resumes from the cache; --offline reads the cache alone. Nothing else in npa touches the network.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { displayPath } from '../load/paths.js';

/** Parameters that identify the caller, not the question: left out of cache keys and stored URLs. */
const PRIVATE_PARAMS = ['api_key', 'email', 'tool', 'mailto'];

export interface ServiceLimits {
  /** Service name: the cache folder and the name in messages. */
  name: string;
  /** Requests a second allowed for this kind of request. */
  perSecond: number;
}

export interface CachedAnswer {
  url: string;
  status: number;
  contentType: string;
  fetched: string;
  body: string;
}

export interface ClientOptions {
  /** The workspace: answers are cached under DIR/.npa-cache/online. */
  cacheRoot: string;
  /** Read the cache only; a missing answer is an error. */
  offline?: boolean;
  /** Ask the service again even when an answer is cached (the new answer replaces it). */
  refresh?: boolean;
  /** Milliseconds before a request is abandoned (then retried). */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  attempts?: number;
  /** Longest wait npa accepts from a Retry-After header, in milliseconds; longer means stop and say so. */
  maxRetryAfterMs?: number;
  /** For tests: the clock and the sleep the limiter and backoff use. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called with a short line for each wait, retry and fetch (progress on stderr). */
  log?: (line: string) => void;
  userAgent?: string;
}

/** A network failure that is not the user's data: exit 1 with a message that says what to do. */
export class NetworkError extends UserError {
  override name = 'NetworkError';
  constructor(message: string) {
    super(message);
  }
}

/** An answer that is not in the documented shape: never cached. */
export class MalformedAnswer extends Error {}

export function cacheKeyUrl(url: string): string {
  const u = new URL(url);
  for (const p of PRIVATE_PARAMS) u.searchParams.delete(p);
  u.searchParams.sort();
  return u.toString();
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date → milliseconds from now (null when absent or unreadable). */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export class OnlineClient {
  private readonly nextSlot = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests sent to the network (not answered from the cache), per service. */
  readonly sent = new Map<string, number>();
  readonly cacheHits = new Map<string, number>();
  /** The oldest cached answer used (ISO time), so a command can say how old its answers are. */
  oldestCached: string | null = null;

  constructor(readonly options: ClientOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  get cacheDir(): string {
    return join(this.options.cacheRoot, '.npa-cache', 'online');
  }

  private cachePath(service: string, url: string): string {
    const key = createHash('sha256').update(cacheKeyUrl(url)).digest('hex');
    return join(this.cacheDir, service, `${key}.json`);
  }

  private readCache(service: string, url: string): CachedAnswer | null {
    const path = this.cachePath(service, url);
    if (!existsSync(path)) return null;
    try {
      const entry = JSON.parse(readFileSync(path, 'utf8')) as CachedAnswer;
      return entry.url === cacheKeyUrl(url) && typeof entry.body === 'string' ? entry : null;
    } catch {
      return null; // a damaged entry is a miss
    }
  }

  private writeCache(service: string, url: string, answer: CachedAnswer): void {
    const path = this.cachePath(service, url);
    mkdirSync(join(this.cacheDir, service), { recursive: true });
    writeFileAtomic(path, JSON.stringify(answer));
  }

  /** Waits for this service's next free slot (requests are spaced 1/perSecond apart). */
  private async waitTurn(limits: ServiceLimits, bucket: string): Promise<void> {
    const key = `${limits.name}:${bucket}`;
    const slot = this.nextSlot.get(key) ?? 0;
    const wait = slot - this.now();
    if (wait > 0) await this.sleep(wait);
    this.nextSlot.set(key, Math.max(slot, this.now()) + Math.ceil(1000 / limits.perSecond));
  }

  /**
   * The answer to a GET, from the cache or the service. `check` parses the body and throws
   * MalformedAnswer when it is not in the documented shape; only answers that pass are cached.
   */
  async get<T>(url: string, limits: ServiceLimits, check: (body: string, answer: CachedAnswer) => T, bucket = 'default'): Promise<{ value: T; answer: CachedAnswer; cached: boolean }> {
    const service = limits.name;
    if (!this.options.refresh || this.options.offline) {
      const hit = this.readCache(service, url);
      if (hit) {
        this.cacheHits.set(service, (this.cacheHits.get(service) ?? 0) + 1);
        if (this.oldestCached === null || hit.fetched < this.oldestCached) this.oldestCached = hit.fetched;
        return { value: check(hit.body, hit), answer: hit, cached: true };
      }
    }
    if (this.options.offline) {
      throw new NetworkError(`--offline: no cached answer from ${service} for ${cacheKeyUrl(url)}. Run once without --offline (online) to fetch it; it is then kept in ${displayPath(this.cacheDir)}.`);
    }
    const answer = await this.fetchWithRetries(url, limits, bucket);
    let value: T;
    try {
      value = check(answer.body, answer);
    } catch (error) {
      if (error instanceof MalformedAnswer && answer.status === 404) {
        throw new NetworkError(`${service} answered 404 (not found) for ${cacheKeyUrl(url)}: is the base URL right (--eutils-url, --crossref-url)?`);
      }
      if (error instanceof MalformedAnswer) {
        throw new NetworkError(`${service} sent an answer npa cannot read for ${cacheKeyUrl(url)}: ${error.message}. Nothing was cached for it; answers fetched before it are kept, so running again resumes here.`);
      }
      throw error;
    }
    this.writeCache(service, url, answer);
    return { value, answer, cached: false };
  }

  private async fetchWithRetries(url: string, limits: ServiceLimits, bucket: string): Promise<CachedAnswer> {
    const attempts = this.options.attempts ?? 4;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 120_000;
    const host = new URL(url).host;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.waitTurn(limits, bucket);
      this.sent.set(limits.name, (this.sent.get(limits.name) ?? 0) + 1);
      let response: Response;
      let body: string;
      try {
        response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { 'User-Agent': this.options.userAgent ?? 'npa (evidence-synthesis CLI)', Accept: '*/*' },
        });
        body = await response.text();
      } catch (error) {
        const err = error as Error & { cause?: { code?: string } };
        const code = err.cause?.code ?? (err.name === 'TimeoutError' || err.name === 'AbortError' ? 'TIMEOUT' : undefined);
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
          throw new NetworkError(
            `cannot reach ${host} (${code}): npa seems to be offline. Answers fetched so far are cached in ${displayPath(this.cacheDir)}; run the same command again when online to resume, or add --offline to work from the cache alone.`,
          );
        }
        last = code === 'TIMEOUT' ? `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` : `${code ?? err.message}`;
        if (attempt < attempts) {
          const wait = 1000 * 2 ** (attempt - 1);
          this.options.log?.(`${limits.name}: ${last}; retrying in ${wait / 1000} s (attempt ${attempt + 1} of ${attempts})`);
          await this.sleep(wait);
        }
        continue;
      }
      if (response.ok) {
        return { url: cacheKeyUrl(url), status: response.status, contentType: response.headers.get('content-type') ?? '', fetched: new Date(this.now()).toISOString(), body };
      }
      last = `HTTP ${response.status}${body.trim() ? `: ${body.trim().slice(0, 160)}` : ''}`;
      if (!RETRY_STATUS.has(response.status)) {
        if (response.status === 404) return { url: cacheKeyUrl(url), status: 404, contentType: response.headers.get('content-type') ?? '', fetched: new Date(this.now()).toISOString(), body };
        throw new NetworkError(`${limits.name} refused ${cacheKeyUrl(url)} (${last}).`);
      }
      if (attempt < attempts) {
        const asked = retryAfterMs(response.headers.get('retry-after'), this.now());
        if (asked !== null && asked > maxRetryAfter) {
          throw new NetworkError(`${limits.name} asks npa to wait ${Math.round(asked / 1000)} s (Retry-After) before asking again. Answers fetched so far are cached; run the command again later to resume.`);
        }
        const wait = asked ?? 1000 * 2 ** (attempt - 1);
        this.options.log?.(`${limits.name}: ${last}; waiting ${(wait / 1000).toFixed(1)} s${asked !== null ? ' (Retry-After)' : ''} before attempt ${attempt + 1} of ${attempts}`);
        await this.sleep(wait);
        // After a rate-limit answer the next request of this service waits its turn again.
        this.nextSlot.set(`${limits.name}:${bucket}`, this.now() + Math.ceil(1000 / limits.perSecond));
      }
    }
    throw new NetworkError(`${limits.name} did not answer ${cacheKeyUrl(url)} after ${attempts} attempts (${last}). Answers fetched so far are cached; run the same command again to resume.`);
  }
}
