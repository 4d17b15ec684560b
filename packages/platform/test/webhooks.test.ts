import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidRequestError, Mashang, NotFoundError, PermissionError, ValidationError, WebhookSignatureError, webhooks, type Event } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';
import { emitEvent, workerOf } from '../src/webhooks/events.js';

// Fast retries so the backoff is observable within a test: 40 ms, 80 ms, 160 ms, …
process.env['MASHANG_WEBHOOK_RETRY_BASE_MS'] = '40';
process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';
process.env['MASHANG_WEBHOOK_MAX_ATTEMPTS'] = '5';
process.env['MASHANG_WEBHOOK_TIMEOUT_MS'] = '2000';

let p: TestPlatform;
let isv: Mashang;
let merchant: Mashang;
const receivers: Receiver[] = [];

async function receiver(respond?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

before(async () => {
  p = await startTestPlatform();
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(async () => {
  await p.close();
  for (const r of receivers) await r.close();
});

describe('webhook delivery', () => {
  it('should deliver exactly once to a deduping receiver that fails the first 3 attempts, with growing backoff', async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 200));
    const endpoint = await merchant.webhookEndpoints.create({ url: r.url, enabled_events: ['test.ping'] });
    assert.match(endpoint.secret!, /^whsec_[0-9A-Za-z]{32}$/);
    const { id } = await emitEvent(p.platform, { type: 'test.ping', merchantId: p.keys.merchant.id, data: { object: { hello: '世界' } } });

    await r.waitFor(4);
    // The receiver dedupes by event id, as docs/webhooks.md tells receivers to.
    const handled = new Map<string, Event>();
    for (const request of r.received) {
      const event = await webhooks.verify(request.rawBody, request.headers['mashang-signature'] as string, endpoint.secret!);
      if (!handled.has(event.id)) handled.set(event.id, event);
    }
    assert.equal(handled.size, 1);
    assert.equal(handled.get(id)!.type, 'test.ping');
    assert.deepEqual(handled.get(id)!.data, { object: { hello: '世界' } });
    assert.equal(new Set(r.received.map((q) => q.rawBody)).size, 1, 'every attempt carries the same body');
    assert.deepEqual(r.received.map((q) => q.headers['mashang-delivery-attempt']), ['1', '2', '3', '4']);
    const gaps = r.received.slice(1).map((q, i) => q.at - r.received[i]!.at);
    assert.ok(gaps[0]! >= 40 * 0.8 - 5, `first retry waited ${gaps[0]} ms`);
    assert.ok(gaps[2]! > gaps[0]!, `backoff grows: ${gaps.join(', ')} ms`);

    const log = await waitUntil('the success to be recorded', async () => {
      const page = await merchant.webhookEndpoints.listDeliveries(endpoint.id);
      return page.data[0]?.status === 'succeeded' ? page : undefined;
    });
    const delivery = log.data[0]!;
    assert.equal(delivery.event, id);
    assert.equal(delivery.attempts, 4);
    assert.deepEqual(delivery.attempt_log.map((a) => a.status), [500, 500, 500, 200]);
    assert.match(delivery.attempt_log[0]!.response_excerpt!, /failing on purpose/);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(r.received.length, 4, 'nothing is sent after the success');
  });

  it('should mark a delivery failed after the last attempt and let it be redelivered by hand', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? 204 : 503));
    const endpoint = await merchant.webhookEndpoints.create({ url: r.url, enabled_events: ['test.*'] });
    const { id } = await emitEvent(p.platform, { type: 'test.redeliver', merchantId: p.keys.merchant.id, data: {} });
    const failed = await waitUntil('the delivery to fail', async () => {
      const page = await merchant.webhookEndpoints.listDeliveries(endpoint.id, { event: id });
      return page.data[0]?.status === 'failed' ? page.data[0] : undefined;
    });
    assert.equal(failed.attempts, 5);
    assert.equal(failed.next_attempt, null);
    assert.equal(failed.last_status, 503);
    assert.equal(r.received.length, 5);

    healthy = true;
    const again = await merchant.webhookEndpoints.redeliver(failed.id);
    assert.equal(again.status, 'succeeded');
    assert.equal(again.attempts, 6);
    assert.equal(again.attempt_log.at(-1)!.status, 204);
    assert.equal(r.received.length, 6);
    const event = await webhooks.verify(r.received[5]!.rawBody, r.received[5]!.headers['mashang-signature'] as string, endpoint.secret!);
    assert.equal(event.id, id, 'a redelivery keeps the event id');
  });

  it("should record an unreachable receiver's error in the log", async () => {
    const gone = await receiver();
    const url = gone.url;
    await gone.close();
    const endpoint = await merchant.webhookEndpoints.create({ url, enabled_events: ['test.unreachable'] });
    await emitEvent(p.platform, { type: 'test.unreachable', merchantId: p.keys.merchant.id, data: {} });
    const delivery = await waitUntil('an attempt', async () => (await merchant.webhookEndpoints.listDeliveries(endpoint.id)).data.find((d) => d.attempts > 0 && d.attempt_log.length > 0));
    assert.equal(delivery.attempt_log[0]!.status, null);
    assert.match(delivery.attempt_log[0]!.error!, /could not connect/);
    await merchant.webhookEndpoints.update(endpoint.id, { status: 'disabled' });
  });

  it("should send a merchant's events to its ISV's endpoints too, and to no other ISV", async () => {
    const mine = await receiver();
    const theirs = await receiver();
    const isvEndpoint = await isv.webhookEndpoints.create({ url: mine.url, enabled_events: ['test.fanout'] });
    assert.equal(isvEndpoint.merchant_id, null);
    const operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
    const other = await operator.transport.request({ method: 'post', path: '/v1/isvs', body: { name: '别家服务商' }, schema: (await import('@mashang/sdk')).Isv });
    const otherIsv = new Mashang({ apiKey: other.secret_key!, baseUrl: p.url, maxRetries: 0 });
    await otherIsv.webhookEndpoints.create({ url: theirs.url, enabled_events: ['*'] });

    const { id } = await emitEvent(p.platform, { type: 'test.fanout', merchantId: p.keys.merchant.id, data: {} });
    const [got] = await mine.waitFor(1);
    assert.equal(JSON.parse(got!.rawBody).id, id);
    await workerOf(p.platform)!.idle();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(theirs.received.length, 0);
    await assert.rejects(otherIsv.events.retrieve(id), NotFoundError);
    assert.equal((await isv.events.retrieve(id)).type, 'test.fanout');
    assert.equal((await merchant.events.list({ type: 'test.fanout' })).data[0]!.id, id);
  });

  it('should sign with both secrets while a rotation is in its grace period', async () => {
    const r = await receiver();
    const endpoint = await merchant.webhookEndpoints.create({ url: r.url, enabled_events: ['test.rotate'] });
    const rotated = await merchant.webhookEndpoints.rotateSecret(endpoint.id, { expires_in: 3600 });
    assert.notEqual(rotated.secret, endpoint.secret);
    await emitEvent(p.platform, { type: 'test.rotate', merchantId: p.keys.merchant.id, data: {} });
    const [got] = await r.waitFor(1);
    const header = got!.headers['mashang-signature'] as string;
    assert.equal(header.match(/v1=/g)!.length, 2);
    await webhooks.verify(got!.rawBody, header, endpoint.secret!);
    await webhooks.verify(got!.rawBody, header, rotated.secret!);

    const hard = await merchant.webhookEndpoints.rotateSecret(endpoint.id, { expires_in: 0 });
    await emitEvent(p.platform, { type: 'test.rotate', merchantId: p.keys.merchant.id, data: {} });
    const [, second] = await r.waitFor(2);
    const header2 = second!.headers['mashang-signature'] as string;
    assert.equal(header2.match(/v1=/g)!.length, 1);
    await webhooks.verify(second!.rawBody, header2, hard.secret!);
    await assert.rejects(webhooks.verify(second!.rawBody, header2, rotated.secret!), /signature_mismatch|No v1 signature/);
  });

  it('should publish events on the bus, and only once committed', async () => {
    const seen: Record<string, unknown>[] = [];
    p.platform.bus.on('test.bus', (payload) => {
      seen.push(payload);
    });
    await assert.rejects(
      p.platform.db.transaction(async (tx) => {
        await emitEvent(p.platform, { type: 'test.bus', merchantId: p.keys.merchant.id, data: { n: 1 } }, tx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    const { id } = await p.platform.db.transaction((tx) => emitEvent(p.platform, { type: 'test.bus', merchantId: p.keys.merchant.id, data: { n: 2 } }, tx));
    await waitUntil('the bus', async () => seen.length > 0);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!['id'], id);
    assert.deepEqual(seen[0]!['data'], { n: 2 });
    const { rows } = await p.platform.db.query<{ n: string }>("select count(*)::text as n from events where type = 'test.bus'");
    assert.equal(rows[0]!.n, '1', 'the rolled-back event does not exist');
  });
});

describe('webhook endpoints API', () => {
  it('should create, retrieve, update, list and delete, never showing the secret again', async () => {
    const created = await merchant.webhookEndpoints.create({ url: 'https://pos.example.cn/hooks', enabled_events: ['merchant.activated', 'onboarding.*'], description: '收银系统' });
    assert.equal(created.merchant_id, p.keys.merchant.id);
    const fetched = await merchant.webhookEndpoints.retrieve(created.id);
    assert.equal(fetched.secret, undefined);
    assert.deepEqual(fetched.enabled_events, ['merchant.activated', 'onboarding.*']);
    const updated = await merchant.webhookEndpoints.update(created.id, { enabled_events: ['*'], description: null });
    assert.deepEqual(updated.enabled_events, ['*']);
    assert.equal(updated.description, null);
    assert.ok((await merchant.webhookEndpoints.list({ limit: 100 })).data.some((e) => e.id === created.id));
    assert.ok((await isv.webhookEndpoints.list({ limit: 100 })).data.some((e) => e.id === created.id), 'the ISV sees its merchants\' endpoints');
    assert.deepEqual(await merchant.webhookEndpoints.del(created.id), { id: created.id, object: 'webhook_endpoint', deleted: true });
    await assert.rejects(merchant.webhookEndpoints.retrieve(created.id), NotFoundError);
    const { rows } = await p.platform.db.query<{ secret_enc: string }>('select secret_enc from webhook_endpoints');
    for (const row of rows) assert.match(row.secret_enc, /^v1:/, 'secrets are stored encrypted');
    assert.ok(!JSON.stringify(p.logs).includes(created.secret!));
  });

  it('should answer 400 naming the field for bad URLs and event types, and store nothing', async () => {
    const count = async () => Number((await p.platform.db.query<{ n: string }>('select count(*)::text as n from webhook_endpoints')).rows[0]!.n);
    const before = await count();
    const send = (body: unknown) =>
      fetch(`${p.url}/v1/webhook_endpoints`, { method: 'POST', headers: { authorization: `Bearer ${p.keys.merchant.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as { error: { param: string; message: string } } }),
      );
    const cases: [unknown, string, RegExp][] = [
      [{ url: 'ftp://x.example/h', enabled_events: ['*'] }, 'url', /http\(s\) URL/],
      [{ url: 'not a url', enabled_events: ['*'] }, 'url', /http\(s\) URL/],
      [{ url: 'https://user:pw@x.example/h', enabled_events: ['*'] }, 'url', /without credentials/],
      [{ url: 'https://x.example/h', enabled_events: [] }, 'enabled_events', /at least one/],
      [{ url: 'https://x.example/h', enabled_events: ['Order Paid'] }, 'enabled_events.0', /event type/],
      [{ url: 'https://x.example/h' }, 'enabled_events', /required/],
      [{ url: 'https://x.example/h', enabled_events: ['*'], secret: 'mine' }, 'secret', /unknown field/],
    ];
    for (const [body, param, message] of cases) {
      const r = await send(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.param, param);
      assert.match(r.body.error.message, message);
    }
    assert.equal(await count(), before);
    await assert.rejects(merchant.webhookEndpoints.create({ url: 'x', enabled_events: ['*'] }), ValidationError);
  });

  it('should refuse publishable keys and other ISVs', async () => {
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(pk.webhookEndpoints.list(), PermissionError);
    const mine = await merchant.webhookEndpoints.create({ url: 'https://pos.example.cn/a', enabled_events: ['*'] });
    const operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(operator.webhookEndpoints.create({ url: 'https://ops.example.cn/a', enabled_events: ['*'] }), PermissionError);
    assert.equal((await operator.webhookEndpoints.retrieve(mine.id)).id, mine.id);
    const other = await operator.transport.request({ method: 'post', path: '/v1/isvs', body: { name: '另一家服务商' }, schema: (await import('@mashang/sdk')).Isv });
    const otherIsv = new Mashang({ apiKey: other.secret_key!, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(otherIsv.webhookEndpoints.retrieve(mine.id), NotFoundError);
    await assert.rejects(otherIsv.webhookEndpoints.update(mine.id, { status: 'disabled' }), NotFoundError);
    await assert.rejects(otherIsv.webhookEndpoints.listDeliveries(mine.id), NotFoundError);
    await assert.rejects(otherIsv.webhookEndpoints.redeliver('whd_0000000000AAAAAAAAAAAAAAAA'), NotFoundError);
    await assert.rejects(merchant.webhookEndpoints.listDeliveries(mine.id, { status: 'lost' as never }), ValidationError);
    await assert.rejects(
      merchant.transport.request({ method: 'get', path: `/v1/webhook_endpoints/${mine.id}/deliveries`, query: { status: 'lost' }, schema: (await import('@mashang/sdk')).WebhookDelivery }),
      (e: unknown) => e instanceof InvalidRequestError && e.param === 'status',
    );
  });
});

describe('webhook URLs in production', () => {
  it('should accept public https URLs only, outside the sandbox', async () => {
    const live = await startTestPlatform({ sandbox: false });
    try {
      const shop = new Mashang({ apiKey: live.keys.merchant.secretKey, baseUrl: live.url, maxRetries: 0 });
      const refused = ['http://pos.example.cn/hooks', 'https://localhost/hooks', 'https://127.0.0.1/hooks', 'https://10.1.2.3/hooks', 'https://169.254.169.254/latest', 'https://[::1]/hooks', 'https://[fd00::1]/hooks', 'https://192.168.1.20/hooks'];
      for (const url of refused) {
        await assert.rejects(shop.webhookEndpoints.create({ url, enabled_events: ['*'] }), (e: unknown) => e instanceof InvalidRequestError && e.param === 'url' && e.code === 'url_not_allowed', url);
      }
      const ok = await shop.webhookEndpoints.create({ url: 'https://pos.example.cn/hooks', enabled_events: ['*'] });
      await assert.rejects(shop.webhookEndpoints.update(ok.id, { url: 'https://10.0.0.1/x' }), InvalidRequestError);
      assert.equal((await shop.webhookEndpoints.retrieve(ok.id)).url, 'https://pos.example.cn/hooks');
    } finally {
      await live.close();
    }
  });
});

describe('webhooks.verify()', () => {
  const secret = 'whsec_test_secret_for_verify_0000';
  const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'merchant.activated', created: '2026-01-01T00:00:00.000Z', merchant_id: null, data: {} });

  it('should accept a fresh signature over the raw body, as a string or bytes', async () => {
    const header = await webhooks.generateTestHeader({ payload, secret });
    assert.equal((await webhooks.verify(payload, header, secret)).id, 'evt_test');
    assert.equal((await webhooks.verify(new TextEncoder().encode(payload), header, secret)).type, 'merchant.activated');
  });

  it('should refuse a replayed signature older than the tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = await webhooks.generateTestHeader({ payload, secret, timestamp: now - 301 });
    await assert.rejects(webhooks.verify(payload, header, secret), (e: unknown) => e instanceof WebhookSignatureError && e.code === 'timestamp_outside_tolerance');
    await assert.rejects(webhooks.verify(payload, header, secret, { tolerance: 60 }), /beyond the 60 s tolerance/);
    assert.equal((await webhooks.verify(payload, header, secret, { tolerance: 600 })).id, 'evt_test');
  });

  it('should explain that a parsed object is not the raw body', async () => {
    const header = await webhooks.generateTestHeader({ payload, secret });
    await assert.rejects(webhooks.verify(JSON.parse(payload) as never, header, secret), (e: unknown) => {
      assert.ok(e instanceof WebhookSignatureError);
      assert.equal(e.code, 'raw_body_required');
      assert.match(e.message, /raw request body.*parsed object/s);
      return true;
    });
  });

  it('should refuse tampered bodies, wrong secrets, and missing or malformed headers', async () => {
    const header = await webhooks.generateTestHeader({ payload, secret });
    const code = (c: string) => (e: unknown) => e instanceof WebhookSignatureError && e.code === c;
    await assert.rejects(webhooks.verify(payload.replace('merchant', 'merchanT'), header, secret), code('signature_mismatch'));
    await assert.rejects(webhooks.verify(payload, header, 'whsec_other'), code('signature_mismatch'));
    await assert.rejects(webhooks.verify(payload, undefined, secret), code('header_missing'));
    await assert.rejects(webhooks.verify(payload, 'sha256=abc', secret), code('header_malformed'));
    await assert.rejects(webhooks.verify(payload, header, ''), code('secret_missing'));
    const notEvent = '{"hello":1}';
    await assert.rejects(webhooks.verify(notEvent, await webhooks.generateTestHeader({ payload: notEvent, secret }), secret), code('payload_invalid'));
  });
});
