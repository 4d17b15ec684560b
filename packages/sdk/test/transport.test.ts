// Transport behaviour that a real server rarely produces on demand (5xx, 429, slow answers) is
// driven through the `fetch` option; everything else is tested against the real platform.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConnectionError,
  InternalServerError,
  Mashang,
  RateLimitError,
  TimeoutError,
  isApiError,
  isMashangError,
  type BeforeRequestState,
} from '@mashang/sdk';

const MERCHANT = {
  id: 'mch_01JD3XK7Q8W2N4M6P9R1T3V5X7',
  object: 'merchant',
  isv_id: 'isv_01JD3XK7Q8W2N4M6P9R1T3V5X7',
  name: '测试店',
  short_name: null,
  uscc: null,
  contact_email: null,
  status: 'pending',
  metadata: {},
  created: '2026-11-22T00:00:00.000Z',
  updated: '2026-11-22T00:00:00.000Z',
};

function scripted(answers: (() => Response | Promise<Response>)[]) {
  const seen: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    seen.push(new Request(input, init));
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    return next();
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const apiError = (status: number, type: string, code = type) => json(status, { error: { type, code, message: `${code} happened`, request_id: 'req_x' } });

describe('transport', () => {
  it('should retry 5xx with the same Idempotency-Key and succeed', async () => {
    const { fetch, seen } = scripted([apiError(503, 'api_error'), apiError(500, 'api_error'), json(201, MERCHANT)]);
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch, maxRetries: 3 });
    const m = await client.merchants.create({ name: '测试店' });
    assert.equal(m.id, MERCHANT.id);
    assert.equal(seen.length, 3);
    const keys = new Set(seen.map((r) => r.headers.get('idempotency-key')));
    assert.equal(keys.size, 1);
    assert.equal(seen[0]!.headers.get('authorization'), 'Bearer sk_test');
  });

  it('should give up after maxRetries with the mapped error class', async () => {
    const { fetch, seen } = scripted([apiError(500, 'api_error'), apiError(500, 'api_error')]);
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch, maxRetries: 1 });
    await assert.rejects(client.merchants.list(), (e: unknown) => {
      assert.ok(e instanceof InternalServerError);
      assert.ok(isApiError(e) && isMashangError(e));
      assert.equal(e.requestId, 'req_x');
      return true;
    });
    assert.equal(seen.length, 2);
  });

  it('should honour Retry-After on 429', async () => {
    const { fetch, seen } = scripted([json(429, { error: { type: 'rate_limit_error', code: 'rate_limited', message: 'slow down', request_id: 'r' } }, { 'retry-after': '1' }), json(200, { object: 'list', data: [], has_more: false })]);
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch, maxRetries: 2 });
    const started = performance.now();
    await client.merchants.list();
    const waited = performance.now() - started;
    assert.equal(seen.length, 2);
    assert.ok(waited >= 900, `waited ${waited.toFixed(0)} ms`);
  });

  it('should surface RateLimitError with retryAfter when retries are exhausted', async () => {
    const { fetch } = scripted([json(429, { error: { type: 'rate_limit_error', code: 'rate_limited', message: 'slow down', request_id: 'r' } }, { 'retry-after': '7' })]);
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch, maxRetries: 0 });
    await assert.rejects(client.merchants.list(), (e: unknown) => e instanceof RateLimitError && e.retryAfter === 7);
  });

  it('should not retry a 409 conflict unless the platform marks it retryable', async () => {
    const { fetch, seen } = scripted([apiError(409, 'idempotency_error', 'idempotency_key_reused')]);
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch, maxRetries: 3 });
    await assert.rejects(client.merchants.create({ name: 'x' }), { name: 'IdempotencyError' });
    assert.equal(seen.length, 1);
    const retryable = scripted([
      json(409, { error: { type: 'conflict', code: 'idempotency_key_in_use', message: 'busy', request_id: 'r' } }, { 'mashang-should-retry': 'true', 'retry-after': '0' }),
      json(201, MERCHANT),
    ]);
    const client2 = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch: retryable.fetch, maxRetries: 3 });
    assert.equal((await client2.merchants.create({ name: 'x' })).id, MERCHANT.id);
    assert.equal(retryable.seen.length, 2);
  });

  it('should time out per attempt with TimeoutError', async () => {
    const slow: typeof fetch = (input, init) => {
      const signal = new Request(input, init).signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch: slow, maxRetries: 0, timeout: 50 });
    await assert.rejects(client.merchants.list(), TimeoutError);
  });

  it('should stop on an aborted signal', async () => {
    const slow: typeof fetch = (input, init) => {
      const signal = new Request(input, init).signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch: slow, maxRetries: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    await assert.rejects(client.merchants.list({}, { signal: controller.signal }), { name: 'AbortError' });
    assert.ok(performance.now() - started < 2000, 'stops at once, without retrying');
  });

  it('should map unreachable hosts to ConnectionError', async () => {
    const client = new Mashang({ apiKey: 'sk_test', baseUrl: 'http://127.0.0.1:1', maxRetries: 0 });
    await assert.rejects(client.merchants.list(), ConnectionError);
  });

  it('should call hooks with one state object', async () => {
    const states: BeforeRequestState[] = [];
    const statuses: number[] = [];
    const { fetch } = scripted([apiError(502, 'api_error'), json(200, MERCHANT)]);
    const client = new Mashang({
      apiKey: 'sk_test',
      baseUrl: 'http://platform.test',
      fetch,
      hooks: { beforeRequest: [(s) => void states.push(s)], afterResponse: [({ response }) => void statuses.push(response.status)] },
    });
    await client.merchants.retrieve(MERCHANT.id);
    assert.deepEqual(states.map((s) => s.retryCount), [0, 1]);
    assert.deepEqual(statuses, [502, 200]);
  });

  it('should send Mashang-Merchant for forMerchant()', async () => {
    const { fetch, seen } = scripted([json(200, MERCHANT)]);
    await new Mashang({ apiKey: 'sk_test', baseUrl: 'http://platform.test', fetch }).forMerchant(MERCHANT.id).merchants.retrieve(MERCHANT.id);
    assert.equal(seen[0]!.headers.get('mashang-merchant'), MERCHANT.id);
  });

  it('should reject an answer that breaks the contract with ValidationError', async () => {
    const { fetch } = scripted([json(200, { ...MERCHANT, status: 'sleeping' })]);
    await assert.rejects(new Mashang({ baseUrl: 'http://platform.test', fetch }).merchants.retrieve(MERCHANT.id), { name: 'ValidationError' });
  });

  it('should refuse a secret key in a browser page unless allowed', () => {
    const g = globalThis as Record<string, unknown>;
    g['window'] = {};
    g['document'] = {};
    try {
      assert.throws(() => new Mashang({ apiKey: 'sk_live' }), /secret key \(sk_…\) was given to the SDK in a web page/);
      assert.doesNotThrow(() => new Mashang({ apiKey: 'sk_live', dangerouslyAllowBrowser: true }));
      assert.doesNotThrow(() => new Mashang({ apiKey: 'pk_live' }));
    } finally {
      delete g['window'];
      delete g['document'];
    }
  });
});
