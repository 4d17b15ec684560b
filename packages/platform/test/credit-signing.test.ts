import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { base64url, decodeProtectedHeader } from 'jose';
import {
  MIN_STATUS_LIST_ENTRIES,
  creditCodeUrl,
  decodeStatusList,
  verifyCreditCode,
  type CreditClaims,
  type JSONWebKeySet,
} from '@mashang/sdk/credential';
import {
  generateSigningKey,
  importSigningKey,
  publicJwks,
  signCreditCredential,
  signStatusList,
  type SigningKey,
} from '../src/credit/signing.js';
import { createBitstring, decodeBitstring, encodeBitstring, getBit, setBit } from '../src/credit/status-list.js';

// Worked example for docs/credit-codes.md. The key is RFC 8037 Appendix A's (public test key; never
// use it for real credentials). Ed25519 is deterministic, so these inputs always give this token.
const EXAMPLE_PRIVATE_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
};
const EXAMPLE_KID = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const ISSUER = 'https://mashang.example';
const LIST_URL = 'https://mashang.example/credit/status/1';
const IAT = 1_780_000_000; // 2026-05-28T20:26:40Z
const EXAMPLE_CLAIMS: CreditClaims = {
  iss: ISSUER,
  sub: 'mch_01KRTAKFG0K068SY1MCSGTPNE9',
  jti: 'cc_01KSR492002CCB8AP6XSGJT3RW',
  iat: IAT,
  exp: IAT + 365 * 86_400, // 2027-05-28T20:26:40Z, before the end of validUntil
  credit: {
    uscc: '91350100M000100Y43', // GB 32100 official example
    name: '福州市鼓楼区示例面馆有限公司',
    grade: 'A',
    score: 92,
    validUntil: '2027-05-31',
    status: { list: LIST_URL, index: 94_567 },
  },
};
const EXAMPLE_TOKEN =
  'eyJhbGciOiJFZERTQSIsInR5cCI6Im1hc2hhbmctY3JlZGl0K2p3dCIsImtpZCI6ImtQcktfcW14VldhWVZBOXd3QkY2SXVvM3ZWeno3VHhIQ1R3WEJ5Z3JTNGsifQ' +
  '.eyJpc3MiOiJodHRwczovL21hc2hhbmcuZXhhbXBsZSIsInN1YiI6Im1jaF8wMUtSVEFLRkcwSzA2OFNZMU1DU0dUUE5FOSIsImp0aSI6ImNjXzAxS1NSNDkyMDAyQ0NCOEFQNlhTR0pUM1JXIiwiaWF0IjoxNzgwMDAwMDAwLCJleHAiOjE4MTE1MzYwMDAsImNyZWRpdCI6eyJ1c2NjIjoiOTEzNTAxMDBNMDAwMTAwWTQzIiwibmFtZSI6Iuemj-W3nuW4gum8k-alvOWMuuekuuS-i-mdoummhuaciemZkOWFrOWPuCIsImdyYWRlIjoiQSIsInNjb3JlIjo5MiwidmFsaWRVbnRpbCI6IjIwMjctMDUtMzEiLCJzdGF0dXMiOnsibGlzdCI6Imh0dHBzOi8vbWFzaGFuZy5leGFtcGxlL2NyZWRpdC9zdGF0dXMvMSIsImluZGV4Ijo5NDU2N319fQ' +
  '.AzOA8XwEfb0VMvU8R_ARboI8D6GCF7SUYgYz7J8WRDmA9LvRlKsMUStNu8MJrM1igXoF77u4Hs2NiwqKj4M5AQ';

const at = (seconds: number) => seconds * 1000;

let cachedKeys: [SigningKey, SigningKey] | undefined;
async function keys(): Promise<[SigningKey, SigningKey]> {
  cachedKeys ??= [await generateSigningKey(), await generateSigningKey()];
  return cachedKeys;
}

async function issue(overrides: Partial<CreditClaims> = {}, key?: SigningKey): Promise<string> {
  return signCreditCredential({ ...EXAMPLE_CLAIMS, ...overrides }, key ?? (await keys())[0]);
}

async function listToken(revoked: number[], key: SigningKey, options: { now?: Date; url?: string; ttlSeconds?: number } = {}) {
  const bits = createBitstring();
  for (const index of revoked) setBit(bits, index);
  return signStatusList({ bits, issuer: ISSUER, url: options.url ?? LIST_URL, key, now: options.now ?? new Date(at(IAT)), ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}) });
}

function mutatePayload(jws: string, mutate: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jws.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
  mutate(claims);
  return `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
}

describe('signing keys', () => {
  it('should generate an Ed25519 key whose kid is its RFC 7638 thumbprint', async () => {
    const key = await generateSigningKey(new Date('2026-01-02T03:04:05Z'));
    assert.match(key.kid, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(Object.keys(key.publicJwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.equal(key.publicJwk.kid, key.kid);
    assert.equal(typeof key.privateJwk.d, 'string');
    assert.equal(key.createdAt, '2026-01-02T03:04:05.000Z');
    assert.equal((await importSigningKey(key.privateJwk)).kid, key.kid);
  });

  it('should rebuild the RFC 8037 Appendix A key with its published thumbprint', async () => {
    const key = await importSigningKey(EXAMPLE_PRIVATE_JWK, { createdAt: '2026-01-01T00:00:00Z' });
    assert.equal(key.kid, EXAMPLE_KID);
    assert.deepEqual(key.publicJwk, { kty: 'OKP', crv: 'Ed25519', x: EXAMPLE_PRIVATE_JWK.x, kid: EXAMPLE_KID, alg: 'EdDSA', use: 'sig' });
  });

  it('should refuse a JWK that is not a private Ed25519 key, or whose x does not match d', async () => {
    const [a, b] = await keys();
    await assert.rejects(importSigningKey(a.publicJwk), /private Ed25519 JWK/);
    await assert.rejects(importSigningKey({ ...a.privateJwk, crv: 'Ed448' }), /private Ed25519 JWK/);
    await assert.rejects(importSigningKey({ ...a.privateJwk, x: b.publicJwk.x! }), /does not belong/);
  });

  it('should publish only public members, once per kid', async () => {
    const [a, b] = await keys();
    const leaky = { publicJwk: { ...a.privateJwk } };
    const jwks = publicJwks([a, b, a, leaky]);
    assert.deepEqual(jwks.keys.map((k) => k.kid), [a.kid, b.kid]);
    assert.ok(jwks.keys.every((k) => !('d' in k)));
    assert.deepEqual(publicJwks([leaky]).keys[0], a.publicJwk);
  });
});

describe('signCreditCredential', () => {
  it('should produce a compact JWS with header { alg, typ, kid } that verifies', async () => {
    const [key] = await keys();
    const jws = await issue();
    assert.deepEqual(decodeProtectedHeader(jws), { alg: 'EdDSA', typ: 'mashang-credit+jwt', kid: key.kid });
    const result = await verifyCreditCode(creditCodeUrl(ISSUER, jws), { jwks: publicJwks([key]), now: at(IAT + 60), issuer: ISSUER });
    assert.deepEqual(result, { valid: true, claims: EXAMPLE_CLAIMS, statusCheck: 'unchecked' });
  });

  it('should default iat to now and leave out absent optional claims', async () => {
    const [key] = await keys();
    const { iat: _iat, ...rest } = EXAMPLE_CLAIMS;
    const { score: _score, validUntil: _validUntil, ...credit } = EXAMPLE_CLAIMS.credit;
    const jws = await signCreditCredential({ ...rest, credit }, key, { now: new Date(at(IAT + 5)) });
    const result = await verifyCreditCode(jws, { jwks: publicJwks([key]), now: at(IAT + 60) });
    assert.equal(result.claims?.iat, IAT + 5);
    assert.deepEqual(Object.keys(result.claims!.credit), ['uscc', 'name', 'grade', 'status']);
  });

  it('should refuse invalid claims with a message naming the claim', async () => {
    const [key] = await keys();
    const credit = EXAMPLE_CLAIMS.credit;
    const cases: [Partial<CreditClaims>, RegExp][] = [
      [{ sub: 'merchant-1' }, /sub: sub must be a merchant id/],
      [{ jti: 'x' }, /jti:/],
      [{ iss: 'mashang.example' }, /iss:/],
      [{ credit: { ...credit, uscc: '91350100M000100YI3' } }, /credit\.uscc/],
      [{ credit: { ...credit, grade: 'M' as never } }, /credit\.grade/],
      [{ credit: { ...credit, validUntil: '31/05/2027' } }, /credit\.validUntil/],
      [{ credit: { ...credit, status: { list: LIST_URL, index: -1 } } }, /credit\.status\.index/],
      [{ exp: IAT }, /exp .* must be after iat/],
      [{ nbf: IAT + 400 * 86_400 }, /must be after iat .* and nbf/],
      [{ exp: IAT + 400 * 86_400 }, /must not be after the end of the grade's validUntil day 2027-05-31/],
    ];
    for (const [overrides, message] of cases) {
      await assert.rejects(signCreditCredential({ ...EXAMPLE_CLAIMS, ...overrides }, key), message, JSON.stringify(overrides));
    }
  });

  it('should allow exp up to the last second of the validUntil day in China Standard Time', async () => {
    const endOfDay = Date.parse('2027-05-31T23:59:59+08:00') / 1000;
    await issue({ exp: endOfDay });
    await assert.rejects(issue({ exp: endOfDay + 1 }), /validUntil/);
  });
});

describe('verifyCreditCode against platform-signed credentials', () => {
  it('should call any changed claim byte a bad signature', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const [header, payload, signature] = (await issue()).split('.');
    const bytes = base64url.decode(payload!);
    for (let i = 0; i < bytes.length; i++) {
      const changed = bytes.slice();
      changed[i]! ^= 0x01;
      const result = await verifyCreditCode(`${header}.${base64url.encode(changed)}.${signature}`, { jwks, now: at(IAT) });
      assert.deepEqual(result, { valid: false, reason: 'bad_signature' }, `byte ${i}`);
    }
  });

  it('should call an upgraded grade, a moved expiry or a swapped signature a bad signature', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const jws = await issue({ credit: { ...EXAMPLE_CLAIMS.credit, grade: 'C' } });
    const upgraded = mutatePayload(jws, (c) => ((c['credit'] as { grade: string }).grade = 'A'));
    const extended = mutatePayload(jws, (c) => (c['exp'] = 4_102_444_800));
    const other = await issue({ jti: 'cc_01KSR492002CCB8AP6XSGJT3R2' });
    const swapped = `${jws.split('.').slice(0, 2).join('.')}.${other.split('.')[2]}`;
    for (const token of [upgraded, extended, swapped]) {
      assert.deepEqual(await verifyCreditCode(token, { jwks, now: at(IAT) }), { valid: false, reason: 'bad_signature' });
    }
  });

  it('should report unknown_key for a kid not in the key set, or another issuer', async () => {
    const [a, b] = await keys();
    const jws = await issue({}, b);
    assert.deepEqual(await verifyCreditCode(jws, { jwks: publicJwks([a]), now: at(IAT) }), { valid: false, reason: 'unknown_key' });
    const relabelled = `${base64url.encode(JSON.stringify({ alg: 'EdDSA', typ: 'mashang-credit+jwt', kid: b.kid }))}.${(await issue({}, a)).split('.').slice(1).join('.')}`;
    assert.equal((await verifyCreditCode(relabelled, { jwks: publicJwks([a, b]), now: at(IAT) })).reason, 'bad_signature');
    const result = await verifyCreditCode(await issue(), { jwks: publicJwks([a]), now: at(IAT), issuer: 'https://other.example' });
    assert.deepEqual(result, { valid: false, reason: 'unknown_key' });
  });

  it('should report expired and not_yet_valid with the claims, allowing 60 s of clock skew', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const jws = await issue({ nbf: IAT + 3600 });
    const early = await verifyCreditCode(jws, { jwks, now: at(IAT) });
    assert.equal(early.reason, 'not_yet_valid');
    assert.equal(early.claims?.jti, EXAMPLE_CLAIMS.jti);
    assert.equal((await verifyCreditCode(jws, { jwks, now: at(IAT + 3600 - 59) })).valid, true);
    const late = await verifyCreditCode(jws, { jwks, now: at(EXAMPLE_CLAIMS.exp + 61) });
    assert.equal(late.reason, 'expired');
    assert.deepEqual(late.claims, { ...EXAMPLE_CLAIMS, nbf: IAT + 3600 });
    assert.equal((await verifyCreditCode(jws, { jwks, now: at(EXAMPLE_CLAIMS.exp + 59) })).valid, true);
    assert.equal((await verifyCreditCode(jws, { jwks, now: at(EXAMPLE_CLAIMS.exp + 1), clockTolerance: 0 })).reason, 'expired');
  });

  it('should report revoked from a status list given as token, decoded list or resolver', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const jws = await issue();
    const token = await listToken([94_567], key);
    const decoded = await decodeStatusList(token, { jwks });
    for (const statusList of [token, decoded, async (url: string) => (url === LIST_URL ? token : undefined)]) {
      const result = await verifyCreditCode(jws, { jwks, statusList, now: at(IAT + 60) });
      assert.deepEqual(result, { valid: false, reason: 'revoked', claims: EXAMPLE_CLAIMS, statusCheck: 'current' });
    }
    const neighbour = await listToken([94_566, 94_568], key);
    assert.deepEqual(await verifyCreditCode(jws, { jwks, statusList: neighbour, now: at(IAT + 60) }), {
      valid: true,
      claims: EXAMPLE_CLAIMS,
      statusCheck: 'current',
    });
  });

  it('should prefer revoked over expired, and mark an outdated list stale', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const jws = await issue();
    const list = await listToken([94_567], key, { ttlSeconds: 600 });
    const result = await verifyCreditCode(jws, { jwks, statusList: list, now: at(EXAMPLE_CLAIMS.exp + 3600) });
    assert.deepEqual([result.reason, result.statusCheck], ['revoked', 'stale']);
    const clear = await listToken([], key, { ttlSeconds: 600 });
    const offline = await verifyCreditCode(jws, { jwks, statusList: clear, now: at(IAT + 86_400) });
    assert.deepEqual([offline.valid, offline.statusCheck], [true, 'stale']);
  });

  it('should leave revocation unchecked for a list it cannot trust or that is not the named one', async () => {
    const [a, b] = await keys();
    const jwks = publicJwks([a]);
    const jws = await issue({}, a);
    const lists = [
      await listToken([94_567], b), // signed by a key not in the set
      await listToken([94_567], a, { url: 'https://mashang.example/credit/status/2' }), // another list
      await issue({}, a), // a credit code, not a list
      'garbage',
    ];
    for (const statusList of lists) {
      const result = await verifyCreditCode(jws, { jwks, statusList, now: at(IAT + 60) });
      assert.deepEqual([result.valid, result.statusCheck], [true, 'unchecked']);
    }
    const outOfRange = await issue({ credit: { ...EXAMPLE_CLAIMS.credit, status: { list: LIST_URL, index: MIN_STATUS_LIST_ENTRIES } } }, a);
    const result = await verifyCreditCode(outOfRange, { jwks, statusList: await listToken([], a), now: at(IAT + 60) });
    assert.equal(result.statusCheck, 'unchecked');
  });

  it('should not accept a status-list token as a credit code', async () => {
    const [key] = await keys();
    const result = await verifyCreditCode(await listToken([], key), { jwks: publicJwks([key]), now: at(IAT) });
    assert.deepEqual(result, { valid: false, reason: 'malformed' });
  });

  it('should keep verifying the previous key\'s credentials while the key set lists it', async () => {
    const [previous, current] = await keys();
    const old = await issue({ jti: 'cc_01KSR492002CCB8AP6XSGJT3R0' }, previous);
    const fresh = await issue({ jti: 'cc_01KSR492002CCB8AP6XSGJT3R1' }, current);
    const both = publicJwks([current, previous]);
    assert.equal((await verifyCreditCode(old, { jwks: both, now: at(IAT) })).valid, true);
    assert.equal((await verifyCreditCode(fresh, { jwks: both, now: at(IAT) })).valid, true);
    const retired = publicJwks([current]);
    assert.deepEqual(await verifyCreditCode(old, { jwks: retired, now: at(IAT) }), { valid: false, reason: 'unknown_key' });
    assert.equal((await verifyCreditCode(fresh, { jwks: retired, now: at(IAT) })).valid, true);
  });

  it('should answer malformed, bad_signature or unknown_key for any mutation of a valid token, and never throw', async () => {
    const [key] = await keys();
    const jwks = publicJwks([key]);
    const jws = await issue();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=/+ %é';
    const char = fc.constantFrom(...alphabet);
    const position = fc.nat({ max: jws.length - 1 });
    const mutation = fc.oneof(
      fc.tuple(position, char).map(([i, c]) => jws.slice(0, i) + c + jws.slice(i + 1)),
      fc.tuple(position, char).map(([i, c]) => jws.slice(0, i) + c + jws.slice(i)),
      position.map((i) => jws.slice(0, i) + jws.slice(i + 1)),
      position.map((i) => jws.slice(0, i)),
      fc.tuple(position, fc.nat({ max: 40 })).map(([i, n]) => jws.slice(0, i) + jws.slice(i + n)),
      fc.shuffledSubarray(jws.split('.'), { minLength: 1 }).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (mutated) => {
        fc.pre(mutated !== jws);
        const result = await verifyCreditCode(mutated, { jwks, now: at(IAT) });
        assert.equal(result.valid, false);
        assert.ok(['malformed', 'bad_signature', 'unknown_key'].includes(result.reason!), `${result.reason} for ${mutated}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('status lists', () => {
  it('should create a zeroed bitstring of at least 131072 entries', () => {
    assert.equal(createBitstring().length, MIN_STATUS_LIST_ENTRIES / 8);
    assert.equal(createBitstring(2 * MIN_STATUS_LIST_ENTRIES).length, MIN_STATUS_LIST_ENTRIES / 4);
    for (const size of [8, MIN_STATUS_LIST_ENTRIES - 8, MIN_STATUS_LIST_ENTRIES + 1, Number.NaN]) {
      assert.throws(() => createBitstring(size), RangeError, String(size));
    }
  });

  it('should set and clear bits left-most first, refusing out-of-range indexes', () => {
    const bits = createBitstring();
    setBit(bits, 0);
    setBit(bits, 9);
    assert.deepEqual([bits[0], bits[1]], [0b1000_0000, 0b0100_0000]);
    setBit(bits, 0, false);
    assert.equal(bits[0], 0);
    assert.throws(() => setBit(bits, MIN_STATUS_LIST_ENTRIES), RangeError);
    assert.throws(() => setBit(bits, -1), RangeError);
  });

  it('should round-trip any set of revoked indexes through encode/decode and a signed list', async () => {
    const [key] = await keys();
    const jwks: JSONWebKeySet = publicJwks([key]);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat({ max: MIN_STATUS_LIST_ENTRIES - 1 }), { maxLength: 64 }), async (revoked) => {
        const bits = createBitstring();
        for (const index of revoked) setBit(bits, index);
        assert.deepEqual(await decodeBitstring(await encodeBitstring(bits)), bits);
        const list = await decodeStatusList(await listToken(revoked, key), { jwks });
        const probes = [...revoked, ...revoked.map((i) => (i + 1) % MIN_STATUS_LIST_ENTRIES), 0, MIN_STATUS_LIST_ENTRIES - 1];
        for (const index of probes) assert.equal(list.isSet(index), getBit(bits, index), `index ${index}`);
      }),
      { numRuns: 25 },
    );
  });

  it('should sign { iss, sub: url, iat, exp, statusList: { purpose, encodedList, ttl } }', async () => {
    const key = await importSigningKey(EXAMPLE_PRIVATE_JWK);
    const token = await listToken([94_567], key, { ttlSeconds: 600 });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'EdDSA', typ: 'mashang-status-list+jwt', kid: EXAMPLE_KID });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]!))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(payload), ['iss', 'sub', 'iat', 'exp', 'statusList']);
    assert.deepEqual(payload, {
      iss: ISSUER,
      sub: LIST_URL,
      iat: IAT,
      exp: IAT + 600,
      statusList: { purpose: 'revocation', encodedList: (payload['statusList'] as { encodedList: string }).encodedList, ttl: 600_000 },
    });
    const list = await decodeStatusList(token, { jwks: publicJwks([key]) });
    assert.deepEqual([list.url, list.issuer, list.size, list.expiresAt, list.ttl, list.isSet(94_567)], [LIST_URL, ISSUER, MIN_STATUS_LIST_ENTRIES, IAT + 600, 600_000, true]);
  });

  it('should refuse to sign a list that is too short or with a bad ttl', async () => {
    const [key] = await keys();
    const base = { issuer: ISSUER, url: LIST_URL, key };
    await assert.rejects(signStatusList({ ...base, bits: new Uint8Array(100) }), RangeError);
    await assert.rejects(signStatusList({ ...base, bits: createBitstring(), ttlSeconds: 0 }), RangeError);
    await assert.rejects(signStatusList({ ...base, bits: createBitstring(), url: 'not a url' }), /sub:/);
  });
});

describe('worked example (docs/credit-codes.md)', () => {
  it('should sign the example claims with the RFC 8037 key into exactly this token', async () => {
    const key = await importSigningKey(EXAMPLE_PRIVATE_JWK);
    assert.equal(await signCreditCredential(EXAMPLE_CLAIMS, key), EXAMPLE_TOKEN);
    const jwks = publicJwks([key]);
    assert.deepEqual(await verifyCreditCode(EXAMPLE_TOKEN, { jwks, now: at(IAT + 60) }), { valid: true, claims: EXAMPLE_CLAIMS, statusCheck: 'unchecked' });
  });

  it('should need a version 22 QR code at error correction M (718-character URL)', () => {
    const url = creditCodeUrl(ISSUER, EXAMPLE_TOKEN);
    assert.equal(url, `https://mashang.example/c/${EXAMPLE_TOKEN}`);
    assert.deepEqual(
      [EXAMPLE_TOKEN.length, url.length, QRCode.create(url, { errorCorrectionLevel: 'M' }).version],
      [692, 718, 22],
    );
  });
});
