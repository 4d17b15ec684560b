import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SignJWT, base64url, calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import {
  CREDIT_CODE_TYP,
  CredentialError,
  MIN_STATUS_LIST_ENTRIES,
  creditCodeUrl,
  decodeBitstring,
  decodeStatusList,
  encodeBitstring,
  extractCreditToken,
  getBit,
  isCredentialError,
  isEd25519Supported,
  verifyCreditCode,
  type CreditClaims,
} from '@mashang/sdk/credential';

// Vectors come from the shared standards notes (RFC 8037 Appendix A, W3C Bitstring Status List).
const standards = readFileSync(new URL('../../../../shared/standards/payment-credit.md', import.meta.url), 'utf8');
function vector(label: string): string {
  const match = new RegExp(`^\\| ${label} \\| \`([^\`]+)\``, 'm').exec(standards);
  assert.ok(match, `vector "${label}" not found in payment-credit.md`);
  return match[1]!;
}
const RFC8037 = {
  d: vector('d'),
  x: vector('x'),
  signingInput: vector('signing input'),
  signature: vector('signature'),
  thumbprint: vector('RFC 7638 JWK thumbprint'),
};
const W3C_ENCODED_LIST = /`(uH4sI[A-Za-z0-9_-]+)`/.exec(standards)![1]!;

const KID = RFC8037.thumbprint;
const PRIVATE_JWK: JWK = { kty: 'OKP', crv: 'Ed25519', x: RFC8037.x, d: RFC8037.d };
const JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x, kid: KID, alg: 'EdDSA', use: 'sig' }] };
const NOW = 1_780_000_000; // 2026-05-28T20:26:40Z

function claims(overrides: Partial<CreditClaims> = {}): CreditClaims {
  return {
    iss: 'https://mashang.example',
    sub: 'mch_01KRTAKFG0K068SY1MCSGTPNE9',
    jti: 'cc_01KSR492002CCB8AP6XSGJT3RW',
    iat: NOW,
    exp: NOW + 180 * 86_400,
    credit: {
      uscc: '91350100M000100Y43',
      name: '湖州市吴兴区老街面馆',
      grade: 'A',
      status: { list: 'https://mashang.example/credit/status/1', index: 94_567 },
    },
    ...overrides,
  };
}

async function sign(payload: object, header: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(PRIVATE_JWK, 'EdDSA');
  return new SignJWT(payload as Record<string, unknown>)
    .setProtectedHeader({ alg: 'EdDSA', typ: CREDIT_CODE_TYP, kid: KID, ...header })
    .sign(key);
}

describe('RFC 8037 vectors', () => {
  it('should compute the thumbprint of the Appendix A key', async () => {
    assert.equal(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x }), RFC8037.thumbprint);
  });

  it('should verify the Appendix A signature with jose on this runtime', async () => {
    const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x }, 'EdDSA');
    const { payload } = await compactVerify(`${RFC8037.signingInput}.${RFC8037.signature}`, key);
    assert.equal(new TextDecoder().decode(payload), 'Example of Ed25519 signing');
  });
});

describe('isEd25519Supported', () => {
  it('should be true on the Node versions the SDK supports', async () => {
    assert.equal(await isEd25519Supported(), true);
  });
});

describe('extractCreditToken', () => {
  const jws = 'eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln';

  it('should accept the bare JWS, trimmed', () => {
    assert.equal(extractCreditToken(` ${jws}\n`), jws);
  });

  it('should find the JWS in a /c/ path, also under a base path', () => {
    assert.equal(extractCreditToken(`https://mashang.example/c/${jws}`), jws);
    assert.equal(extractCreditToken(`https://gov.example/mashang/c/${jws}/`), jws);
    assert.equal(extractCreditToken(`https://mashang.example/c/${jws}?utm_source=poster`), jws);
  });

  it('should find the JWS in the fragment', () => {
    for (const fragment of [jws, `c/${jws}`, `/c/${jws}`, `c=${jws}`]) {
      assert.equal(extractCreditToken(`https://mashang.example/verify#${fragment}`), jws);
    }
  });

  it('should return undefined when there is no JWS', () => {
    for (const input of ['', 'hello', 'https://mashang.example/', 'https://mashang.example/c/', `https://mashang.example/p/${jws}`, 'a.b', 'a.b.c.d', '%E0%A4%A.b.c']) {
      assert.equal(extractCreditToken(input), undefined, input);
    }
    assert.equal(extractCreditToken(42 as unknown as string), undefined);
  });

  it('should reject a token longer than any QR code holds', () => {
    assert.equal(extractCreditToken(`a.${'b'.repeat(5000)}.c`), undefined);
  });
});

describe('creditCodeUrl', () => {
  it('should put the JWS under /c/ on the base URL', () => {
    const jws = 'aaa.bbb.ccc';
    assert.equal(creditCodeUrl('https://mashang.example', jws), 'https://mashang.example/c/aaa.bbb.ccc');
    assert.equal(creditCodeUrl('https://gov.example/mashang/?x=1#y', jws), 'https://gov.example/mashang/c/aaa.bbb.ccc');
    assert.equal(extractCreditToken(creditCodeUrl('https://mashang.example', jws)), jws);
  });

  it('should refuse something that is not a compact JWS', () => {
    assert.throws(() => creditCodeUrl('https://mashang.example', 'a/b'), TypeError);
  });
});

describe('bitstring codec', () => {
  it('should decode the W3C example encodedList to 131072 zero entries', async () => {
    const bits = await decodeBitstring(W3C_ENCODED_LIST);
    assert.equal(bits.length * 8, MIN_STATUS_LIST_ENTRIES);
    assert.ok(bits.every((byte) => byte === 0));
  });

  it('should number entries from the left-most bit', () => {
    const bits = new Uint8Array([0b1000_0001, 0b0100_0000]);
    assert.deepEqual([0, 1, 6, 7, 8, 9].map((i) => getBit(bits, i)), [true, false, false, true, false, true]);
  });

  it('should throw RANGE_ERROR outside the list', () => {
    const bits = new Uint8Array(2);
    for (const index of [-1, 16, 1.5, Number.NaN]) {
      assert.throws(() => getBit(bits, index), (e: unknown) => isCredentialError(e) && e.code === 'RANGE_ERROR');
    }
  });

  it('should round-trip any bitstring', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bits) => {
        const encoded = await encodeBitstring(bits);
        assert.match(encoded, /^uH4sI[A-Za-z0-9_-]+$/);
        assert.deepEqual(await decodeBitstring(encoded), bits);
      }),
      { numRuns: 50 },
    );
  });

  it('should reject input that is not multibase base64url GZIP', async () => {
    for (const input of ['', 'H4sIAAAA', 'u', 'u!!!', 'zH4sI', `u${base64url.encode('not gzip at all')}`]) {
      await assert.rejects(decodeBitstring(input), (e: unknown) => e instanceof CredentialError && e.code === 'STATUS_VERIFICATION_ERROR', input);
    }
  });

  it('should refuse to expand a bitstring beyond 16 MiB', async () => {
    const bomb = await encodeBitstring(new Uint8Array(17 * 1024 * 1024));
    assert.ok(bomb.length < 40_000);
    await assert.rejects(decodeBitstring(bomb), /expands beyond/);
  });
});

describe('decodeStatusList', () => {
  it('should read a bare encodedList as a revocation list', async () => {
    const bits = new Uint8Array(MIN_STATUS_LIST_ENTRIES / 8);
    bits[11_820] = 0b0100_0000; // entry 94561
    const list = await decodeStatusList(await encodeBitstring(bits));
    assert.equal(list.purpose, 'revocation');
    assert.equal(list.size, MIN_STATUS_LIST_ENTRIES);
    assert.equal(list.url, undefined);
    assert.equal(list.isSet(94_561), true);
    assert.equal(list.isSet(94_560), false);
  });

  it('should raise STATUS_LIST_LENGTH_ERROR below 131072 entries', async () => {
    const short = await encodeBitstring(new Uint8Array(MIN_STATUS_LIST_ENTRIES / 8 - 1));
    await assert.rejects(decodeStatusList(short), (e: unknown) => isCredentialError(e) && e.code === 'STATUS_LIST_LENGTH_ERROR');
  });

  it('should need jwks for a token', async () => {
    await assert.rejects(decodeStatusList('aaa.bbb.ccc'), TypeError);
  });

  it('should not accept a credit code as a status list', async () => {
    const jws = await sign(claims());
    await assert.rejects(decodeStatusList(jws, { jwks: JWKS }), (e: unknown) => isCredentialError(e) && e.code === 'STATUS_VERIFICATION_ERROR');
  });
});

describe('verifyCreditCode', () => {
  const at = { jwks: JWKS, now: (NOW + 60) * 1000 };

  it('should accept a credential signed with a listed key, as JWS or URL', async () => {
    const jws = await sign(claims());
    for (const input of [jws, `https://mashang.example/c/${jws}`, `https://mashang.example/#${jws}`]) {
      const result = await verifyCreditCode(input, at);
      assert.deepEqual(result, { valid: true, claims: claims(), statusCheck: 'unchecked' });
    }
  });

  it('should drop claims it does not know', async () => {
    const jws = await sign({ ...claims(), extra: 'x' });
    const result = await verifyCreditCode(jws, at);
    assert.equal(result.valid, true);
    assert.equal('extra' in result.claims!, false);
  });

  it('should call a well-signed token of the wrong shape malformed', async () => {
    const cases: object[] = [
      { ...claims(), sub: 'isv_1' },
      { ...claims(), jti: 'cc_1' },
      { ...claims(), credit: { ...claims().credit, grade: 'E' } },
      { ...claims(), credit: { ...claims().credit, score: 101 } },
      { ...claims(), credit: { ...claims().credit, uscc: '91350100M000100Y4' } },
      { ...claims(), credit: { ...claims().credit, validUntil: '2027-02-30' } },
      { ...claims(), credit: { ...claims().credit, status: { list: 'ftp://x.example/1', index: 1 } } },
      { ...claims(), exp: 'soon' },
      { iss: 'https://mashang.example' },
    ];
    for (const payload of cases) {
      assert.deepEqual(await verifyCreditCode(await sign(payload), at), { valid: false, reason: 'malformed' }, JSON.stringify(payload));
    }
  });

  it('should call a token with another typ, alg or no kid malformed', async () => {
    const key = await importJWK(PRIVATE_JWK, 'EdDSA');
    const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', typ: CREDIT_CODE_TYP }).sign(key);
    for (const jws of [await sign(claims(), { typ: 'JWT' }), noKid]) {
      assert.equal((await verifyCreditCode(jws, at)).reason, 'malformed');
    }
    const hs = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: CREDIT_CODE_TYP, kid: KID }).sign(new Uint8Array(32));
    assert.equal((await verifyCreditCode(hs, at)).reason, 'malformed');
  });

  it('should reject a signature with non-canonical trailing bits as malformed', async () => {
    // jose decodes base64url leniently and would accept this twin; one token, one spelling.
    const jws = await sign(claims());
    const last = jws.at(-1)!;
    const twin = jws.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    assert.equal((await verifyCreditCode(twin, at)).reason, 'malformed');
  });

  it('should report unknown_key for an unusable key set instead of throwing', async () => {
    const jws = await sign(claims());
    for (const jwks of [undefined, null, {}, { keys: 'x' }, { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: KID }] }]) {
      assert.equal((await verifyCreditCode(jws, { jwks: jwks as never })).reason, 'unknown_key', JSON.stringify(jwks));
    }
  });

  it('should try every key when a kid is listed twice', async () => {
    const jws = await sign(claims());
    const other = { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(new Uint8Array(32).fill(7)), kid: KID };
    assert.equal((await verifyCreditCode(jws, { ...at, jwks: { keys: [other, ...JWKS.keys] } })).valid, true);
  });

  it('should never throw on garbage, and call it malformed', async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/);
    const garbage = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
      fc.webUrl().map((url) => `${url}/c/`),
      fc.constantFrom('null', '{}', '..', 'eyJ9.eyJ9.AAAA', `${'a'.repeat(10_000)}`),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (input) => {
        const result = await verifyCreditCode(input, at);
        assert.deepEqual(result, { valid: false, reason: 'malformed' });
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(await verifyCreditCode(undefined as never, at), { valid: false, reason: 'malformed' });
  });
});
