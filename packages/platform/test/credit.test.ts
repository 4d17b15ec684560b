import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SignJWT, base64url, decodeProtectedHeader, generateKeyPair } from 'jose';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { ConflictError, InvalidRequestError, Mashang, NotFoundError, PermissionError, ValidationError, type CreditCode } from '@mashang/sdk';
import {
  CREDIT_CODE_TYP,
  decodeStatusList,
  extractCreditToken,
  fetchJwks,
  fetchStatusList,
  memoryCache,
  verifyCreditCode,
  type CreditClaims,
  type JSONWebKeySet,
  type JWK,
} from '@mashang/sdk/credential';
import { importSigningKey, signCreditCredential } from '../src/credit/signing.js';
import { KEY_FILE, KEYS_ENV } from '../src/credit/keyring.js';
import { listKeys, removeKey, rotateKeys } from '../src/credit/cli.js';
import { setMerchantStatus } from '../src/store/merchants.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let merchant: Mashang;
let operator: Mashang;
let isv: Mashang;

const DAY = 86_400;
// jsqr is CommonJS: at run time the default import is the function its types call `default`.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

async function jwksOf(platform: TestPlatform): Promise<JSONWebKeySet> {
  return fetchJwks(`${platform.url}/.well-known/jwks.json`, { cache: false });
}

/** Verifies like a phone that is online: fresh keys and a fresh status list. */
async function verifyOnline(token: string, platform = p, now?: number) {
  const jwks = await jwksOf(platform);
  return verifyCreditCode(token, { jwks, statusList: (url) => fetchStatusList(url, { jwks, cache: false }), ...(now === undefined ? {} : { now }) });
}

function decodePayload(token: string): Record<string, any> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]!)));
}

async function raw(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${p.url}${path}`, { ...init, headers });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

async function codeCount(): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from credit_codes');
  return Number(rows[0]!.n);
}

/** A new active merchant with a USCC, under the sandbox ISV, and a secret-key client for it. */
async function activeMerchant(name: string, uscc = '91330502MA2D3XKJ16'): Promise<{ id: string; client: Mashang }> {
  const m = await isv.merchants.create({ name, uscc });
  await setMerchantStatus(p.platform.db, m.id, 'active');
  return { id: m.id, client: isv.forMerchant(m.id) };
}

function validUntil(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * DAY * 1000).toISOString().slice(0, 10);
}

before(async () => {
  p = await startTestPlatform();
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('issuing a credit code', () => {
  let code: CreditCode;

  it('should issue a signed credential for the seeded sandbox merchant with the default grade', async () => {
    code = await merchant.creditCodes.issue();
    assert.match(code.id, /^cc_[0-9A-Z]{26}$/);
    assert.equal(code.merchant, p.keys.merchant.id);
    assert.equal(code.grade, 'B', 'the documented default grade');
    assert.equal(code.status, 'active');
    assert.equal(code.uscc, '91330502MA2D3XKJ16');
    assert.equal(code.url, `${p.url}/c/${code.token}`);
    const ratings = await operator.creditRatings.list({ merchant: p.keys.merchant.id });
    assert.equal(ratings.data.length, 1);
    assert.equal(ratings.data[0]!.source, 'default');
    assert.deepEqual(ratings.data[0]!.basis, ['new_merchant_default']);
    assert.equal(ratings.data[0]!.id, code.rating);
  });

  it('should carry issuer, merchant, USCC, name, grade, times and a status index, with EdDSA, typ and the current kid', async () => {
    const header = decodeProtectedHeader(code.token);
    const jwks = await jwksOf(p);
    assert.deepEqual(header, { alg: 'EdDSA', typ: CREDIT_CODE_TYP, kid: jwks.keys[0]!.kid });
    assert.equal(code.kid, header.kid);
    const claims = decodePayload(code.token);
    assert.equal(claims['iss'], p.url);
    assert.equal(claims['sub'], p.keys.merchant.id);
    assert.equal(claims['jti'], code.id);
    assert.equal(claims['credit'].uscc, code.uscc);
    assert.equal(claims['credit'].name, '湖州码上示范面馆有限公司');
    assert.equal(claims['credit'].grade, 'B');
    assert.equal(claims['iat'] * 1000, Date.parse(code.issued));
    assert.equal(claims['exp'] * 1000, Date.parse(code.expires));
    assert.equal(claims['exp'] - claims['iat'], 30 * DAY, 'default lifetime 30 days');
    assert.deepEqual(claims['credit'].status, { list: code.status_list, index: code.status_index });
    assert.equal(code.status_list, `${p.url}/credit/status/1`);
  });

  it('should verify online and offline (keys only) with the SDK', async () => {
    const online = await verifyOnline(code.url);
    assert.equal(online.valid, true);
    assert.equal(online.statusCheck, 'current');
    assert.equal(online.claims!.credit.grade, 'B');
    const offline = await verifyCreditCode(code.token, { jwks: await jwksOf(p) });
    assert.equal(offline.valid, true);
    assert.equal(offline.statusCheck, 'unchecked');
  });

  it('should retrieve it by id for the merchant, its publishable key and the operator', async () => {
    assert.deepEqual(await merchant.creditCodes.retrieve(code.id), code);
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    assert.equal((await pk.creditCodes.retrieve(code.id)).token, code.token);
    assert.equal((await operator.creditCodes.retrieve(code.id)).token, code.token);
    const other = await activeMerchant('别人家的店');
    await assert.rejects(other.client.creditCodes.retrieve(code.id), NotFoundError);
    const list = await merchant.creditCodes.list();
    assert.ok(list.data.some((c) => c.id === code.id));
  });

  it('should give widgets the current code with a publishable key, reusing a valid one', async () => {
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    const first = await pk.creditCodes.current();
    const second = await pk.creditCodes.current();
    assert.equal(first.id, second.id);
    assert.equal(first.status, 'active');
    assert.equal(first.merchant, p.keys.merchant.id);
    await assert.rejects(pk.creditCodes.issue(), PermissionError, 'a publishable key cannot issue');
  });

  it('should cap the lifetime at the grade\'s valid_until', async () => {
    const m = await activeMerchant('短期评级店');
    await operator.creditRatings.create({ merchant: m.id, grade: 'A', basis: ['licence_verified'], valid_until: validUntil(3) });
    const short = await m.client.creditCodes.issue({ expires_in_days: 90 });
    const claims = decodePayload(short.token);
    assert.equal(claims['credit'].validUntil, validUntil(3));
    assert.equal(claims['exp'] * 1000, Date.parse(`${validUntil(3)}T23:59:59+08:00`));
  });

  it('should fit the verification URL in a QR code a phone can scan, and decode back to it', async () => {
    const qr = QRCode.create(code.url, { errorCorrectionLevel: 'L' });
    const version = qr.version;
    const modules = qr.modules.size;
    assert.ok(version <= 25, `QR version ${version} (${modules}×${modules} modules)`);
    const png = PNG.sync.read(await QRCode.toBuffer(code.url, { errorCorrectionLevel: 'L', scale: 3, margin: 4 }));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(decoded?.data, code.url);
    assert.equal(extractCreditToken(decoded!.data), code.token);
    // 3 CSS px per module keeps a version ≤ 25 code (117 modules) within 351 px plus quiet zone.
    assert.ok((modules + 8) * 3 <= 400);
  });
});

describe('tampering gives the specific reason', () => {
  let code: CreditCode;
  let jwks: JSONWebKeySet;
  before(async () => {
    code = await merchant.creditCodes.issue();
    jwks = await jwksOf(p);
  });

  it('should say bad_signature for any changed claim byte', async () => {
    const [h, payload, s] = code.token.split('.') as [string, string, string];
    const json = new TextDecoder().decode(base64url.decode(payload));
    for (const [from, to] of [
      ['"grade":"B"', '"grade":"A"'],
      [`"sub":"${p.keys.merchant.id}"`, `"sub":"${p.keys.merchant.id.slice(0, -1)}X"`],
      ['"uscc":"91330502MA2D3XKJ16"', '"uscc":"91330502MA2D3XKJ17"'],
      [`"exp":${decodePayload(code.token)['exp']}`, `"exp":${decodePayload(code.token)['exp'] + 1}`],
    ] as const) {
      assert.ok(json.includes(from), from);
      const forged = `${h}.${base64url.encode(json.replace(from, to))}.${s}`;
      assert.equal((await verifyCreditCode(forged, { jwks })).reason, 'bad_signature', `changed ${from}`);
    }
    const bytes = base64url.decode(payload);
    for (let i = 0; i < bytes.length; i += 17) {
      const copy = bytes.slice();
      copy[i] = copy[i]! ^ 0x01;
      const result = await verifyCreditCode(`${h}.${base64url.encode(copy)}.${s}`, { jwks });
      assert.ok(result.reason === 'bad_signature' || result.reason === 'malformed', `byte ${i}: ${result.reason}`);
      assert.equal(result.valid, false);
    }
  });

  it('should say bad_signature for a signature swapped from another credential', async () => {
    const other = await merchant.creditCodes.issue();
    const [h, payload] = code.token.split('.');
    const swapped = `${h}.${payload}.${other.token.split('.')[2]}`;
    assert.equal((await verifyCreditCode(swapped, { jwks })).reason, 'bad_signature');
  });

  it('should say unknown_key for a kid not in the key set', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT(decodePayload(code.token))
      .setProtectedHeader({ alg: 'EdDSA', typ: CREDIT_CODE_TYP, kid: 'not-a-published-key' })
      .sign(privateKey);
    assert.equal((await verifyCreditCode(foreign, { jwks })).reason, 'unknown_key');
    // The published kid with a key that is not the platform's is a bad signature, not a valid one.
    const impostor = await new SignJWT(decodePayload(code.token))
      .setProtectedHeader({ alg: 'EdDSA', typ: CREDIT_CODE_TYP, kid: code.kid })
      .sign(privateKey);
    assert.equal((await verifyCreditCode(impostor, { jwks })).reason, 'bad_signature');
  });

  it('should say expired after exp', async () => {
    const claims = decodePayload(code.token);
    const late = await verifyCreditCode(code.token, { jwks, now: (claims['exp'] + 3600) * 1000 });
    assert.equal(late.reason, 'expired');
    assert.equal(late.claims?.jti, code.id, 'an expired code still says whose it was');
    assert.equal((await verifyCreditCode(code.token, { jwks, now: (claims['exp'] - 60) * 1000 })).valid, true);
  });

  it('should say malformed for fuzzed garbage and never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.array(fc.base64String(), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
          fc.tuple(fc.nat(code.token.length - 1), fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => code.token.slice(0, i) + s),
          fc.webUrl().map((u) => `${u}/c/${'x'.repeat(10)}`),
        ),
        async (input) => {
          const result = await verifyCreditCode(input, { jwks });
          assert.equal(result.valid, false);
          assert.ok(['malformed', 'bad_signature', 'unknown_key'].includes(result.reason!), `${JSON.stringify(input)} → ${result.reason}`);
        },
      ),
      { numRuns: 300 },
    );
    for (const garbage of ['', 'hello', 'a.b.c', '...', `${p.url}/c/`, `${p.url}/c/%E0%A4%A`, 'eyJ.eyJ.', '\u0000'.repeat(10)]) {
      assert.equal((await verifyCreditCode(garbage, { jwks })).reason, 'malformed', JSON.stringify(garbage));
    }
  });
});

describe('revocation', () => {
  it('should show an operator revocation in the signed status list at once, cacheable for at most a minute', async () => {
    const code = await merchant.creditCodes.issue();
    assert.equal((await verifyOnline(code.token)).valid, true);
    const revoked = await operator.creditCodes.revoke(code.id, { reason: 'issued_in_error' });
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.revocation_reason, 'issued_in_error');
    assert.ok(revoked.revoked);
    const result = await verifyOnline(code.token);
    assert.equal(result.valid, false);
    assert.equal(result.reason, 'revoked');
    assert.equal(result.claims?.jti, code.id);

    const res = await fetch(code.status_list);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/jwt/);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')![1]);
    assert.ok(maxAge <= 60, `max-age ${maxAge}`);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const list = await decodeStatusList(await res.text(), { jwks: await jwksOf(p) });
    assert.equal(list.size, 131_072);
    assert.equal(list.isSet(code.status_index), true);
    assert.equal(list.url, code.status_list);
  });

  it('should refuse to revoke twice, unknown ids and non-operators, changing nothing', async () => {
    const code = await merchant.creditCodes.issue();
    await operator.creditCodes.revoke(code.id, { reason: 'other' });
    await assert.rejects(operator.creditCodes.revoke(code.id, { reason: 'other' }), (e: unknown) => e instanceof ConflictError && e.code === 'credit_code_revoked');
    await assert.rejects(operator.creditCodes.revoke('cc_01AAAAAAAAAAAAAAAAAAAAAAAA', { reason: 'other' }), NotFoundError);
    const fresh = await merchant.creditCodes.issue();
    await assert.rejects(merchant.creditCodes.revoke(fresh.id, { reason: 'other' }), PermissionError);
    const bad = await raw(`/v1/credit-codes/${fresh.id}/revoke`, { method: 'POST', key: p.keys.operatorKey, body: JSON.stringify({ reason: 'because' }) });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'reason');
    assert.equal((await merchant.creditCodes.retrieve(fresh.id)).status, 'active');
  });

  it('should revoke and re-issue when the grade goes down, and again when it goes up', async () => {
    const m = await activeMerchant('降级测试店');
    const before = await m.client.creditCodes.issue();
    assert.equal(before.grade, 'B');
    await operator.creditRatings.create({ merchant: m.id, grade: 'C', basis: ['consumer_complaints'], valid_until: validUntil(180) });
    const old = await m.client.creditCodes.retrieve(before.id);
    assert.equal(old.status, 'revoked');
    assert.equal(old.revocation_reason, 'grade_changed');
    assert.equal((await verifyOnline(before.token)).reason, 'revoked');
    const list = await m.client.creditCodes.list();
    const reissued = list.data.find((c) => c.status === 'active');
    assert.equal(reissued?.grade, 'C', 'a downgrade re-issues with the new grade');
    assert.equal((await verifyOnline(reissued!.token)).valid, true);
    assert.equal((await m.client.creditCodes.current()).id, reissued!.id);

    await operator.creditRatings.create({ merchant: m.id, grade: 'A', basis: ['credit_repaired', 'no_adverse_records'], valid_until: validUntil(365) });
    assert.equal((await m.client.creditCodes.retrieve(reissued!.id)).status, 'revoked');
    assert.equal((await m.client.creditCodes.current()).grade, 'A');
  });

  it('should keep codes when a new rating keeps the grade and outlasts them', async () => {
    const m = await activeMerchant('同级续期店');
    const code = await m.client.creditCodes.issue();
    await operator.creditRatings.create({ merchant: m.id, grade: 'B', basis: ['no_adverse_records'], valid_until: validUntil(400) });
    assert.equal((await m.client.creditCodes.retrieve(code.id)).status, 'active');
  });

  it('should answer 404 for an unknown status list and 400 for a bad list number', async () => {
    assert.equal((await raw('/credit/status/999')).status, 404);
    const bad = await raw('/credit/status/abc');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'list');
  });
});

describe('bad requests change nothing', () => {
  it('should answer 400 naming the field for a bad lifetime or an unknown field', async () => {
    const before = await codeCount();
    for (const [body, param] of [
      [{ expires_in_days: 0 }, 'expires_in_days'],
      [{ expires_in_days: 91 }, 'expires_in_days'],
      [{ expires_in_days: 1.5 }, 'expires_in_days'],
      [{ grade: 'A' }, 'grade'],
    ] as const) {
      const r = await raw('/v1/credit-codes', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify(body) });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.param, param);
      assert.match(r.body.error.message, new RegExp(param));
    }
    await assert.rejects(merchant.creditCodes.issue({ expires_in_days: 0 }), ValidationError);
    await assert.rejects(merchant.creditCodes.retrieve('not-an-id'), ValidationError);
    assert.equal(await codeCount(), before);
  });

  it('should refuse merchants that are not active, have no USCC, or (outside the sandbox) no rating', async () => {
    const before = await codeCount();
    const pending = await isv.merchants.create({ name: '待审核店', uscc: '91330502MA2D3XKJ16' });
    await assert.rejects(isv.forMerchant(pending.id).creditCodes.issue(), (e: unknown) => e instanceof ConflictError && e.code === 'merchant_not_active');
    const noUscc = await isv.merchants.create({ name: '无执照店' });
    await setMerchantStatus(p.platform.db, noUscc.id, 'active');
    await assert.rejects(isv.forMerchant(noUscc.id).creditCodes.issue(), (e: unknown) => e instanceof ConflictError && e.code === 'uscc_missing');
    assert.equal(await codeCount(), before);

    const live = await startTestPlatform({ sandbox: false });
    try {
      const liveMerchant = new Mashang({ apiKey: live.keys.merchant.secretKey, baseUrl: live.url, maxRetries: 0 });
      await assert.rejects(liveMerchant.creditCodes.issue(), (e: unknown) => e instanceof ConflictError && e.code === 'rating_missing');
      const liveOperator = new Mashang({ apiKey: live.keys.operatorKey, baseUrl: live.url, maxRetries: 0 });
      await liveOperator.creditRatings.create({ merchant: live.keys.merchant.id, grade: 'A', basis: ['licence_verified'], valid_until: validUntil(30) });
      assert.equal((await liveMerchant.creditCodes.issue()).grade, 'A');
    } finally {
      await live.close();
    }
  });

  it('should need the Mashang-Merchant header for an ISV key', async () => {
    await assert.rejects(isv.creditCodes.issue(), (e: unknown) => e instanceof PermissionError && e.code === 'merchant_required');
  });
});

describe('default grade on approval', () => {
  it('should give a merchant activated by onboarding the documented default grade', async () => {
    const m = await isv.merchants.create({ name: '新入驻店', uscc: '91330502MA2D3XKJ16' });
    await setMerchantStatus(p.platform.db, m.id, 'active');
    // The event as the webhook outbox puts it on the bus when onboarding approves.
    const event = { id: 'evt_01AAAAAAAAAAAAAAAAAAAAAAAA', object: 'event', type: 'merchant.activated', merchant_id: m.id, data: { object: m } };
    await p.platform.bus.emit('merchant.activated', event);
    const { data } = await isv.creditRatings.list({ merchant: m.id });
    assert.equal(data.length, 1);
    assert.equal(data[0]!.grade, 'B');
    assert.equal(data[0]!.source, 'default');
    assert.equal(data[0]!.valid_until, validUntil(365));
    // A second activation (re-approval) does not stack ratings.
    await p.platform.bus.emit('merchant.activated', event);
    assert.equal((await isv.creditRatings.list({ merchant: m.id })).data.length, 1);
  });
});

describe('JWKS and key rotation', () => {
  it('should publish only public members, cacheable, to any origin', async () => {
    const r = await raw('/.well-known/jwks.json');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /application\/jwk-set\+json/);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('cache-control')!, /max-age=\d+/);
    for (const key of r.body.keys) {
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      assert.ok(!('d' in key));
    }
  });

  it('should keep verifying credentials signed before a rotation, and stop for a removed key', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mashang-keys-'));
    const rotating = await startTestPlatform({ dataDir });
    try {
      const client = new Mashang({ apiKey: rotating.keys.merchant.secretKey, baseUrl: rotating.url, maxRetries: 0 });
      const before = await client.creditCodes.issue();
      const file = join(dataDir, KEY_FILE);
      assert.equal((await stat(file)).mode & 0o777, 0o600, 'the key file is private');

      const rotated = await rotateKeys(rotating.platform.config);
      assert.equal(rotated.previous[0]!.kid, before.kid);
      const after = await client.creditCodes.issue();
      assert.equal(after.kid, rotated.current, 'the running platform signs with the new key at once');
      assert.notEqual(after.kid, before.kid);
      const jwks = await jwksOf(rotating);
      assert.deepEqual(jwks.keys.map((k) => k.kid), [rotated.current, before.kid]);
      assert.equal((await verifyOnline(before.token, rotating)).valid, true, 'signed before rotation, still valid');
      assert.equal((await verifyOnline(after.token, rotating)).valid, true);

      const removed = await removeKey(rotating.platform.config, before.kid);
      assert.deepEqual(removed.removed, [before.kid]);
      assert.equal((await verifyOnline(before.token, rotating)).reason, 'unknown_key', 'signed with a removed key');
      assert.equal((await verifyOnline(after.token, rotating)).valid, true);
      assert.ok(!(await readFile(file, 'utf8')).includes(before.kid), 'the removed key is gone from the key file');
      assert.deepEqual((await listKeys(rotating.platform.config)).previous, []);

      // A credential signed with the platform's current key but only valid from tomorrow.
      const stored = JSON.parse(await readFile(file, 'utf8')) as { keys: { privateJwk: JWK; retiredAt?: string }[] };
      const key = await importSigningKey(stored.keys.find((k) => !k.retiredAt)!.privateJwk);
      const claims = decodePayload(after.token) as CreditClaims;
      const future = await signCreditCredential({ ...claims, nbf: claims.iat + DAY }, key);
      assert.equal((await verifyOnline(future, rotating)).reason, 'not_yet_valid');
      assert.equal((await verifyOnline(future, rotating, (claims.iat + DAY + 60) * 1000)).valid, true);
    } finally {
      await rotating.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('should drop a retired key from the key set once its credentials must have expired', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mashang-keys-'));
    try {
      const config = { dataDir, memory: false };
      const first = await listKeys(config);
      const t0 = new Date();
      const second = await rotateKeys(config, { now: t0 });
      assert.deepEqual(second.previous.map((k) => k.kid), [first.current]);
      assert.equal(Date.parse(second.previous[0]!.publishedUntil), t0.getTime() + 90 * DAY * 1000);
      const third = await rotateKeys(config, { now: new Date(t0.getTime() + 91 * DAY * 1000) });
      assert.deepEqual(third.removed, [first.current]);
      assert.deepEqual(third.previous.map((k) => k.kid), [second.current]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('should use keys given as configuration and explain that rotation is a configuration change', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const { exportJWK } = await import('jose');
    const jwk = await exportJWK(privateKey);
    const env = { [KEYS_ENV]: JSON.stringify([jwk]) };
    const listed = await listKeys({ dataDir: '/nonexistent', memory: false }, { env });
    assert.match(listed.source, new RegExp(KEYS_ENV));
    await assert.rejects(rotateKeys({ dataDir: '/nonexistent', memory: false }, { env }), new RegExp(`put it first in ${KEYS_ENV}`));
    await assert.rejects(listKeys({ dataDir: '/nonexistent', memory: false }, { env: { [KEYS_ENV]: '{"keys":' } }), /not valid JSON/);
    await assert.rejects(listKeys({ dataDir: '/nonexistent', memory: false }, { env: { [KEYS_ENV]: '{"keys":[]}' } }), /expected/);
  });
});

describe('the /c/ verification page', () => {
  it('should serve HTML with a strict CSP, the element and the server\'s verdict', async () => {
    const code = await merchant.creditCodes.issue();
    const res = await fetch(code.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await res.text();
    assert.ok(html.includes(`token="${code.token}"`));
    assert.match(html, /<mashang-credit-code layout="full"/);
    assert.match(html, /已验证 · Verified/);
    assert.match(html, /91330502MA2D3XKJ16/);
    assert.doesNotMatch(html, /<script>(?!<)/, 'no inline script');
  });

  it('should answer garbage and revoked codes with an honest page, never an error', async () => {
    const garbage = await fetch(`${p.url}/c/${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(garbage.status, 200);
    const text = await garbage.text();
    assert.match(text, /无效的信用码 · Invalid credit code/);
    assert.ok(!text.includes('<script>alert(1)</script>'));
    const code = await merchant.creditCodes.issue();
    await operator.creditCodes.revoke(code.id, { reason: 'other' });
    assert.match(await (await fetch(code.url)).text(), /已撤销 · Revoked/);
  });

  it('should serve the page script, stylesheet and offline service worker', async () => {
    const sw = await fetch(`${p.url}/c/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type')!, /javascript/);
    assert.match(await sw.text(), /addEventListener\('fetch'/);
    const css = await fetch(`${p.url}/assets/credit-page.css`);
    assert.equal(css.status, 200);
    await css.arrayBuffer();
  });
});

describe('status list caching in the SDK helpers', () => {
  it('should serve a cached list while fresh and see a revocation after the cache expires', async () => {
    const code = await merchant.creditCodes.issue();
    const jwks = await jwksOf(p);
    const cache = memoryCache();
    const t0 = Date.now();
    await fetchStatusList(code.status_list, { jwks, cache, now: t0 });
    await operator.creditCodes.revoke(code.id, { reason: 'other' });
    const stale = await fetchStatusList(code.status_list, { jwks, cache, now: t0 + 1000 });
    assert.equal(stale.isSet(code.status_index), false, 'served from the cache within its minute');
    const fresh = await fetchStatusList(code.status_list, { jwks, cache, now: t0 + 61_000 });
    assert.equal(fresh.isSet(code.status_index), true, 'refetched after at most a minute');
  });
});

describe('SDK argument validation', () => {
  it('should refuse bad revoke params before sending', async () => {
    await assert.rejects(operator.creditCodes.revoke('cc_01AAAAAAAAAAAAAAAAAAAAAAAA', { reason: 'nope' as never }), ValidationError);
    await assert.rejects(
      new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 }).transport.request({
        method: 'post',
        path: '/v1/credit-codes/cc_01AAAAAAAAAAAAAAAAAAAAAAAA/revoke',
        body: {},
        schema: (await import('@mashang/sdk')).CreditCode,
      }),
      InvalidRequestError,
    );
  });
});
