import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, importJWK, type JWK } from 'jose';
import {
  CREDIT_CODE_TYP,
  DEFAULT_JWKS_MAX_AGE,
  MIN_STATUS_LIST_ENTRIES,
  STATUS_LIST_TYP,
  encodeBitstring,
  fetchJwks,
  fetchStatusList,
  isCredentialError,
  memoryCache,
  storageCache,
  verifyCreditCode,
  type KeyValueStorage,
} from '@mashang/sdk/credential';

// RFC 8037 Appendix A key (see payment-credit.md §5).
const KID = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const PRIVATE_JWK: JWK = { kty: 'OKP', crv: 'Ed25519', x: X, d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A' };
const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: X, kid: KID, alg: 'EdDSA', use: 'sig' }] };
const JWKS_URL = 'https://mashang.example/.well-known/jwks.json';
const LIST_URL = 'https://mashang.example/credit/status/1';
const T0 = 1_780_000_000_000; // ms

interface FakeServer {
  fetch: typeof globalThis.fetch;
  calls: { url: string; accept: string | null }[];
  respond: (body: string | Error, init?: ResponseInit) => void;
}

function fakeServer(): FakeServer {
  let next: () => Response = () => {
    throw new TypeError('fetch failed');
  };
  const calls: FakeServer['calls'] = [];
  return {
    calls,
    fetch: async (input, init) => {
      calls.push({ url: String(input), accept: new Headers(init?.headers).get('accept') });
      return next();
    },
    respond(body, init) {
      next = () => {
        if (body instanceof Error) throw body;
        return new Response(body, init);
      };
    },
  };
}

function mapStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

async function signList(revoked: number[], { iat = T0 / 1000, ttlSeconds = 600, kid = KID } = {}): Promise<string> {
  const bits = new Uint8Array(MIN_STATUS_LIST_ENTRIES / 8);
  for (const index of revoked) bits[index >>> 3]! |= 0x80 >>> (index & 7);
  const payload = {
    iss: 'https://mashang.example',
    sub: LIST_URL,
    iat,
    exp: iat + ttlSeconds,
    statusList: { purpose: 'revocation', encodedList: await encodeBitstring(bits), ttl: ttlSeconds * 1000 },
  };
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: STATUS_LIST_TYP, kid }).sign(await importJWK(PRIVATE_JWK, 'EdDSA'));
}

describe('fetchJwks', () => {
  it('should serve from cache while max-age lasts, then fetch again', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(JSON.stringify(JWKS), { headers: { 'cache-control': 'public, max-age=60' } });
    const options = { fetch: server.fetch, cache };
    assert.deepEqual(await fetchJwks(JWKS_URL, { ...options, now: T0 }), JWKS);
    await fetchJwks(JWKS_URL, { ...options, now: T0 + 59_000 });
    assert.equal(server.calls.length, 1);
    assert.match(server.calls[0]!.accept!, /application\/jwk-set\+json/);
    await fetchJwks(JWKS_URL, { ...options, now: T0 + 61_000 });
    assert.equal(server.calls.length, 2);
  });

  it('should keep a key set without Cache-Control for the default max-age, minus Age', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(JSON.stringify(JWKS));
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 });
    assert.equal((await cache.get(`jwks:${JWKS_URL}`))!.freshUntil, T0 + DEFAULT_JWKS_MAX_AGE * 1000);
    server.respond(JSON.stringify(JWKS), { headers: { 'cache-control': 'max-age=100', age: '40' } });
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 + DEFAULT_JWKS_MAX_AGE * 1000 });
    assert.equal((await cache.get(`jwks:${JWKS_URL}`))!.freshUntil, T0 + DEFAULT_JWKS_MAX_AGE * 1000 + 60_000);
  });

  it('should not store a no-store response, nor use the cache when cache is false', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(JSON.stringify(JWKS), { headers: { 'cache-control': 'no-store' } });
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 });
    assert.equal(await cache.get(`jwks:${JWKS_URL}`), undefined);
    server.respond(JSON.stringify(JWKS));
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: false, now: T0 });
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: false, now: T0 });
    assert.equal(server.calls.length, 3);
  });

  it('should fall back to a stale cached copy when offline', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(JSON.stringify(JWKS), { headers: { 'cache-control': 'max-age=60' } });
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 });
    server.respond(new TypeError('fetch failed'));
    assert.deepEqual(await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 + 86_400_000 }), JWKS);
    server.respond('oops', { status: 503 });
    assert.deepEqual(await fetchJwks(JWKS_URL, { fetch: server.fetch, cache, now: T0 + 86_400_000 }), JWKS);
    assert.equal(server.calls.length, 3);
  });

  it('should throw JWKS_RETRIEVAL_ERROR when offline with nothing cached, or for a non-JWKS body', async () => {
    const server = fakeServer();
    const isRetrieval = (e: unknown) => isCredentialError(e) && e.code === 'JWKS_RETRIEVAL_ERROR';
    await assert.rejects(fetchJwks(JWKS_URL, { fetch: server.fetch, cache: memoryCache() }), isRetrieval);
    server.respond('nope', { status: 404 });
    await assert.rejects(fetchJwks(JWKS_URL, { fetch: server.fetch, cache: memoryCache() }), isRetrieval);
    for (const body of ['<html>', '{"keys":{}}', '[1]', '{"keys":[1]}']) {
      server.respond(body);
      await assert.rejects(fetchJwks(JWKS_URL, { fetch: server.fetch, cache: memoryCache() }), isRetrieval, body);
    }
  });

  it('should persist to Web Storage so a later page can verify offline', async () => {
    const storage = mapStorage();
    const server = fakeServer();
    server.respond(JSON.stringify(JWKS), { headers: { 'cache-control': 'max-age=60' } });
    await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: storageCache(storage), now: T0 });
    assert.deepEqual([...storage.items.keys()], [`mashang:credential:jwks:${JWKS_URL}`]);
    server.respond(new TypeError('offline'));
    const later = storageCache(storage);
    assert.deepEqual(await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: later, now: T0 + 7 * 86_400_000 }), JWKS);
  });

  it('should treat a corrupted or failing storage as a cache miss', async () => {
    const storage = mapStorage();
    storage.items.set(`mashang:credential:jwks:${JWKS_URL}`, '{not json');
    const server = fakeServer();
    server.respond(JSON.stringify(JWKS));
    assert.deepEqual(await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: storageCache(storage), now: T0 }), JWKS);
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    assert.deepEqual(await fetchJwks(JWKS_URL, { fetch: server.fetch, cache: storageCache(full), now: T0 }), JWKS);
  });
});

describe('fetchStatusList', () => {
  it('should verify the list and keep it fresh until the earliest of max-age, ttl and exp', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(await signList([94_567], { ttlSeconds: 600 }), { headers: { 'cache-control': 'max-age=3600' } });
    const list = await fetchStatusList(LIST_URL, { jwks: JWKS, fetch: server.fetch, cache, now: T0 });
    assert.equal(list.url, LIST_URL);
    assert.equal(list.isSet(94_567), true);
    assert.equal(list.expiresAt, T0 / 1000 + 600);
    assert.equal((await cache.get(`status-list:${LIST_URL}`))!.freshUntil, T0 + 600_000);
    await fetchStatusList(LIST_URL, { jwks: JWKS, fetch: server.fetch, cache, now: T0 + 599_000 });
    assert.equal(server.calls.length, 1);
    await fetchStatusList(LIST_URL, { jwks: JWKS, fetch: server.fetch, cache, now: T0 + 601_000 });
    assert.equal(server.calls.length, 2);
  });

  it('should reject a list signed by an unknown key and not cache it', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    server.respond(await signList([], { kid: 'someone-else' }));
    await assert.rejects(
      fetchStatusList(LIST_URL, { jwks: JWKS, fetch: server.fetch, cache, now: T0 }),
      (e: unknown) => isCredentialError(e) && e.code === 'STATUS_VERIFICATION_ERROR' && /unknown key/.test(e.message),
    );
    assert.equal(await cache.get(`status-list:${LIST_URL}`), undefined);
  });

  it('should throw STATUS_RETRIEVAL_ERROR when offline with nothing cached', async () => {
    const server = fakeServer();
    await assert.rejects(
      fetchStatusList(LIST_URL, { jwks: JWKS, fetch: server.fetch, cache: memoryCache() }),
      (e: unknown) => isCredentialError(e) && e.code === 'STATUS_RETRIEVAL_ERROR',
    );
  });

  it('should let verifyCreditCode fetch the list the credential names, and report a stale one offline', async () => {
    const server = fakeServer();
    const cache = memoryCache();
    const key = await importJWK(PRIVATE_JWK, 'EdDSA');
    const claims = {
      iss: 'https://mashang.example',
      sub: 'mch_01KRTAKFG0K068SY1MCSGTPNE9',
      jti: 'cc_01KSR492002CCB8AP6XSGJT3RW',
      iat: T0 / 1000,
      exp: T0 / 1000 + 365 * 86_400,
      credit: { uscc: '91350100M000100Y43', name: '老街面馆', grade: 'B', status: { list: LIST_URL, index: 7 } },
    };
    const jws = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: CREDIT_CODE_TYP, kid: KID }).sign(key);
    const verifyAt = (now: number) =>
      verifyCreditCode(jws, {
        jwks: JWKS,
        now,
        statusList: (url) => fetchStatusList(url, { jwks: JWKS, fetch: server.fetch, cache, now }),
      });

    server.respond(await signList([8]));
    assert.deepEqual(await verifyAt(T0 + 1000), { valid: true, claims, statusCheck: 'current' });
    assert.equal(server.calls[0]!.url, LIST_URL);

    server.respond(new TypeError('offline'));
    assert.deepEqual(await verifyAt(T0 + 86_400_000), { valid: true, claims, statusCheck: 'stale' });

    server.respond(await signList([7], { iat: T0 / 1000 + 2 * 86_400 }));
    const revoked = await verifyAt(T0 + 2 * 86_400_000 + 1000);
    assert.equal(revoked.reason, 'revoked');
    assert.equal(revoked.statusCheck, 'current');

    const unavailable = await verifyCreditCode(jws, {
      jwks: JWKS,
      now: T0,
      statusList: () => {
        throw new Error('no network');
      },
    });
    assert.deepEqual(unavailable, { valid: true, claims, statusCheck: 'unchecked' });
  });
});
