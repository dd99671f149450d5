// Where the services are and how fast npa may ask them. Base URLs can be changed (flags or environment)
// so that tests point at a replay server on 127.0.0.1.
//
// NCBI E-utilities: 3 requests a second without an API key, 10 with one (NCBI_API_KEY); every request
// carries tool and email. https://www.ncbi.nlm.nih.gov/books/NBK25497/ (Usage Guidelines and Requirements)
// Crossref REST API since 1 December 2025: polite pool (mailto given) 10/s for single DOI records and 3/s
// for lists (queries, filters), concurrency 3; public pool 5/s and 1/s, concurrency 1.
// https://www.crossref.org/blog/announcing-changes-to-rest-api-rate-limits/
// npa sends one request at a time, so it stays within every concurrency limit.
import { UsageError } from '../errors.js';
import type { ServiceLimits } from './http.js';

export const DEFAULT_EUTILS = 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/';
export const DEFAULT_CROSSREF = 'https://api.crossref.org/';

export interface OnlineFlags {
  offline?: boolean;
  refresh?: boolean;
  email?: string;
  timeout?: string;
  eutilsUrl?: string;
  crossrefUrl?: string;
}

export interface OnlineConfig {
  eutils: string;
  crossref: string;
  email: string | null;
  apiKey: string | null;
  offline: boolean;
  refresh: boolean;
  timeoutMs: number;
  ncbi: ServiceLimits;
  crossrefSingle: ServiceLimits;
  crossrefList: ServiceLimits;
}

function baseUrl(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${flag}: "${value}" is not a URL (e.g. https://eutils.ncbi.nlm.nih.gov/entrez/eutils/).`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${flag}: "${value}" must be an http or https URL.`);
  return u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
}

export function onlineConfig(flags: OnlineFlags, env: NodeJS.ProcessEnv): OnlineConfig {
  const email = (flags.email ?? env.NPA_EMAIL ?? '').trim() || null;
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`--email: "${email}" is not an e-mail address (NCBI and Crossref ask for one without spaces).`);
  const apiKey = (env.NCBI_API_KEY ?? '').trim() || null;
  const seconds = flags.timeout === undefined ? 30 : Number(flags.timeout);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError(`--timeout: "${flags.timeout}" is not a number of seconds between 0 and 600.`);
  return {
    eutils: baseUrl('--eutils-url', flags.eutilsUrl ?? env.NPA_EUTILS_URL ?? DEFAULT_EUTILS),
    crossref: baseUrl('--crossref-url', flags.crossrefUrl ?? env.NPA_CROSSREF_URL ?? DEFAULT_CROSSREF),
    email,
    apiKey,
    offline: Boolean(flags.offline),
    refresh: Boolean(flags.refresh),
    timeoutMs: seconds * 1000,
    ncbi: { name: 'ncbi', perSecond: apiKey ? 10 : 3 },
    crossrefSingle: { name: 'crossref', perSecond: email ? 10 : 5 },
    crossrefList: { name: 'crossref', perSecond: email ? 3 : 1 },
  };
}

/** The parameters every E-utility request carries (tool, email, api_key). */
export function ncbiParams(config: OnlineConfig): Record<string, string> {
  return { tool: 'npa', ...(config.email ? { email: config.email } : {}), ...(config.apiKey ? { api_key: config.apiKey } : {}) };
}

/** Crossref's polite pool: mailto on every request. */
export function crossrefParams(config: OnlineConfig): Record<string, string> {
  return config.email ? { mailto: config.email } : {};
}

export function url(base: string, path: string, params: Record<string, string>): string {
  const u = new URL(path, base);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}
