/** Pluggable caches for key sets and status lists, so verification keeps working offline. @module */

/** One cached HTTP body. Times are milliseconds since the epoch. */
export interface CacheEntry {
  /** The response body as fetched (a JWKS JSON or a status-list token). */
  body: string;
  /** When it was fetched. */
  fetchedAt: number;
  /** Until when it may be used without fetching again; after that it is only an offline fallback. */
  freshUntil: number;
}

/**
 * Where {@link fetchJwks} and {@link fetchStatusList} keep what they fetched. Methods may be sync
 * or async; errors they throw are ignored (a full `localStorage` must not break verification).
 */
export interface CredentialCache {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): void | Promise<void>;
}

/**
 * An in-memory cache holding up to `maxEntries` bodies, dropping the least recently stored.
 *
 * @example
 * ```ts
 * const cache = memoryCache();
 * await fetchJwks(url, { cache });
 * ```
 */
export function memoryCache({ maxEntries = 64 }: { maxEntries?: number } = {}): CredentialCache {
  const entries = new Map<string, CacheEntry>();
  return {
    get: (key) => entries.get(key),
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

/** The part of the Web Storage API that {@link storageCache} uses. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * A cache persisted in Web Storage (`localStorage`), so a phone can verify credit codes with the
 * key set and status list it fetched last time it was online.
 *
 * @example
 * ```ts
 * const cache = storageCache(localStorage);
 * const jwks = await fetchJwks('https://mashang.example/.well-known/jwks.json', { cache });
 * ```
 */
export function storageCache(
  storage: KeyValueStorage,
  { prefix = 'mashang:credential:' }: { prefix?: string } = {},
): CredentialCache {
  return {
    get(key) {
      const raw = storage.getItem(prefix + key);
      if (raw === null) return undefined;
      try {
        const entry = JSON.parse(raw) as Partial<CacheEntry>;
        if (
          typeof entry.body === 'string' &&
          typeof entry.fetchedAt === 'number' &&
          typeof entry.freshUntil === 'number'
        ) {
          return { body: entry.body, fetchedAt: entry.fetchedAt, freshUntil: entry.freshUntil };
        }
      } catch {
        // A corrupted entry is a cache miss.
      }
      return undefined;
    },
    set(key, entry) {
      storage.setItem(prefix + key, JSON.stringify(entry));
    },
  };
}

/** The cache used when none is given: one per page or process. */
export const sharedCache: CredentialCache = memoryCache();
