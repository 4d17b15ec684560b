/**
 * @module How `<mashang-credit-code>` gets and checks a credential: the merchant's current code
 * with a publishable key, the platform's keys and status list cached in localStorage, and an
 * honest state when something cannot be checked.
 */
import {
  creditCodeUrl,
  extractCreditToken,
  fetchJwks,
  fetchStatusList,
  isEd25519Supported,
  memoryCache,
  storageCache,
  verifyCreditCode,
  type CacheEntry,
  type CreditClaims,
  type CredentialCache,
  type JSONWebKeySet,
  type StatusCheck,
} from '@mashang/sdk/credential';

/**
 * What the element shows: `verified` (signature good, not expired, not revoked as far as known),
 * `expired`, `revoked`, `invalid` (forged, tampered or not ours), `unverifiable` (offline without
 * cached keys: never claimed as verified), `loading`, or `error` (bad attributes, unknown merchant…).
 */
export type CreditCodeState = 'idle' | 'loading' | 'verified' | 'expired' | 'revoked' | 'invalid' | 'unverifiable' | 'error';

/** Result of one verification. */
export interface CreditVerification {
  state: CreditCodeState;
  /** The verifier's reason when not verified (`bad_signature`, `unknown_key`, `malformed`, …). */
  reason?: string | undefined;
  /** Present whenever the signature verified (also when expired or revoked). */
  claims?: CreditClaims | undefined;
  /** How revocation was checked: `current`, `stale` (cached list, offline) or `unchecked`. */
  statusCheck?: StatusCheck | undefined;
  /** When the status list used was signed, ms since the epoch (for "checked at …"). */
  statusAt?: number | undefined;
  /** The compact JWS. */
  token: string;
  /** What the QR encodes: `<platform>/c/<jws>`. */
  url: string;
}

/** Why getting the merchant's code failed. */
export class CreditCodeFetchError extends Error {
  override name = 'CreditCodeFetchError';
  readonly code: 'unauthorized' | 'not_found' | 'conflict' | 'network' | 'server' | 'invalid_answer';
  constructor(code: CreditCodeFetchError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const PREFIX = 'mashang:credential:';

function safeStorage(): Storage | undefined {
  try {
    const storage = globalThis.localStorage;
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined; // private mode, sandboxed frame, storage disabled
  }
}

let persistent: CredentialCache | undefined;

/** The cache keys and status lists are kept in: localStorage when the page may use it, else memory. */
export function credentialCache(): CredentialCache {
  if (!persistent) {
    const storage = safeStorage();
    persistent = storage ? storageCache(storage, { prefix: PREFIX }) : memoryCache();
  }
  return persistent;
}

/**
 * A view of `cache` whose entries always look stale: the helpers fetch again, and fall back to
 * the cached copy only when the network fails. Used for status checks, which must see a
 * revocation as soon as they run.
 */
function revalidating(cache: CredentialCache): CredentialCache {
  return {
    get: async (key) => {
      const entry = await cache.get(key);
      return entry && ({ ...entry, freshUntil: 0 } satisfies CacheEntry);
    },
    set: (key, entry) => cache.set(key, entry),
  };
}

/** `fetch` that asks the server even when the browser's HTTP cache holds a fresh copy. */
const revalidatingFetch: typeof fetch = (input, init) => globalThis.fetch(input, { ...init, cache: 'no-cache' });

/** The merchant's last code, kept so a shop page shows it (and verifies it) while offline. */
function rememberToken(base: string, merchant: string, token: string): void {
  try {
    safeStorage()?.setItem(`${PREFIX}token:${base}:${merchant}`, token);
  } catch {
    // A full storage only costs the offline fallback.
  }
}

function rememberedToken(base: string, merchant: string): string | undefined {
  return safeStorage()?.getItem(`${PREFIX}token:${base}:${merchant}`) ?? undefined;
}

/**
 * The merchant's current credit code via `GET /v1/credit-codes/current` with a publishable key;
 * when the platform cannot be reached, the last one this browser saw.
 */
export async function fetchCurrentToken(base: string, merchant: string, publishableKey: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${base}/v1/credit-codes/current`, {
      headers: { authorization: `Bearer ${publishableKey}`, 'mashang-merchant': merchant, accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const remembered = rememberedToken(base, merchant);
    if (remembered) return remembered;
    throw new CreditCodeFetchError('network', `could not reach ${base}: ${String(error)}`);
  }
  const body = (await response.json().catch(() => undefined)) as { token?: unknown; error?: { message?: string } } | undefined;
  if (!response.ok) {
    const message = body?.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) throw new CreditCodeFetchError('unauthorized', message);
    if (response.status === 404) throw new CreditCodeFetchError('not_found', message);
    if (response.status === 409) throw new CreditCodeFetchError('conflict', message);
    throw new CreditCodeFetchError('server', message);
  }
  const token = typeof body?.token === 'string' ? extractCreditToken(body.token) : undefined;
  if (!token) throw new CreditCodeFetchError('invalid_answer', 'the platform answered without a credit-code token');
  rememberToken(base, merchant, token);
  return token;
}

/** A view of `cache` that never answers: the fetch must succeed (no offline fallback), and is stored. */
function networkOnly(cache: CredentialCache): CredentialCache {
  return { get: () => undefined, set: (key, entry) => cache.set(key, entry) };
}

/** The key set: cached while fresh (`network: false`), or straight from the platform. Undefined when unavailable. */
async function loadJwks(base: string, network: boolean): Promise<JSONWebKeySet | undefined> {
  try {
    return await fetchJwks(`${base}/.well-known/jwks.json`, { cache: network ? networkOnly(credentialCache()) : credentialCache() });
  } catch {
    return undefined;
  }
}

/**
 * Verifies `input` (a JWS or a `/c/` URL) against the platform at `base`: keys from cache while
 * fresh, the status list fetched every time (cached copy when offline). A `kid` missing from a
 * cached key set triggers one refetch (the platform may have rotated its key); offline that is
 * `unverifiable`, never `invalid` or `verified`.
 */
export async function verifyToken(base: string, input: string): Promise<CreditVerification> {
  const token = extractCreditToken(input);
  if (!token) return { state: 'invalid', reason: 'malformed', token: '', url: '' };
  const url = /^https?:\/\//i.test(input.trim()) ? input.trim() : creditCodeUrl(base, token);
  // Browsers whose WebCrypto lacks Ed25519 cannot check the signature: say so rather than guess.
  if (!(await isEd25519Supported())) return { state: 'unverifiable', reason: 'unsupported', token, url };
  let jwks = await loadJwks(base, false);
  if (!jwks) return { state: 'unverifiable', token, url };
  let statusAt: number | undefined;
  const statusList = async (listUrl: string) => {
    const list = await fetchStatusList(listUrl, { jwks: jwks!, cache: revalidating(credentialCache()), fetch: revalidatingFetch });
    statusAt = list.issuedAt === undefined ? undefined : list.issuedAt * 1000;
    return list;
  };
  let result = await verifyCreditCode(token, { jwks, statusList });
  if (result.reason === 'unknown_key') {
    const refreshed = await loadJwks(base, true);
    if (!refreshed) return { state: 'unverifiable', reason: 'unknown_key', token, url };
    jwks = refreshed;
    result = await verifyCreditCode(token, { jwks, statusList });
  }
  const common = { token, url, reason: result.reason, claims: result.claims, statusCheck: result.statusCheck, statusAt };
  if (result.valid) return { ...common, state: 'verified' };
  if (result.reason === 'revoked' || result.reason === 'expired') return { ...common, state: result.reason };
  return { ...common, state: 'invalid' };
}
