import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  Mashang,
  NotFoundError,
  OrderNotPaidError,
  PermissionError,
  ValidationError,
  webhooks,
  type Order,
  type WalletPayResult,
} from '@mashang/sdk';
import { decodeEmvQr } from '@mashang/sdk/emvqr';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';
process.env['MASHANG_WEBHOOK_RETRY_BASE_MS'] = '40';

let p: TestPlatform;
let merchant: Mashang;
let isv: Mashang;
let receiver: Receiver;
let webhookSecret: string;

async function count(table: string): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0]!.n);
}

async function raw(path: string, init: RequestInit & { key?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(`${p.url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** Pays through the sandbox wallet, as the page's form would (JSON flavour). */
async function pay(order: Order, payer = 'payer_test', attempt?: string): Promise<{ status: number; body: WalletPayResult }> {
  const token = new URL(order.payload!.url).pathname.split('/').pop()!;
  const res = await fetch(`${p.url}/p/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ payer, ...(attempt ? { attempt } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as WalletPayResult };
}

/** Reads an SSE stream until it ends; returns the `order` events. */
async function readEvents(url: string, headers: Record<string, string> = {}): Promise<{ status: number; events: { at: number; order: Order }[] }> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  if (!res.ok) return { status: res.status, events: [] };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { at: number; order: Order }[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === 'order' && data) events.push({ at: Date.now(), order: JSON.parse(data) as Order });
    }
  }
  return { status: res.status, events };
}

before(async () => {
  p = await startTestPlatform();
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
  receiver = await startReceiver();
  const endpoint = await merchant.webhookEndpoints.create({ url: receiver.url, enabled_events: ['order.*'] });
  webhookSecret = endpoint.secret!;
});
after(async () => {
  await p.close();
  await receiver.close();
});

describe('orders: create and read', () => {
  it('should create a pending order with both payload formats and a client secret', async () => {
    const order = await merchant.orders.create({ amount: 1250, currency: 'CNY', description: '两碗牛肉面', reference: 'T3-0042', metadata: { table: '3' } });
    assert.match(order.id, /^ord_[0-9A-Z]{26}$/);
    assert.equal(order.status, 'pending');
    assert.equal(order.type, 'dynamic');
    assert.equal(order.amount, 1250);
    assert.equal(order.merchant_name, '码上面馆');
    assert.match(order.client_secret!, new RegExp(`^${order.id}_secret_[0-9A-Za-z]{32}$`));
    const ttl = Date.parse(order.expires_at) - Date.parse(order.created);
    assert.ok(Math.abs(ttl - 900_000) < 2_000, `default expiry is 900 s, got ${ttl} ms`);
    assert.match(order.payload!.url, new RegExp(`^${p.url}/p/[0-9A-Za-z]{22}$`));

    const emv = decodeEmvQr(order.payload!.emv, { strict: true });
    assert.deepEqual(emv.warnings, []);
    assert.equal(emv.pointOfInitiation, 'dynamic');
    assert.equal(emv.amount, '12.50');
    assert.equal(emv.currency, '156');
    assert.equal(emv.countryCode, 'CN');
    assert.equal(emv.merchantName, 'MERCHANT', 'the documented placeholder when no Latin name is known');
    const account = emv.merchantAccounts[0]!;
    assert.equal(account.id, '26');
    assert.ok('fields' in account);
    assert.equal(account.globallyUniqueId, 'CN.MASHANG.PAY');
    assert.deepEqual(account.fields, [
      { id: '01', value: p.keys.merchant.id },
      { id: '02', value: order.id },
    ]);
    assert.equal(emv.additionalData?.billNumber, 'T3-0042');
    assert.equal(emv.languageTemplate?.languagePreference, 'ZH');
    assert.equal(emv.languageTemplate?.merchantNameAlt, '码上面馆');

    assert.equal(order.metadata['table'], '3');
    const { client_secret: _secret, ...rest } = order;
    assert.deepEqual(await merchant.orders.retrieve(order.id), rest, 'the secret is shown once; the rest reads back the same');
  });

  it('should replay an idempotent create with the same order and client secret', async () => {
    const before = await count('orders');
    const a = await merchant.orders.create({ amount: 800, currency: 'CNY' }, { idempotencyKey: 'till-3-receipt-17' });
    const b = await merchant.orders.create({ amount: 800, currency: 'CNY' }, { idempotencyKey: 'till-3-receipt-17' });
    assert.equal(a.id, b.id);
    assert.equal(a.client_secret, b.client_secret);
    assert.equal(await count('orders'), before + 1);
  });

  it('should let an ISV create orders for its merchant with Mashang-Merchant', async () => {
    const order = await isv.forMerchant(p.keys.merchant.id).orders.create({ amount: 300, currency: 'CNY' });
    assert.equal(order.merchant_id, p.keys.merchant.id);
    await assert.rejects(isv.orders.create({ amount: 300, currency: 'CNY' }), (e: unknown) => e instanceof PermissionError && e.code === 'merchant_required');
  });

  it('should refuse orders for a merchant that is not active yet', async () => {
    const pending = await isv.merchants.create({ name: '待审核小店' });
    await assert.rejects(isv.forMerchant(pending.id).orders.create({ amount: 100, currency: 'CNY' }), (e: unknown) => e instanceof ConflictError && e.code === 'merchant_not_active');
  });

  it('should list with filters and pagination, newest first', async () => {
    const code = await merchant.paymentCodes.create({ terminal_label: 'TILL-9' });
    const made: Order[] = [];
    for (let i = 0; i < 5; i++) made.push(await merchant.orders.create({ amount: 100 + i, currency: 'CNY', reference: `LIST-${i}`, payment_code: code.id }));
    const byCode: string[] = [];
    for await (const o of merchant.orders.all({ payment_code: code.id, limit: 2 })) byCode.push(o.id);
    assert.deepEqual(byCode, made.map((o) => o.id).reverse());
    const one = await merchant.orders.list({ reference: 'LIST-3' });
    assert.deepEqual(one.data.map((o) => o.amount), [103]);
    const window = await merchant.orders.list({ created_gte: made[1]!.created, created_lt: made[3]!.created, payment_code: code.id, limit: 100 });
    assert.deepEqual(window.data.map((o) => o.reference), ['LIST-2', 'LIST-1']);
    await merchant.orders.cancel(made[4]!.id);
    const cancelled = await merchant.orders.list({ status: 'cancelled', payment_code: code.id });
    assert.deepEqual(cancelled.data.map((o) => o.id), [made[4]!.id]);
    const emv = decodeEmvQr(made[0]!.payload!.emv, { strict: true });
    assert.equal(emv.additionalData?.terminalLabel, 'TILL-9', 'an order for a till carries its label');
    await assert.rejects(merchant.orders.list({ created_gte: 'yesterday' }), ValidationError);
    const bad = await raw('/v1/orders?created_gte=yesterday', { key: p.keys.merchant.secretKey });
    assert.equal(bad.status, 400);
    assert.equal(bad.body!['error'].param, 'created_gte');
  });
});

describe('orders: bad input is a specific 400 and writes nothing', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a fractional amount', { amount: 12.5, currency: 'CNY' }, 'amount', /integer/],
    ['a negative amount', { amount: -100, currency: 'CNY' }, 'amount', /at least 1 分/],
    ['a zero amount', { amount: 0, currency: 'CNY' }, 'amount', /at least 1 分/],
    ['an amount as a string', { amount: '12.50', currency: 'CNY' }, 'amount', /must be/],
    ['an amount over the limit', { amount: 500_001, currency: 'CNY' }, 'amount', /over the limit of 500000 分 \(¥5000\.00\)/],
    ['an unknown currency', { amount: 100, currency: 'USD' }, 'currency', /must be "CNY"/],
    ['a missing currency', { amount: 100 }, 'currency', /required/],
    ['a Chinese name for tag 59', { amount: 100, currency: 'CNY', merchant_name_latin: '码上面馆' }, 'merchant_name_latin', /tag 59/],
    ['a Latin name over 25 characters', { amount: 100, currency: 'CNY', merchant_name_latin: 'A'.repeat(26) }, 'merchant_name_latin', /at most 25/],
    ['a reference with Chinese', { amount: 100, currency: 'CNY', reference: '三号桌' }, 'reference', /62-01/],
    ['a too-short expiry', { amount: 100, currency: 'CNY', expires_in: 2 }, 'expires_in', /at least 5 seconds/],
    ['an unknown field', { amount: 100, currency: 'CNY', tip: 5 }, 'tip', /unknown field/],
    ['a malformed payment code id', { amount: 100, currency: 'CNY', payment_code: 'till-1' }, 'payment_code', /pc_/],
  ];
  for (const [what, body, param, message] of cases) {
    it(`should answer 400 naming ${param} for ${what}`, async () => {
      const before = await count('orders');
      const secrets = await count('client_secrets');
      const r = await raw('/v1/orders', { method: 'POST', key: p.keys.merchant.secretKey, json: body });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body!['error'].type, 'invalid_request_error');
      assert.equal(r.body!['error'].param, param);
      assert.match(r.body!['error'].message, message);
      assert.equal(await count('orders'), before);
      assert.equal(await count('client_secrets'), secrets);
    });
  }

  it('should check SDK arguments before sending anything', async () => {
    let sent = 0;
    const counting = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, fetch: (...a) => (sent++, fetch(...a)) });
    await assert.rejects(counting.orders.create({ amount: 12.5, currency: 'CNY' }), (e: unknown) => e instanceof ValidationError && /amount: must be an integer number of 分/.test(e.message));
    await assert.rejects(counting.orders.create({ amount: 100, currency: 'USD' as 'CNY' }), ValidationError);
    assert.equal(sent, 0);
  });

  it('should answer 404 for a payment code of another merchant', async () => {
    const other = await isv.merchants.create({ name: '别家面馆' });
    await p.platform.db.query(`update merchants set status = 'active' where id = $1`, [other.id]);
    const theirs = await isv.forMerchant(other.id).paymentCodes.create({});
    await assert.rejects(merchant.orders.create({ amount: 100, currency: 'CNY', payment_code: theirs.id }), (e: unknown) => e instanceof NotFoundError && e.param === 'payment_code');
    await assert.rejects(merchant.orders.retrieve((await isv.forMerchant(other.id).orders.create({ amount: 1, currency: 'CNY' })).id), NotFoundError);
  });
});

describe('orders: client secrets', () => {
  it('should read its own order only, and nothing else', async () => {
    const mine = await merchant.orders.create({ amount: 100, currency: 'CNY' });
    const other = await merchant.orders.create({ amount: 200, currency: 'CNY' });
    const widget = new Mashang({ apiKey: mine.client_secret!, baseUrl: p.url, maxRetries: 0 });
    assert.equal((await widget.orders.retrieve(mine.id)).amount, 100);
    await assert.rejects(widget.orders.retrieve(other.id), NotFoundError);
    await assert.rejects(widget.orders.list(), PermissionError);
    await assert.rejects(widget.orders.cancel(mine.id), PermissionError);
    await assert.rejects(widget.orders.create({ amount: 1, currency: 'CNY' }), PermissionError);
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(pk.orders.retrieve(mine.id), PermissionError, 'a publishable key does not read orders');
    const events = await readEvents(`${p.url}/v1/orders/${other.id}/events?client_secret=${encodeURIComponent(mine.client_secret!)}`);
    assert.equal(events.status, 404, "one order's secret cannot follow another");
  });

  it('should refuse bad credentials on the events stream', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY' });
    const forged = `${order.id}_secret_${'A'.repeat(32)}`;
    const none = await raw(`/v1/orders/${order.id}/events`);
    assert.equal(none.status, 401);
    const wrong = await raw(`/v1/orders/${order.id}/events?client_secret=${forged}`);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body!['error'].param, 'client_secret');
    const key = await raw(`/v1/orders/${order.id}/events?client_secret=${p.keys.merchant.secretKey}`);
    assert.equal(key.status, 400, 'API keys are never accepted in the URL');
    assert.equal(key.body!['error'].code, 'client_secret_invalid');
  });
});

describe('orders: paying, live status and webhooks', () => {
  it('should stream pending then paid over SSE and deliver order.paid once', async () => {
    const order = await merchant.orders.create({ amount: 2600, currency: 'CNY', description: '两碗牛肉面' });
    const url = `${p.url}/v1/orders/${order.id}/events?client_secret=${encodeURIComponent(order.client_secret!)}`;
    const stream = readEvents(url);
    await new Promise((r) => setTimeout(r, 100));
    const paidAt = Date.now();
    const result = await pay(order, 'payer_stream');
    assert.equal(result.status, 200);
    assert.equal(result.body.outcome, 'paid');
    const { events } = await stream;
    assert.deepEqual(events.map((e) => e.order.status), ['pending', 'paid'], 'the stream ends after the final state');
    assert.ok(events[1]!.at - paidAt < 2_000);
    assert.equal(events[1]!.order.payment?.network, 'sandbox');
    assert.equal(events[1]!.order.payment?.payer, 'payer_stream');

    const deliveries = async () => {
      const out = [];
      for (const request of receiver.received) {
        const event = await webhooks.verify(request.rawBody, request.headers['mashang-signature'] as string, webhookSecret);
        if (event.type === 'order.paid' && (event.data as { object: Order }).object.id === order.id) out.push(event);
      }
      return out;
    };
    for (let i = 0; i < 200 && (await deliveries()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const paidEvents = await deliveries();
    assert.equal(paidEvents.length, 1, 'order.paid is delivered once');
    assert.equal((paidEvents[0]!.data as { object: Order }).object.status, 'paid');

    const again = await pay(order, 'payer_stream');
    assert.equal(again.status, 402);
    assert.equal(again.body.code, 'order_already_paid');
  });

  it('should resolve waitForPaid with a secret key and with the client secret', async () => {
    const order = await merchant.orders.create({ amount: 990, currency: 'CNY' });
    const bySecretKey = merchant.orders.waitForPaid(order.id);
    const byClientSecret = new Mashang({ apiKey: order.client_secret!, baseUrl: p.url }).orders.waitForPaid(order.id);
    await new Promise((r) => setTimeout(r, 100));
    await pay(order);
    const [a, b] = await Promise.all([bySecretKey, byClientSecret]);
    assert.equal(a.status, 'paid');
    assert.equal(b.paid_at, a.paid_at);
  });

  it('should reject waitForPaid with OrderNotPaidError when the order is cancelled, and honour abort', async () => {
    const order = await merchant.orders.create({ amount: 990, currency: 'CNY' });
    const waiting = assert.rejects(merchant.orders.waitForPaid(order.id), (e: unknown) => e instanceof OrderNotPaidError && e.code === 'order_cancelled' && e.order.id === order.id);
    await new Promise((r) => setTimeout(r, 100));
    const cancelled = await merchant.orders.cancel(order.id);
    assert.equal(cancelled.status, 'cancelled');
    await waiting;
    assert.equal((await merchant.orders.cancel(order.id)).status, 'cancelled', 'cancelling twice is harmless');
    const refused = await pay(order);
    assert.equal(refused.body.code, 'order_cancelled');

    const open = await merchant.orders.create({ amount: 990, currency: 'CNY' });
    const controller = new AbortController();
    const aborted = assert.rejects(merchant.orders.waitForPaid(open.id, { signal: controller.signal }), /till closed/);
    setTimeout(() => controller.abort(new Error('till closed')), 100);
    await aborted;
  });

  it('should keep a declined order pending and let it be paid after', async () => {
    const order = await merchant.orders.create({ amount: 450, currency: 'CNY' });
    const declined = await pay(order, 'payer_declined');
    assert.equal(declined.status, 402);
    assert.equal(declined.body.code, 'card_declined');
    const after = await merchant.orders.retrieve(order.id);
    assert.equal(after.status, 'pending');
    assert.equal(after.last_payment_error?.code, 'card_declined');
    assert.equal((await pay(order, 'payer_ok')).body.outcome, 'paid');
    await assert.rejects(merchant.orders.cancel(order.id), (e: unknown) => e instanceof ConflictError && e.code === 'order_not_pending');
  });

  it('should pay once when the wallet form is sent twice', async () => {
    const order = await merchant.orders.create({ amount: 700, currency: 'CNY' });
    const attempt = 'formattempt0123456789';
    const [a, b] = await Promise.all([pay(order, 'payer_twice', attempt), pay(order, 'payer_twice', attempt)]);
    const outcomes = [a.body, b.body].map((r) => r.outcome === 'paid' || r.code === 'order_already_paid');
    assert.deepEqual(outcomes, [true, true]);
    const { rows } = await p.platform.db.query<{ n: string }>("select count(*)::text as n from orders where id = $1 and status = 'paid'", [order.id]);
    assert.equal(rows[0]!.n, '1');
    const replay = await pay(order, 'payer_twice', attempt);
    assert.equal(replay.body.outcome, 'paid', 'a replayed form shows the payment it made');
  });
});

describe('orders: expiry', () => {
  it('should expire at its time, refuse a late payment and report it', async () => {
    const order = await merchant.orders.create({ amount: 1500, currency: 'CNY', expires_in: 5 });
    const expiresAt = Date.parse(order.expires_at);
    const stream = readEvents(`${p.url}/v1/orders/${order.id}/events`, { authorization: `Bearer ${p.keys.merchant.secretKey}` });
    const waiting = assert.rejects(
      new Mashang({ apiKey: order.client_secret!, baseUrl: p.url }).orders.waitForPaid(order.id),
      (e: unknown) => e instanceof OrderNotPaidError && e.code === 'order_expired',
    );
    const { events } = await stream;
    assert.deepEqual(events.map((e) => e.order.status), ['pending', 'expired']);
    const late = events[1]!.at - expiresAt;
    assert.ok(late >= 0 && late < 1_000, `expired ${late} ms after expires_at`);
    assert.equal(events[1]!.order.expired_at, order.expires_at, 'expired_at is the order\'s own time');
    await waiting;

    const before = await count('payment_attempts');
    const late_ = await pay(order, 'payer_late');
    assert.equal(late_.status, 402);
    assert.equal(late_.body.outcome, 'refused');
    assert.equal(late_.body.code, 'order_expired');
    assert.match(late_.body.message, /expired/);
    assert.equal(await count('payment_attempts'), before + 1);
    const after = await merchant.orders.retrieve(order.id);
    assert.equal(after.status, 'expired');
    assert.equal(after.payment, null);
    assert.equal(after.last_payment_error?.code, 'order_expired');
    await assert.rejects(merchant.orders.cancel(order.id), ConflictError);

    for (let i = 0; i < 100; i++) {
      if (receiver.received.some((r) => r.rawBody.includes('"order.payment_refused"') && r.rawBody.includes(order.id))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const types = receiver.received.filter((r) => r.rawBody.includes(order.id)).map((r) => (JSON.parse(r.rawBody) as { type: string }).type);
    assert.ok(types.includes('order.expired'), types.join());
    assert.ok(types.includes('order.payment_refused'), 'the late payment is reported to the merchant');
  });

  it('should extend a pending order within the one-hour cap, also with its client secret, and follow it live', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY', expires_in: 5 });
    const widget = new Mashang({ apiKey: order.client_secret!, baseUrl: p.url, maxRetries: 0 });
    const stream = readEvents(`${p.url}/v1/orders/${order.id}/events?client_secret=${encodeURIComponent(order.client_secret!)}`);
    await new Promise((r) => setTimeout(r, 100));
    const extended = await widget.orders.extend(order.id, { seconds: 60 });
    const gained = Date.parse(extended.expires_at) - Date.parse(order.expires_at);
    assert.ok(gained > 50_000 && gained <= 60_000, `gained ${gained} ms`);
    const again = await merchant.orders.extend(order.id, { seconds: 60 });
    assert.ok(Date.parse(again.expires_at) - Date.parse(extended.expires_at) < 1_000, 'extending sets now + seconds; it does not add up');
    const old = await merchant.orders.create({ amount: 100, currency: 'CNY', expires_in: 60 });
    // As if created 58 minutes ago: 600 more seconds would pass the one-hour mark.
    await p.platform.db.query(`update orders set created_at = now() - interval '58 minutes' where id = $1`, [old.id]);
    const { rows } = await p.platform.db.query<{ created_at: Date }>('select created_at from orders where id = $1', [old.id]);
    const capped = await merchant.orders.extend(old.id, { seconds: 600 });
    assert.equal(Date.parse(capped.expires_at), rows[0]!.created_at.getTime() + 3_600_000, 'never more than an hour after creation');
    const day = await merchant.orders.create({ amount: 100, currency: 'CNY', expires_in: 86_400 });
    assert.equal((await merchant.orders.extend(day.id, { seconds: 600 })).expires_at, day.expires_at, 'and never shorter than before');
    await assert.rejects(merchant.orders.extend(order.id, { seconds: 30 }), ValidationError);
    const tooShort = await raw(`/v1/orders/${order.id}/extend`, { method: 'POST', key: p.keys.merchant.secretKey, json: { seconds: 30 } });
    assert.equal(tooShort.body!['error'].param, 'seconds');
    const other = await merchant.orders.create({ amount: 100, currency: 'CNY' });
    await assert.rejects(widget.orders.extend(other.id), NotFoundError, "a client secret cannot extend another order");
    await new Promise((r) => setTimeout(r, 5_300));
    assert.equal((await merchant.orders.retrieve(order.id)).status, 'pending', 'the old expiry no longer applies');
    await merchant.orders.cancel(order.id);
    await assert.rejects(merchant.orders.extend(order.id), (e: unknown) => e instanceof ConflictError && e.code === 'order_not_pending');
    const { events } = await stream;
    assert.equal(events[0]!.order.expires_at, order.expires_at);
    assert.ok(events.some((e) => e.order.expires_at === extended.expires_at), 'the stream carries the new expiry');
    assert.equal(events.at(-1)!.order.status, 'cancelled');
  });

  it('should expire unwatched orders with the sweep', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY', expires_in: 5 });
    await new Promise((r) => setTimeout(r, 6_200));
    const { rows } = await p.platform.db.query<{ status: string }>('select status from orders where id = $1', [order.id]);
    assert.equal(rows[0]!.status, 'expired');
  });
});

describe('orders: auth errors map to SDK classes', () => {
  it('should reject an unknown client secret', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY' });
    const forged = new Mashang({ apiKey: `${order.id}_secret_${'B'.repeat(32)}`, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(forged.orders.retrieve(order.id), AuthenticationError);
    await assert.rejects(forged.orders.waitForPaid(order.id), AuthenticationError);
    await assert.rejects(merchant.orders.retrieve('ord_nope'), (e: unknown) => e instanceof InvalidRequestError && e.param === 'id');
  });
});
