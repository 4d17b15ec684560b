import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationError,
  IdempotencyError,
  InvalidRequestError,
  Mashang,
  NotFoundError,
  PermissionError,
  ValidationError,
} from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let isv: Mashang;
let operator: Mashang;

async function raw(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  const res = await fetch(`${p.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function merchantCount(): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from merchants');
  return Number(rows[0]!.n);
}

before(async () => {
  p = await startTestPlatform();
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
  operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('merchants (SDK ↔ HTTP ↔ storage)', () => {
  it('should create, retrieve, update and list a merchant', async () => {
    const created = await isv.merchants.create({ name: '湖州小李水果店', short_name: '小李水果', metadata: { store: '1' } });
    assert.match(created.id, /^mch_[0-9A-Z]{26}$/);
    assert.equal(created.status, 'pending');
    assert.equal(created.isv_id, p.keys.isv.id);
    const fetched = await isv.merchants.retrieve(created.id);
    assert.deepEqual(fetched, created);
    const updated = await isv.merchants.update(created.id, { short_name: '李记水果', contact_email: 'li@example.cn' });
    assert.equal(updated.short_name, '李记水果');
    assert.equal(updated.contact_email, 'li@example.cn');
    assert.equal(updated.name, '湖州小李水果店');
    const cleared = await isv.merchants.update(created.id, { short_name: null });
    assert.equal(cleared.short_name, null);
  });

  it('should paginate newest first with starting_after', async () => {
    const names = ['分页一', '分页二', '分页三', '分页四', '分页五'];
    for (const name of names) await isv.merchants.create({ name });
    const seen: string[] = [];
    let page = await isv.merchants.list({ limit: 2 });
    seen.push(...page.data.map((m) => m.id));
    while (page.has_more) {
      page = await isv.merchants.list({ limit: 2, starting_after: page.data.at(-1)!.id });
      seen.push(...page.data.map((m) => m.id));
    }
    assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
    assert.deepEqual([...seen].sort().reverse(), seen, 'newest first');
    const all: string[] = [];
    for await (const m of isv.merchants.all({ limit: 3 })) all.push(m.id);
    assert.deepEqual(all, seen);
    assert.ok(seen.length >= names.length + 2);
  });

  it('should create a publishable key that can read its own merchant only', async () => {
    const m = await isv.merchants.create({ name: '钥匙测试店' });
    const key = await isv.merchants.createKey(m.id, { type: 'publishable' });
    assert.match(key.secret!, /^pk_/);
    assert.equal(key.merchant_id, m.id);
    const { rows } = await p.platform.db.query<{ key_hash: string }>('select key_hash from api_keys where id = $1', [key.id]);
    assert.notEqual(rows[0]!.key_hash, key.secret, 'stored hashed');
    assert.ok(!JSON.stringify(rows).includes(key.secret!));
    const pk = new Mashang({ apiKey: key.secret!, baseUrl: p.url, maxRetries: 0 });
    assert.equal((await pk.merchants.retrieve(m.id)).name, '钥匙测试店');
    await assert.rejects(pk.merchants.retrieve(p.keys.merchant.id), NotFoundError);
    await assert.rejects(pk.merchants.update(m.id, { name: 'x' }), PermissionError);
  });

  it('should let the operator act for a merchant and list all merchants', async () => {
    const page = await operator.merchants.list({ limit: 100 });
    assert.ok(page.data.some((m) => m.id === p.keys.merchant.id));
    const other = await operator.forMerchant(p.keys.merchant.id).merchants.retrieve(p.keys.merchant.id);
    assert.equal(other.status, 'active');
  });
});

describe('bad input gets the documented status and body, and writes nothing', () => {
  it('should answer 400 body_invalid_json for malformed JSON', async () => {
    const before = await merchantCount();
    const r = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: '{"name": "x",' });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].type, 'invalid_request_error');
    assert.equal(r.body!['error'].code, 'body_invalid_json');
    assert.match(r.body!['error'].request_id, /^req_/);
    assert.equal(r.headers.get('request-id'), r.body!['error'].request_id);
    assert.equal(await merchantCount(), before);
  });

  it('should answer 400 naming the field for wrong types and unknown fields', async () => {
    const before = await merchantCount();
    const wrong = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 42 }) });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body!['error'].param, 'name');
    assert.equal(wrong.body!['error'].code, 'parameter_invalid_type');
    assert.match(wrong.body!['error'].message, /name: must be a string/);
    const unknown = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ok', colour: 'red' }) });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body!['error'].code, 'parameter_unknown');
    assert.equal(unknown.body!['error'].param, 'colour');
    const missing = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(missing.body!['error'].code, 'parameter_missing');
    assert.equal(missing.body!['error'].param, 'name');
    const badUscc = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ok', uscc: '123' }) });
    assert.equal(badUscc.body!['error'].param, 'uscc');
    // One character off: the GB 32100 check character catches it.
    const typo = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ok', uscc: '91350100M000100Y44' }) });
    assert.equal(typo.status, 400);
    assert.equal(typo.body!['error'].param, 'uscc');
    assert.match(typo.body!['error'].message, /统一社会信用代码.*check/i);
    assert.equal(await merchantCount(), before);
  });

  it('should answer 413 for oversize bodies', async () => {
    const before = await merchantCount();
    const body = JSON.stringify({ name: 'x', metadata: { big: 'a'.repeat(2 * 1024 * 1024) } });
    const r = await raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json' }, body });
    assert.equal(r.status, 413);
    assert.equal(r.body!['error'].code, 'body_too_large');
    assert.equal(await merchantCount(), before);
  });

  it('should answer 401 for missing, malformed and unknown keys', async () => {
    const missing = await raw('/v1/merchants');
    assert.equal(missing.status, 401);
    assert.equal(missing.body!['error'].code, 'api_key_missing');
    const malformed = await raw('/v1/merchants', { headers: { authorization: 'Basic abc' } });
    assert.equal(malformed.status, 401);
    const unknown = await raw('/v1/merchants', { key: 'sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body!['error'].code, 'api_key_invalid');
    await assert.rejects(new Mashang({ apiKey: 'sk_nope', baseUrl: p.url, maxRetries: 0 }).merchants.list(), AuthenticationError);
  });

  it("should answer 404 for another ISV's merchant, by id and by Mashang-Merchant", async () => {
    const other = await operator.transport.request({
      method: 'post',
      path: '/v1/isvs',
      body: { name: '别家服务商' },
      schema: (await import('@mashang/sdk')).Isv,
    });
    const otherIsv = new Mashang({ apiKey: other.secret_key!, baseUrl: p.url, maxRetries: 0 });
    const theirs = await otherIsv.merchants.create({ name: '别家的店' });
    await assert.rejects(isv.merchants.retrieve(theirs.id), (e: unknown) => e instanceof NotFoundError && e.status === 404);
    await assert.rejects(isv.merchants.update(theirs.id, { name: '改名' }), NotFoundError);
    await assert.rejects(isv.forMerchant(theirs.id).merchants.retrieve(theirs.id), NotFoundError);
    assert.equal((await otherIsv.merchants.retrieve(theirs.id)).name, '别家的店');
  });

  it('should validate SDK arguments before sending anything', async () => {
    let sent = 0;
    const counting = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, fetch: (...a) => (sent++, fetch(...a)) });
    await assert.rejects(counting.merchants.create({ name: '' }), ValidationError);
    await assert.rejects(counting.merchants.create({ name: 'x', amount: 1 } as never), ValidationError);
    assert.equal(sent, 0);
  });

  it('should answer 404 route_missing for unknown routes', async () => {
    const r = await raw('/v1/nope', { key: p.keys.isv.secretKey });
    assert.equal(r.status, 404);
    assert.equal(r.body!['error'].code, 'route_missing');
  });
});

describe('idempotency', () => {
  it('should create one merchant for the same POST sent twice with one key', async () => {
    const before = await merchantCount();
    const a = await isv.merchants.create({ name: '幂等测试店' }, { idempotencyKey: 'same-key-1' });
    const b = await isv.merchants.create({ name: '幂等测试店' }, { idempotencyKey: 'same-key-1' });
    assert.equal(a.id, b.id);
    assert.equal(await merchantCount(), before + 1);
  });

  it('should create one merchant for concurrent duplicates', async () => {
    const before = await merchantCount();
    const retrying = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 5 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => retrying.merchants.create({ name: '并发测试店' }, { idempotencyKey: 'concurrent-key' })),
    );
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(await merchantCount(), before + 1);
  });

  it('should answer 409 idempotency_error when the key is reused with another body', async () => {
    await isv.merchants.create({ name: '甲' }, { idempotencyKey: 'reuse-key' });
    await assert.rejects(isv.merchants.create({ name: '乙' }, { idempotencyKey: 'reuse-key' }), (e: unknown) => {
      assert.ok(e instanceof IdempotencyError);
      assert.equal(e.status, 409);
      assert.equal(e.code, 'idempotency_key_reused');
      return true;
    });
  });

  it('should create one merchant when a response is dropped and the SDK retries', async () => {
    const before = await merchantCount();
    let calls = 0;
    const keys: string[] = [];
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      const request = new Request(input, init);
      keys.push(request.headers.get('idempotency-key') ?? '');
      const response = await fetch(request);
      if (calls === 1) {
        await response.arrayBuffer();
        throw new TypeError('fetch failed'); // the server did the work; the answer was lost
      }
      return response;
    };
    const client = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, fetch: flaky, maxRetries: 2 });
    const m = await client.merchants.create({ name: '掉线重试店' });
    assert.equal(calls, 2);
    assert.equal(keys[0], keys[1], 'same Idempotency-Key on the retry');
    assert.ok(keys[0]!.length > 10);
    assert.equal(await merchantCount(), before + 1);
    assert.equal((await isv.merchants.retrieve(m.id)).name, '掉线重试店');
  });

  it('should free the key after a 400 so the corrected request can use it', async () => {
    const send = (body: unknown) =>
      raw('/v1/merchants', { method: 'POST', key: p.keys.isv.secretKey, headers: { 'content-type': 'application/json', 'idempotency-key': 'fix-me' }, body: JSON.stringify(body) });
    assert.equal((await send({ name: '' })).status, 400);
    const ok = await send({ name: '改正后的店' });
    assert.equal(ok.status, 201);
    const replay = await send({ name: '改正后的店' });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body!['id'], ok.body!['id']);
  });
});

describe('rate limiting', () => {
  it('should answer 429 with Retry-After and let the SDK honour it', async () => {
    const limited = await startTestPlatform({ rateLimit: 2 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const res = await fetch(`${limited.url}/v1/merchants`, { headers: { authorization: `Bearer ${limited.keys.isv.secretKey}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          const body = (await res.json()) as { error: { type: string } };
          assert.equal(body.error.type, 'rate_limit_error');
        } else await res.arrayBuffer();
      }
      assert.ok(statuses.includes(429), `got ${statuses.join(',')}`);
      assert.ok(Number(retryAfter) >= 1);
      const client = new Mashang({ apiKey: limited.keys.isv.secretKey, baseUrl: limited.url, maxRetries: 3 });
      const page = await client.merchants.list();
      assert.equal(page.object, 'list');
    } finally {
      await limited.close();
    }
  });
});

describe('platform endpoints', () => {
  it('should answer /healthz', async () => {
    const health = await new Mashang({ baseUrl: p.url }).health();
    assert.equal(health.status, 'ok');
  });

  it('should serve an OpenAPI 3.1 document listing every route', async () => {
    const r = await raw('/openapi.json');
    assert.equal(r.status, 200);
    const doc = r.body!;
    assert.equal(doc['openapi'], '3.1.0');
    for (const spec of p.platform.routes.specs) {
      assert.ok(doc['paths'][spec.path]?.[spec.method], `${spec.method} ${spec.path} is documented`);
    }
    assert.ok(doc['paths']['/v1/merchants']['post']['requestBody']);
  });

  it('should never log keys or bodies', async () => {
    await isv.merchants.create({ name: '日志测试店', contact_email: 'secret-mail@example.cn' });
    const text = JSON.stringify(p.logs);
    assert.ok(!text.includes(p.keys.isv.secretKey));
    assert.ok(!text.includes('secret-mail@example.cn'));
    assert.ok(p.logs.some((l) => l['msg'] === 'request' && l['path'] === '/v1/merchants'));
  });
});

describe('SDK configuration', () => {
  it('should reject a bad merchant id in forMerchant', () => {
    assert.throws(() => isv.forMerchant('shop-1'), /mch_/);
  });
  it('should map a 400 to InvalidRequestError', async () => {
    const client = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(
      client.transport.request({ method: 'post', path: '/v1/merchants', body: { name: 'x', nope: 1 }, schema: (await import('@mashang/sdk')).Merchant }),
      InvalidRequestError,
    );
  });
});
