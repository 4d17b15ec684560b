import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, Mashang, NotFoundError, PermissionError, ValidationError } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;

async function raw(path: string, init: RequestInit & { key?: string; merchant?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.merchant) headers.set('mashang-merchant', init.merchant);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${p.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function count(table: string): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0]!.n);
}

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('products (SDK ↔ HTTP ↔ storage)', () => {
  it('should register a product by GTIN-13 and store it as 14 digits', async () => {
    const product = await shop.products.create({
      gtin: '6901234567892',
      name: '安吉白茶 明前特级',
      brand: '溪龙',
      origin: '浙江省湖州市安吉县',
      specification: '250 g/罐',
      images: ['https://img.example.cn/tea.jpg'],
    });
    assert.match(product.id, /^prd_[0-9A-Z]{26}$/);
    assert.equal(product.gtin, '06901234567892');
    assert.equal(product.merchant_id, p.keys.merchant.id);
    assert.deepEqual(product.images, ['https://img.example.cn/tea.jpg']);
    assert.deepEqual(await shop.products.retrieve(product.id), product);
  });

  it('should accept GTIN-8, GTIN-12 and GTIN-14 and pad them', async () => {
    for (const [gtin, expected] of [
      ['96385074', '00000096385074'],
      ['036000291452', '00036000291452'],
      ['10614141073464', '10614141073464'],
    ]) {
      const product = await shop.products.create({ gtin: gtin!, name: `GTIN ${gtin}` });
      assert.equal(product.gtin, expected);
    }
  });

  it('should refuse a GTIN with a wrong check digit, naming the field and the right digit', async () => {
    const before = await count('products');
    const r = await raw('/v1/products', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify({ gtin: '6901234567891', name: '错码' }) });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].param, 'gtin');
    assert.match(r.body!['error'].message, /check digit.*\b2\b/);
    for (const gtin of ['690123456789', '69012345678921', 'abcdefghijklm', '']) {
      const bad = await raw('/v1/products', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify({ gtin, name: 'x' }) });
      assert.equal(bad.status, 400, gtin);
      assert.equal(bad.body!['error'].param, 'gtin');
    }
    await assert.rejects(shop.products.create({ gtin: '6901234567891', name: 'x' }), ValidationError);
    assert.equal(await count('products'), before);
  });

  it('should keep GTINs unique per merchant (409), also in their 13-digit spelling', async () => {
    await shop.products.create({ gtin: '4006381333931', name: '唯一' });
    await assert.rejects(shop.products.create({ gtin: '04006381333931', name: '重复' }), (e: unknown) => {
      assert.ok(e instanceof ConflictError);
      assert.equal(e.code, 'product_exists');
      assert.equal(e.param, 'gtin');
      return true;
    });
    // Another merchant may register the same GTIN (the platform does not own the GS1 registry).
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const other = await isv.merchants.create({ name: '另一家店' });
    const theirs = await isv.forMerchant(other.id).products.create({ gtin: '4006381333931', name: '别家的' });
    assert.equal(theirs.merchant_id, other.id);
  });

  it('should refuse unknown fields, bad images and empty names', async () => {
    const before = await count('products');
    const cases: [Record<string, unknown>, string][] = [
      [{ gtin: '6901234567892', name: 'x', colour: 'red' }, 'colour'],
      [{ gtin: '6901234567892', name: '   ' }, 'name'],
      [{ gtin: '6901234567892', name: 'x', images: ['ftp://a/b.png'] }, 'images.0'],
      [{ gtin: '6901234567892', name: 'x', images: Array.from({ length: 9 }, (_, i) => `https://a/${i}.png`) }, 'images'],
    ];
    for (const [body, param] of cases) {
      const r = await raw('/v1/products', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify(body) });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body!['error'].param, param);
    }
    assert.equal(await count('products'), before);
  });

  it('should update fields but never the GTIN', async () => {
    const product = await shop.products.create({ gtin: '5012345678900', name: '旧名', brand: '旧牌' });
    const updated = await shop.products.update(product.id, { name: '新名', brand: null, origin: '湖州' });
    assert.equal(updated.name, '新名');
    assert.equal(updated.brand, null);
    assert.equal(updated.origin, '湖州');
    const r = await raw(`/v1/products/${product.id}`, { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify({ gtin: '6901234567892' }) });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].code, 'parameter_unknown');
    assert.equal((await shop.products.retrieve(product.id)).gtin, '05012345678900');
  });

  it("should hide other merchants' products and need a merchant", async () => {
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const other = await isv.merchants.create({ name: '隔离测试店' });
    const theirs = await isv.forMerchant(other.id).products.create({ gtin: '9501101530003', name: '别人的' });
    await assert.rejects(shop.products.retrieve(theirs.id), NotFoundError);
    await assert.rejects(shop.products.update(theirs.id, { name: '改' }), NotFoundError);
    await assert.rejects(isv.products.list(), PermissionError);
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(pk.products.create({ gtin: '9501101530003', name: 'x' }), PermissionError);
  });

  it('should list newest first with pagination', async () => {
    const seen: string[] = [];
    for await (const product of shop.products.all({ limit: 2 })) seen.push(product.id);
    assert.ok(seen.length >= 6);
    assert.deepEqual([...seen].sort().reverse(), seen);
    assert.equal(new Set(seen).size, seen.length);
    await assert.rejects(shop.products.list({ limit: 0 }), ValidationError);
    const r = await raw('/v1/products?limit=500', { key: p.keys.merchant.secretKey });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].param, 'limit');
  });
});
