/** Fetching and caching the issuer's key set and status lists. @module */
import type { JSONWebKeySet } from 'jose';
import { sharedCache, type CacheEntry, type CredentialCache } from './cache.js';
import { CredentialError, type CredentialErrorCode } from './errors.js';
import { decodeStatusList, type StatusList } from './status-list.js';

/** Options shared by {@link fetchJwks} and {@link fetchStatusList}. */
export interface FetchCachedOptions {
  /**
   * The `fetch` to use (inject one in tests or to add headers).
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Where to keep responses; `false` disables caching (and the offline fallback).
   * @default a shared in-memory cache
   */
  cache?: CredentialCache | false;
  /**
   * Milliseconds before a request is abandoned (then a cached copy is used if there is one).
   * @default 5000
   */
  timeout?: number;
  /** Aborts the request; replaces `timeout`. */
  signal?: AbortSignal;
  /**
   * The current time (a `Date` or milliseconds since the epoch), for freshness decisions.
   * @default Date.now()
   */
  now?: Date | number;
}

/** Options of {@link fetchStatusList}. */
export interface FetchStatusListOptions extends FetchCachedOptions {
  /** Keys that may sign the list. */
  jwks: JSONWebKeySet;
}

/** How long a key set is fresh when the response has no `Cache-Control: max-age`: 5 minutes. */
export const DEFAULT_JWKS_MAX_AGE = 300;

interface Parsed<T> {
  value: T;
  freshUntil: number;
}

/**
 * Fetches the issuer's key set (`/.well-known/jwks.json`) and caches it, fresh for the response's
 * `Cache-Control: max-age` (default {@link DEFAULT_JWKS_MAX_AGE} s; `no-store` is not cached).
 * While fresh it is served from the cache; when a fetch fails, a stale cached copy is used.
 * Throws a {@link CredentialError} `JWKS_RETRIEVAL_ERROR` when there is neither.
 *
 * @example
 * ```ts
 * const jwks = await fetchJwks('https://mashang.example/.well-known/jwks.json', {
 *   cache: storageCache(localStorage),
 * });
 * ```
 */
export async function fetchJwks(url: string, options: FetchCachedOptions = {}): Promise<JSONWebKeySet> {
  return fetchCached(url, 'jwks', 'application/jwk-set+json, application/json', 'JWKS_RETRIEVAL_ERROR', options, (body, now, maxAge) => {
    const value = parseJwks(body);
    return { value, freshUntil: now + (maxAge ?? DEFAULT_JWKS_MAX_AGE) * 1000 };
  });
}

/**
 * Fetches a signed status list, verifies it against `jwks` and caches it. It is fresh until the
 * earliest of the response's `max-age`, the list's `ttl` and its `exp`. When a fetch fails, a stale
 * cached copy is returned (its `expiresAt` is then in the past, which {@link verifyCreditCode}
 * reports as `statusCheck: 'stale'`). Throws a {@link CredentialError}: `STATUS_RETRIEVAL_ERROR`
 * when nothing is available, `STATUS_VERIFICATION_ERROR` / `STATUS_LIST_LENGTH_ERROR` for a bad
 * list.
 *
 * @example
 * ```ts
 * const list = await fetchStatusList('https://mashang.example/credit/status/1', { jwks });
 * list.isSet(94567);
 * ```
 */
export async function fetchStatusList(url: string, options: FetchStatusListOptions): Promise<StatusList> {
  return fetchCached(url, 'status-list', 'application/jwt, text/plain', 'STATUS_RETRIEVAL_ERROR', options, async (body, now, maxAge) => {
    const value = await decodeStatusList(body, { jwks: options.jwks });
    const limits = [value.expiresAt === undefined ? Infinity : value.expiresAt * 1000];
    if (maxAge !== undefined) limits.push(now + maxAge * 1000);
    if (value.ttl !== undefined) limits.push(now + value.ttl);
    return { value, freshUntil: Math.min(...limits) };
  });
}

// Parsed key sets are memoised by body so repeated verifications pass jose the same object, and
// jose reuses the keys it imported for it.
const parsedJwks = new Map<string, JSONWebKeySet>();

function parseJwks(body: string): JSONWebKeySet {
  const memo = parsedJwks.get(body);
  if (memo) return memo;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new CredentialError('JWKS_RETRIEVAL_ERROR', 'the key set response is not JSON', { cause });
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
    throw new CredentialError('JWKS_RETRIEVAL_ERROR', 'the key set response is not a JWKS: expected { "keys": [ … ] }');
  }
  if (parsedJwks.size >= 8) parsedJwks.clear();
  parsedJwks.set(body, value as JSONWebKeySet);
  return value as JSONWebKeySet;
}

async function fetchCached<T>(
  url: string,
  kind: string,
  accept: string,
  retrievalCode: CredentialErrorCode,
  options: FetchCachedOptions,
  parse: (body: string, now: number, maxAge: number | undefined) => Parsed<T> | Promise<Parsed<T>>,
): Promise<T> {
  const now = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const cache = options.cache === false ? undefined : (options.cache ?? sharedCache);
  const key = `${kind}:${url}`;
  const cached = cache ? await quietly(() => cache.get(key)) : undefined;
  const reuse = async (entry: CacheEntry): Promise<T | undefined> => {
    try {
      return (await parse(entry.body, entry.fetchedAt, undefined)).value;
    } catch {
      return undefined; // a corrupted or no longer verifiable entry is a miss
    }
  };
  if (cached && cached.freshUntil > now) {
    const value = await reuse(cached);
    if (value !== undefined) return value;
  }
  let response: Response;
  let body: string;
  try {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    response = await fetchImpl(url, { headers: { accept }, signal: options.signal ?? timeoutSignal(options.timeout ?? 5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.text();
  } catch (cause) {
    const stale = cached ? await reuse(cached) : undefined;
    if (stale !== undefined) return stale;
    throw new CredentialError(retrievalCode, `could not fetch ${url} and no cached copy is available: ${String(cause)}`, { cause });
  }
  const policy = cachePolicy(response.headers);
  const { value, freshUntil } = await parse(body.trim(), now, policy.maxAge);
  if (cache && !policy.noStore) {
    await quietly(() => cache.set(key, { body: body.trim(), fetchedAt: now, freshUntil }));
  }
  return value;
}

function cachePolicy(headers: Headers): { maxAge?: number; noStore: boolean } {
  const control = headers.get('cache-control') ?? '';
  if (/(?:^|,)\s*no-store\s*(?:,|$)/i.test(control)) return { noStore: true };
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/i.test(control)) return { maxAge: 0, noStore: false };
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(control);
  if (!match) return { noStore: false };
  const age = Number(headers.get('age') ?? 0);
  return { maxAge: Math.max(0, Number(match[1]) - (Number.isFinite(age) ? age : 0)), noStore: false };
}

function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}

async function quietly<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}
