import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, Mashang, NotFoundError, PermissionError, ValidationError, type PaymentCode, type WalletPayResult } from '@mashang/sdk';
import { decodeEmvQr } from '@mashang/sdk/emvqr';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let merchant: Mashang;
let isv: Mashang;

async function count(table: string): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0]!.n);
}

async function post(path: string, key: string, body: unknown) {
  const res = await fetch(`${p.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Pays a static code through the sandbox wallet with a typed amount in yuan. */
async function payStatic(code: PaymentCode, amount: string, payer: string): Promise<{ status: number; body: WalletPayResult }> {
  const res = await fetch(code.payload.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ amount, payer }),
  });
  return { status: res.status, body: (await res.json()) as WalletPayResult };
}

/** A fresh active merchant (onboarding would activate it) with a client acting for it. */
async function activeMerchant(name: string): Promise<{ id: string; client: Mashang }> {
  const m = await isv.merchants.create({ name });
  await p.platform.db.query(`update merchants set status = 'active' where id = $1`, [m.id]);
  return { id: m.id, client: isv.forMerchant(m.id) };
}

before(async () => {
  p = await startTestPlatform();
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('payment codes: create and read', () => {
  it('should create a static code whose EMV payload carries every documented field', async () => {
    const code = await merchant.paymentCodes.create({
      merchant_name_latin: 'MASHANG NOODLES',
      merchant_city_latin: 'HUZHOU',
      merchant_city: '湖州',
      mcc: '5812',
      store_label: 'WUXING-01',
      terminal_label: 'TILL-1',
      description: '一楼收银台',
    });
    assert.match(code.id, /^pc_[0-9A-Z]{26}$/);
    assert.equal(code.status, 'active');
    assert.equal(code.merchant_name, '码上面馆');
    assert.equal(code.daily_limit_per_payer, 50_000, 'static codes show the ¥500 per payer per day limit');
    assert.match(code.payload.url, new RegExp(`^${p.url}/p/[0-9A-Za-z]{22}$`));
    const emv = decodeEmvQr(code.payload.emv, { strict: true });
    assert.deepEqual(emv.warnings, []);
    assert.equal(emv.pointOfInitiation, 'static');
    assert.equal(emv.amount, undefined, 'the payer types the amount');
    assert.equal(emv.mcc, '5812');
    assert.equal(emv.currency, '156');
    assert.equal(emv.countryCode, 'CN');
    assert.equal(emv.merchantName, 'MASHANG NOODLES');
    assert.equal(emv.merchantCity, 'HUZHOU');
    assert.equal(emv.additionalData?.storeLabel, 'WUXING-01');
    assert.equal(emv.additionalData?.terminalLabel, 'TILL-1');
    assert.deepEqual(
      { lang: emv.languageTemplate?.languagePreference, name: emv.languageTemplate?.merchantNameAlt, city: emv.languageTemplate?.merchantCityAlt },
      { lang: 'ZH', name: '码上面馆', city: '湖州' },
    );
    const account = emv.merchantAccounts.find((a) => a.id === '26')!;
    assert.ok('fields' in account);
    assert.equal(account.globallyUniqueId, 'CN.MASHANG.PAY');
    assert.deepEqual(account.fields.map((f) => f.value), [p.keys.merchant.id, code.id]);
    const ids = emv.tlvs.map((t) => t.id);
    assert.deepEqual(ids, ['00', ...ids.filter((id) => id !== '00' && id !== '63').sort(), '63'], 'built from scratch: 00 first, 63 last, the rest ascending');
    assert.deepEqual(await merchant.paymentCodes.retrieve(code.id), code);
  });

  it("should make the first Latin name the merchant's default, and fall back to documented placeholders", async () => {
    const fresh = await activeMerchant('湖州南浔古镇茶馆有限公司');
    const plain = await fresh.client.paymentCodes.create({});
    assert.equal(plain.merchant_name_latin, 'MERCHANT');
    assert.equal(plain.merchant_city_latin, 'CHINA');
    assert.equal(plain.mcc, '5999');
    assert.equal(decodeEmvQr(plain.payload.emv).languageTemplate?.merchantNameAlt, '湖州南浔古镇茶馆有限公司', 'a name of ≤ 25 characters is kept whole');
    await fresh.client.paymentCodes.create({ merchant_name_latin: 'NANXUN TEA HOUSE', merchant_city_latin: 'HUZHOU' });
    const later = await fresh.client.paymentCodes.create({ store_label: 'NANXUN-2' });
    assert.equal(later.merchant_name_latin, 'NANXUN TEA HOUSE');
    assert.equal(later.merchant_city_latin, 'HUZHOU');
    const order = await fresh.client.orders.create({ amount: 100, currency: 'CNY' });
    assert.equal(decodeEmvQr(order.payload!.emv).merchantName, 'NANXUN TEA HOUSE', 'orders use it too');
  });

  it('should cut a long Chinese name to the 25 characters of tag 64-01', async () => {
    const long = await activeMerchant('湖州市吴兴区织里镇童装城码上示范服装批发零售有限责任公司');
    const code = await long.client.paymentCodes.create({});
    const name = decodeEmvQr(code.payload.emv, { strict: true }).languageTemplate?.merchantNameAlt;
    assert.equal(Array.from(name!).length, 25);
    assert.ok('湖州市吴兴区织里镇童装城码上示范服装批发零售有限责任公司'.startsWith(name!));
  });

  it('should list, filter and disable codes', async () => {
    const fresh = await activeMerchant('列表测试店');
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await fresh.client.paymentCodes.create({ terminal_label: `TILL-${i}` }));
    const all: string[] = [];
    for await (const c of fresh.client.paymentCodes.all({ limit: 2 })) all.push(c.id);
    assert.deepEqual(all, made.map((c) => c.id).reverse());
    const disabled = await fresh.client.paymentCodes.update(made[0]!.id, { status: 'disabled', terminal_label: null });
    assert.equal(disabled.status, 'disabled');
    assert.equal(disabled.terminal_label, null);
    assert.deepEqual((await fresh.client.paymentCodes.list({ status: 'disabled' })).data.map((c) => c.id), [made[0]!.id]);
    const refused = await payStatic(disabled, '1.00', 'payer_x');
    assert.equal(refused.status, 402);
    assert.equal(refused.body.code, 'payment_code_disabled');
    await assert.rejects(fresh.client.orders.create({ amount: 100, currency: 'CNY', payment_code: disabled.id }), (e: unknown) => (e as { param?: string }).param === 'payment_code');
  });
});

describe('payment codes: who may do what', () => {
  it('should let the publishable key read its own codes only, and change nothing', async () => {
    const code = await merchant.paymentCodes.create({});
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    assert.equal((await pk.paymentCodes.retrieve(code.id)).payload.emv, code.payload.emv);
    await assert.rejects(pk.paymentCodes.create({}), PermissionError);
    await assert.rejects(pk.paymentCodes.update(code.id, { status: 'disabled' }), PermissionError);
    await assert.rejects(pk.paymentCodes.list(), PermissionError);
    const other = await activeMerchant('别家的码');
    const theirs = await other.client.paymentCodes.create({});
    await assert.rejects(pk.paymentCodes.retrieve(theirs.id), NotFoundError);
    await assert.rejects(merchant.paymentCodes.update(theirs.id, { status: 'disabled' }), NotFoundError);
  });

  it('should refuse codes for a merchant that is not active', async () => {
    const pending = await isv.merchants.create({ name: '未审核的店' });
    await assert.rejects(isv.forMerchant(pending.id).paymentCodes.create({}), (e: unknown) => e instanceof ConflictError && e.code === 'merchant_not_active');
  });
});

describe('payment codes: bad input is a specific 400 and writes nothing', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a Chinese Latin name', { merchant_name_latin: '码上面馆' }, 'merchant_name_latin', /tag 59.*cannot carry Chinese/],
    ['a Latin name over 25 characters', { merchant_name_latin: 'HUZHOU MASHANG NOODLE HOUSE' }, 'merchant_name_latin', /at most 25/],
    ['a Latin name with an accent', { merchant_name_latin: 'CAFÉ MASHANG' }, 'merchant_name_latin', /ASCII/],
    ['a city over 15 characters', { merchant_city_latin: 'BANTEAY MEANCHEY' }, 'merchant_city_latin', /at most 15/],
    ['a Chinese store label', { store_label: '一楼' }, 'store_label', /62-03/],
    ['a bad MCC', { mcc: '58' }, 'mcc', /4-digit/],
    ['an empty name', { merchant_name_latin: '   ' }, 'merchant_name_latin', /empty/],
    ['an unknown field', { amount: 100 }, 'amount', /unknown field/],
  ];
  for (const [what, body, param, message] of cases) {
    it(`should answer 400 naming ${param} for ${what}`, async () => {
      const codes = await count('payment_codes');
      const { rows } = await p.platform.db.query<{ name_latin: string | null }>('select name_latin from merchants where id = $1', [p.keys.merchant.id]);
      const r = await post('/v1/payment-codes', p.keys.merchant.secretKey, body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body['error'].param, param);
      assert.match(r.body['error'].message, message);
      assert.equal(await count('payment_codes'), codes);
      const after = await p.platform.db.query<{ name_latin: string | null }>('select name_latin from merchants where id = $1', [p.keys.merchant.id]);
      assert.deepEqual(after.rows, rows);
    });
  }

  it('should check SDK arguments before sending', async () => {
    await assert.rejects(merchant.paymentCodes.create({ merchant_name_latin: '码上' }), ValidationError);
  });
});

describe('payment codes: the static-code daily limit per payer', () => {
  it('should allow ¥500.00 a day per payer across static codes and refuse the next fen', async () => {
    const a = await merchant.paymentCodes.create({ terminal_label: 'LIMIT-A' });
    const fresh = await activeMerchant('限额测试二店');
    const b = await fresh.client.paymentCodes.create({});
    const payer = 'payer_limit';
    const first = await payStatic(a, '300.00', payer);
    assert.equal(first.status, 200);
    assert.equal(first.body.order?.type, 'static');
    assert.equal(first.body.order?.payment_code, a.id);
    assert.equal(first.body.order?.amount, 30_000);
    assert.equal(first.body.order?.status, 'paid');
    assert.equal(first.body.order?.payload, null);
    assert.equal((await payStatic(b, '200', payer)).body.outcome, 'paid', 'the limit spans every static code');
    const orders = await count('orders');
    const over = await payStatic(a, '0.01', payer);
    assert.equal(over.status, 402);
    assert.equal(over.body.code, 'static_daily_limit_exceeded');
    assert.match(over.body.message, /¥0\.00 of ¥500\.00/);
    assert.equal(await count('orders'), orders, 'a refused payment creates no order');
    const { rows } = await p.platform.db.query<{ outcome: string }>('select outcome from payment_attempts where payment_code_id = $1 order by id desc limit 1', [a.id]);
    assert.equal(rows[0]!.outcome, 'static_daily_limit_exceeded', 'and is on record');
    assert.equal((await payStatic(a, '500.00', 'payer_other')).body.outcome, 'paid', 'another payer has their own limit');
    const listed = await merchant.orders.list({ type: 'static', payment_code: a.id });
    assert.deepEqual(listed.data.map((o) => o.amount), [50_000, 30_000]);
  });

  it('should not let two concurrent payments both fit under the limit', async () => {
    const code = await merchant.paymentCodes.create({});
    const results = await Promise.all([payStatic(code, '300', 'payer_race'), payStatic(code, '300', 'payer_race')]);
    assert.deepEqual(results.map((r) => r.body.outcome).sort(), ['paid', 'refused']);
    const { rows } = await p.platform.db.query<{ total: string }>("select sum(amount)::text as total from orders where payer = 'payer_race' and status = 'paid'");
    assert.equal(rows[0]!.total, '30000');
  });

  it('should pay once when the same wallet form is sent twice at once', async () => {
    const code = await merchant.paymentCodes.create({});
    const send = () =>
      fetch(code.payload.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ amount: '12.00', payer: 'payer_twin', attempt: 'twinattempt000001' }) }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as WalletPayResult }),
      );
    const [a, b] = await Promise.all([send(), send()]);
    assert.deepEqual([a.status, b.status], [200, 200]);
    assert.equal(a.body.order?.id, b.body.order?.id);
    const { rows } = await p.platform.db.query<{ n: string }>("select count(*)::text as n from orders where payer = 'payer_twin'");
    assert.equal(rows[0]!.n, '1');
  });

  it('should refuse a single payment over the limit and amounts that are not money', async () => {
    const code = await merchant.paymentCodes.create({});
    assert.equal((await payStatic(code, '500.01', 'payer_big')).body.code, 'static_daily_limit_exceeded');
    const before = await count('orders');
    for (const amount of ['12.345', '-1', 'abc', '0', '1e3', '']) {
      const res = await fetch(code.payload.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ amount, payer: 'payer_bad' }) });
      const body = (await res.json()) as { error: { param: string; message: string } };
      assert.equal(res.status, 400, amount);
      assert.equal(body.error.param, 'amount');
    }
    assert.equal(await count('orders'), before);
  });
});
