import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Mashang, OrderNotPaidError, webhooks, type Order } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';
import { MENU, mountCheckout } from '../../../examples/shop/checkout-server.js';
import { sellAtTill } from '../../../examples/pos/till.js';

process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';

let p: TestPlatform;
let merchant: Mashang;
let receiver: Receiver;
let secret: string;

before(async () => {
  p = await startTestPlatform({}, [
    (_route, platform, app) =>
      mountCheckout(app, () => new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 }), { platformUrl: () => platform.publicUrl() }),
  ]);
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  receiver = await startReceiver();
  secret = (await merchant.webhookEndpoints.create({ url: receiver.url, enabled_events: ['order.paid'] })).secret!;
});
after(async () => {
  await p.close();
  await receiver.close();
});

async function checkout(body: unknown) {
  const res = await fetch(`${p.url}/shop/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function payByWallet(order: Order): Promise<number> {
  const res = await fetch(order.payload!.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"payer":"payer_examples"}' });
  await res.arrayBuffer();
  return res.status;
}

/** order.paid deliveries for `orderId`, verified like a merchant's receiver would. */
async function paidDeliveries(orderId: string): Promise<number> {
  let n = 0;
  for (const request of receiver.received) {
    const event = await webhooks.verify(request.rawBody, request.headers['mashang-signature'] as string, secret);
    if (event.type === 'order.paid' && (event.data as { object: Order }).object.id === orderId) n++;
  }
  return n;
}

describe('examples/shop: checkout', () => {
  it('should price the cart on the server, create the order and get paid, with one order.paid webhook', async () => {
    const r = await checkout({ items: [{ sku: 'beef-noodles', qty: 2 }, { sku: 'egg', qty: 1 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.body['amount'], 2 * MENU['beef-noodles']!.price + MENU['egg']!.price);
    assert.equal(r.body['platform_url'], p.url);
    assert.match(r.body['client_secret'], new RegExp(`^${r.body['order']}_secret_`));
    assert.equal(JSON.stringify(r.body).includes(p.keys.merchant.secretKey), false, 'the browser never sees the secret key');
    const widget = new Mashang({ apiKey: r.body['client_secret'], baseUrl: p.url, maxRetries: 0 });
    const order = await widget.orders.retrieve(r.body['order']);
    assert.equal(order.description, '招牌牛肉面 ×2，卤蛋 ×1');
    assert.match(order.reference!, /^WEB-[0-9A-F]{10}$/);
    const paid = widget.orders.waitForPaid(order.id);
    assert.equal(await payByWallet(order), 200);
    assert.equal((await paid).status, 'paid');
    await receiver.waitFor(1);
    for (let i = 0; i < 100 && (await paidDeliveries(order.id)) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await paidDeliveries(order.id), 1);
  });

  const bad: [string, unknown, string][] = [
    ['an amount from the browser', { items: [{ sku: 'egg', qty: 1 }], amount: 1 }, 'amount'],
    ['an empty cart', { items: [] }, 'items'],
    ['a dish not on the menu', { items: [{ sku: 'lobster', qty: 1 }] }, 'items.0.sku'],
    ['a fractional quantity', { items: [{ sku: 'egg', qty: 1.5 }] }, 'items.0.qty'],
    ['a prototype key as sku', { items: [{ sku: 'constructor', qty: 1 }] }, 'items.0.sku'],
    ['not an object', [1, 2], 'items'],
  ];
  for (const [what, body, param] of bad) {
    it(`should answer 400 naming ${param} for ${what}, creating no order`, async () => {
      const before = (await merchant.orders.list({ limit: 100 })).data.length;
      const r = await checkout(body);
      assert.equal(r.status, 400);
      assert.equal(r.body['error'].param, param);
      assert.equal((await merchant.orders.list({ limit: 100 })).data.length, before);
    });
  }

  it('should keep the checkout page free of inline script and keys, pointing the widget at the endpoint', async () => {
    const page = await readFile(new URL('../../../examples/shop/checkout.html', import.meta.url), 'utf8');
    assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is external (CSP script-src self)');
    assert.doesNotMatch(page, /\b(sk|pk)_[0-9A-Za-z]{10,}/);
    assert.match(page, /<mashang-payment-code order-url="api\/orders" order-request='([^']+)'>/);
    const request = JSON.parse(/order-request='([^']+)'/.exec(page)![1]!) as { items: { sku: string; qty: number }[] };
    const total = request.items.reduce((sum, { sku, qty }) => sum + MENU[sku]!.price * qty, 0);
    assert.match(page, new RegExp(`¥${(total / 100).toFixed(2).replace('.', '\\.')}`), 'the cart table shows what the server charges');
  });
});

describe('examples/pos: till', () => {
  it('should create an order, draw its code and resolve once paid', async () => {
    const lines: string[] = [];
    const sale = sellAtTill({ client: merchant, amount: '26.00', description: '两碗牛肉面', reference: 'TILL-TEST-1', print: (t) => lines.push(t) });
    let order: Order | undefined;
    for (let i = 0; i < 100 && !order; i++) {
      order = (await merchant.orders.list({ reference: 'TILL-TEST-1' })).data[0];
      if (!order) await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(order!.amount, 2600);
    assert.equal(await payByWallet(order!), 200);
    const paid = await sale;
    assert.equal(paid.status, 'paid');
    assert.ok(lines.some((l) => l.includes('▄') || l.includes('█')), 'a QR code drawn in the terminal');
    assert.match(lines.at(-1)!, /已收款 Paid ¥26\.00/);
  });

  it('should cancel the order when the cashier gives up, and reject bad amounts before calling the platform', async () => {
    const controller = new AbortController();
    const sale = sellAtTill({ client: merchant, amount: '9.90', reference: 'TILL-TEST-2', signal: controller.signal, print: () => {} });
    setTimeout(() => controller.abort(new Error('cashier gave up')), 300);
    await assert.rejects(sale, /cashier gave up/);
    const order = (await merchant.orders.list({ reference: 'TILL-TEST-2' })).data[0]!;
    assert.equal(order.status, 'cancelled');
    await assert.rejects(sellAtTill({ client: merchant, amount: '9.999', print: () => {} }), /3 decimals/);
    const expiring = sellAtTill({ client: merchant, amount: '1.00', expiresIn: 5, print: () => {} });
    await assert.rejects(expiring, (e: unknown) => e instanceof OrderNotPaidError && e.code === 'order_expired');
  });
});
