import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let merchant: Mashang;

/** Posts the wallet form the way a browser does (urlencoded, cookie kept). */
async function submit(url: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

function field(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

before(async () => {
  p = await startTestPlatform();
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('sandbox wallet page /p/<token>', () => {
  it('should show a dynamic order under a strict CSP and pay it by confirming', async () => {
    const order = await merchant.orders.create({ amount: 2600, currency: 'CNY', description: '两碗<b>牛肉面</b>' });
    const page = await fetch(order.payload!.url);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src/);
    assert.doesNotMatch(html, /<script/i, 'the wallet works without script');
    assert.match(html, /码上面馆/);
    assert.match(html, /¥26\.00/);
    assert.match(html, /两碗&lt;b&gt;牛肉面&lt;\/b&gt;/, 'text is escaped');
    assert.match(html, /data-status="pending"/);
    const cookie = page.headers.get('set-cookie')!;
    assert.match(cookie, /mashang_payer=payer_[0-9A-Za-z]{12}; Max-Age=\d+; Path=\/p; HttpOnly; SameSite=Lax/);
    const payer = field(html, 'payer')!;
    const attempt = field(html, 'attempt')!;

    const paid = await submit(order.payload!.url, { payer, attempt }, cookie.split(';')[0]);
    assert.equal(paid.status, 200);
    assert.match(paid.html, /data-outcome="paid"/);
    assert.doesNotMatch(paid.html, /data-testid="pay-form"/, 'no second form after paying');
    const after = await merchant.orders.retrieve(order.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.payment?.payer, payer);

    const resent = await submit(order.payload!.url, { payer, attempt });
    assert.equal(resent.status, 200, 'resending the same form shows the same payment');
    assert.match(resent.html, /data-outcome="paid"/);
    const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from payment_attempts where order_id = $1', [order.id]);
    assert.equal(rows[0]!.n, '0', 'a resent form is not a refused attempt');
  });

  it('should take a typed amount on a static code and show the daily limit', async () => {
    const code = await merchant.paymentCodes.create({ merchant_name_latin: 'MASHANG NOODLES', description: '一楼收银台' });
    const page = await fetch(code.payload.url);
    const html = await page.text();
    assert.match(html, /静态收款码单日每人限额 ¥500\.00/);
    assert.match(html, /name="amount"/);
    assert.match(html, /inputmode="decimal"/);
    const attempt = field(html, 'attempt')!;
    const paid = await submit(code.payload.url, { amount: '18.80', payer: 'payer_page', attempt });
    assert.equal(paid.status, 200);
    assert.match(paid.html, /¥18\.80/);
    const refused = await submit(code.payload.url, { amount: '481.21', payer: 'payer_page', attempt: field(paid.html, 'attempt') ?? 'freshattempt0001' });
    assert.equal(refused.status, 402);
    assert.match(refused.html, /data-code="static_daily_limit_exceeded"/);
    assert.match(refused.html, /¥481\.20 of ¥500\.00/);
    const bad = await submit(code.payload.url, { amount: '12.345', payer: 'payer_page' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /data-code="amount_invalid"/);
    assert.match(bad.html, /3 decimals/);
    assert.match(bad.html, /value="12\.345"/, 'the typed amount is kept for correction');
  });

  it('should show an expired order without a pay button and refuse a stale form', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY', expires_in: 5 });
    const stale = await (await fetch(order.payload!.url)).text();
    await new Promise((r) => setTimeout(r, 5_200));
    const now = await (await fetch(order.payload!.url)).text();
    assert.match(now, /data-status="expired"/);
    assert.doesNotMatch(now, /data-testid="pay"/);
    const late = await submit(order.payload!.url, { payer: field(stale, 'payer')!, attempt: field(stale, 'attempt')! });
    assert.equal(late.status, 402);
    assert.match(late.html, /data-code="order_expired"/);
  });

  it('should answer 404 for an unknown token and 400 for a malformed one', async () => {
    const unknown = await fetch(`${p.url}/p/AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /未找到/);
    const malformed = await fetch(`${p.url}/p/..%2Fetc`);
    assert.equal(malformed.status, 400);
  });

  it('should reject a malformed payer without paying', async () => {
    const order = await merchant.orders.create({ amount: 100, currency: 'CNY' });
    const res = await submit(order.payload!.url, { payer: '<script>' });
    assert.equal(res.status, 400);
    assert.match(res.html, /data-code="payer_invalid"/);
    assert.equal((await merchant.orders.retrieve(order.id)).status, 'pending');
  });
});

describe('wallet outside the sandbox', () => {
  it('should show the code but send the consumer to a payment app', async () => {
    const live = await startTestPlatform({ sandbox: false });
    try {
      const client = new Mashang({ apiKey: live.keys.merchant.secretKey, baseUrl: live.url, maxRetries: 0 });
      const order = await client.orders.create({ amount: 100, currency: 'CNY' });
      const html = await (await fetch(order.payload!.url)).text();
      assert.match(html, /Scan this code with your payment app/);
      assert.doesNotMatch(html, /data-testid="pay-form"/);
      const res = await fetch(order.payload!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payer":"payer_x"}' });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'sandbox_only');
      assert.equal((await client.orders.retrieve(order.id)).status, 'pending');
    } finally {
      await live.close();
    }
  });
});
