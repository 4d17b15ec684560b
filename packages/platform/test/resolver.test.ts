import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidRequestError, Mashang, RateLimitError, ValidationError, type Batch, type Product, type TraceRecord } from '@mashang/sdk';
import { DigitalLinkError } from '@mashang/sdk/digital-link';
import { RETAIL_SOLD } from '../src/routes/trace.js';
import { JOURNEY_REQUEST } from '../src/trace/record.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;
let product: Product;
let batch: Batch;
let codes: { serial: string; uri: string; pin: string }[];
let plainCodes: { serial: string; uri: string }[];

async function get(uri: string, accept: string, headers: Record<string, string> = {}) {
  const u = new URL(uri);
  const res = await fetch(`${p.url}${u.pathname}${u.search}`, { headers: { accept, ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as any) : undefined };
}

const record = async (uri: string): Promise<TraceRecord> => (await get(uri, 'application/json')).json as TraceRecord;
const page = (uri: string, lang = 'zh-CN,zh;q=0.9') => get(uri, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', { 'accept-language': lang });

/** A client whose requests come from `address` (the PIN limiter counts per client address). */
function clientFrom(address: string): Mashang {
  return new Mashang({
    baseUrl: p.url,
    maxRetries: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('x-forwarded-for', address);
      return fetch(request);
    },
  });
}

async function issue(b: Batch, count: number, withPin: boolean) {
  const job = await shop.batches.issueCodes(b.id, { count, with_pin: withPin });
  const text = await new Response(await shop.jobs.download(job.id, { format: 'ndjson' })).text();
  return text.trim().split('\n').map((l) => JSON.parse(l) as { serial: string; uri: string; pin: string });
}

async function stateRows(): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from item_code_states');
  return Number(rows[0]!.n);
}

function forge(serial: string): string {
  const last = serial.at(-1) === 'Z' ? 'Y' : 'Z';
  return serial.slice(0, -1) + last;
}

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  product = await shop.products.create({ gtin: '6901234567892', name: '安吉白茶 明前特级', brand: '溪龙', origin: '浙江省湖州市安吉县', specification: '250 g/罐' });
  batch = await shop.batches.create({ product: product.id, lot: 'L20261101', production_date: '2026-11-01', expiry_date: '2099-10-31' });
  codes = await issue(batch, 20, true);
  plainCodes = await issue(batch, 5, false);
});
after(() => p.close());

describe('resolver: JSON record', () => {
  it('should answer a genuine item with product, batch, merchant and empty journey, without counting a scan', async () => {
    const before = await stateRows();
    const r = await get(codes[0]!.uri, 'application/json');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('vary') ?? '', /Accept/);
    const rec = r.json as TraceRecord;
    assert.equal(rec.object, 'trace_record');
    assert.equal(rec.status, 'genuine');
    assert.equal(rec.level, 'item');
    assert.equal(rec.uri, codes[0]!.uri);
    assert.equal(rec.canonical_uri, `https://id.gs1.org/01/06901234567892/21/${codes[0]!.serial}`);
    assert.deepEqual(rec.product, {
      gtin: '06901234567892',
      name: '安吉白茶 明前特级',
      brand: '溪龙',
      origin: '浙江省湖州市安吉县',
      specification: '250 g/罐',
      description: null,
      images: [],
    });
    assert.deepEqual(rec.batch, { lot: 'L20261101', production_date: '2026-11-01', expiry_date: '2099-10-31', recall: null });
    assert.deepEqual(rec.item, { serial: codes[0]!.serial, has_pin: true });
    assert.equal(rec.merchant?.name, '湖州码上示范面馆有限公司');
    assert.equal(rec.merchant?.uscc, '91330502MA2D3XKJ16');
    assert.deepEqual(rec.scans, { count: 0, first_scan_at: null, last_scan_at: null });
    assert.deepEqual(rec.anomalies, []);
    assert.deepEqual(rec.journey, []);
    assert.equal(await stateRows(), before, 'reading the JSON record is not a scan');
    assert.deepEqual((await record(plainCodes[0]!.uri)).item, { serial: plainCodes[0]!.serial, has_pin: false });
  });

  it('should answer product and batch level codes', async () => {
    const prod = await record(`${p.url}/01/06901234567892`);
    assert.equal(prod.level, 'product');
    assert.equal(prod.status, 'genuine');
    assert.equal(prod.batch, null);
    assert.equal(prod.scans, null);
    const lot = await record(`${p.url}/01/06901234567892/10/L20261101`);
    assert.equal(lot.level, 'batch');
    assert.equal(lot.batch?.lot, 'L20261101');
    assert.equal(lot.item, null);
    const gtin13 = await record(`${p.url}/01/6901234567892/10/L20261101/21/${codes[1]!.serial}`);
    assert.equal(gtin13.status, 'genuine', 'a zero-suppressed GTIN-13 still resolves');
    assert.equal(gtin13.uri, codes[1]!.uri);
  });

  it('should answer unknown_code for forged serials, unknown lots and GTINs, without touching per-code state', async () => {
    const before = await stateRows();
    for (const uri of [
      `${p.url}/01/06901234567892/10/L20261101/21/${forge(codes[2]!.serial)}`,
      `${p.url}/01/06901234567892/10/L20261101/21/HELLO`,
      `${p.url}/01/06901234567892/10/NOSUCHLOT/21/${codes[2]!.serial}`,
      `${p.url}/01/04006381333931/10/L20261101/21/${codes[2]!.serial}`,
      `${p.url}/01/04006381333931`,
    ]) {
      const rec = await record(uri);
      assert.equal(rec.status, 'unknown_code', uri);
      assert.equal(rec.product, null);
      assert.equal(rec.merchant, null);
      const html = await page(uri);
      assert.equal(html.status, 404);
      assert.match(html.text, /未知的码/);
    }
    assert.equal(await stateRows(), before);
  });

  it('should answer 400 naming uri for an invalid Digital Link, and the unknown page to a browser', async () => {
    const r = await get(`${p.url}/01/06901234567891/21/ABC`, 'application/json');
    assert.equal(r.status, 400);
    assert.equal(r.json.error.param, 'uri');
    assert.equal(r.json.error.code, 'digital_link_invalid');
    assert.match(r.json.error.message, /check digit/);
    const html = await page(`${p.url}/01/06901234567891/21/ABC`);
    assert.equal(html.status, 404);
    assert.match(html.text, /未知的码/);
    const odd = await get(`${p.url}/01/06901234567892/21/A%00B`, 'application/json');
    assert.equal(odd.status, 400);
    const notAcceptable = await get(codes[0]!.uri, 'image/png');
    assert.equal(notAcceptable.status, 406);
  });

  it('should resolve the canonical id.gs1.org form (serial without lot) through the SDK', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    const rec = await anyone.trace.lookup(`https://id.gs1.org/01/06901234567892/21/${codes[3]!.serial}`);
    assert.equal(rec.status, 'genuine');
    assert.equal(rec.batch?.lot, 'L20261101');
    assert.throws(() => anyone.trace.lookup('https://example.com/menu'), DigitalLinkError);
  });

  it('should show the merchant credit grade when the credit capability rated them', async () => {
    const operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
    await operator.creditRatings.create({ merchant: p.keys.merchant.id, grade: 'A', basis: ['licence_verified'], valid_until: '2099-12-31' });
    assert.equal((await record(codes[0]!.uri)).merchant?.credit_grade, 'A');
  });

  it('should collect journey events from the bus, oldest first', async () => {
    const uri = codes[4]!.uri;
    p.platform.bus.on(JOURNEY_REQUEST, (payload) => {
      if (payload['canonical_uri'] !== `https://id.gs1.org/01/06901234567892/21/${codes[4]!.serial}`) return;
      const events = payload['events'] as unknown[];
      events.push(
        { id: 'evt_2', type: 'ObjectEvent', time: '2026-11-03T02:00:00.000Z', biz_step: 'shipping', disposition: 'in_transit', location: null },
        { id: 'evt_1', type: 'ObjectEvent', time: '2026-11-01T02:00:00.000Z', biz_step: 'commissioning', disposition: 'active', location: { id: 'https://id.gs1.org/414/6901234000004', name: '安吉茶厂' } },
      );
    });
    const rec = await record(uri);
    assert.deepEqual(rec.journey.map((e) => e.id), ['evt_1', 'evt_2']);
    assert.deepEqual((await record(codes[5]!.uri)).journey, []);
  });
});

describe('resolver: consumer page and scans', () => {
  it('should serve the page with the element under a strict CSP and count each scan', async () => {
    const uri = codes[6]!.uri;
    const first = await page(uri);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/html/);
    const csp = first.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(first.text, /<html lang="zh-CN">/);
    assert.match(first.text, /<mashang-trace>/);
    assert.match(first.text, /<script type="module" src="\/assets\/trace-page.js"><\/script>/);
    assert.match(first.text, /安吉白茶 明前特级/);
    assert.match(first.text, /正品/);
    assert.match(first.text, /已被查询 1 次，首次查询于/);
    const r1 = await record(uri);
    assert.equal(r1.scans?.count, 1);
    await page(uri);
    await page(uri, 'en-US,en;q=0.9');
    const r3 = await record(uri);
    assert.equal(r3.scans?.count, 3);
    assert.equal(r3.scans?.first_scan_at, r1.scans?.first_scan_at);
    assert.ok(r3.scans!.last_scan_at! >= r1.scans!.last_scan_at!);
    const en = await page(uri, 'en');
    assert.match(en.text, /<html lang="en">/);
    assert.match(en.text, /Checked 4 times, first on/);
    const { rows } = await p.platform.db.query<{ n: string }>("select count(*)::text as n from item_code_scans where serial = $1 and channel = 'page'", [codes[6]!.serial]);
    assert.equal(Number(rows[0]!.n), 4);
  });

  it('should not count HEAD requests or the asset fetches', async () => {
    const uri = new URL(codes[7]!.uri);
    await fetch(`${p.url}${uri.pathname}`, { method: 'HEAD', headers: { accept: 'text/html' } });
    assert.equal((await record(codes[7]!.uri)).scans?.count, 0);
    const css = await fetch(`${p.url}/assets/trace-page.css`);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    await css.text();
  });

  it('should answer a GS1 linkset by Accept and by linkType', async () => {
    for (const r of [await get(codes[0]!.uri, 'application/linkset+json'), await get(`${codes[0]!.uri}?linkType=all`, 'text/html')]) {
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /application\/linkset\+json/);
      const entry = JSON.parse(r.text).linkset[0];
      assert.equal(entry.anchor, codes[0]!.uri);
      assert.equal(entry['https://gs1.org/voc/pip'][0].href, codes[0]!.uri);
      assert.equal(entry['https://gs1.org/voc/pip'][0].type, 'text/html');
      assert.ok(entry['https://gs1.org/voc/defaultLink']);
      assert.equal(entry['https://gs1.org/voc/verificationService'][0].href, `${p.url}/v1/trace/verify`);
      assert.equal(entry.itemDescription, '安吉白茶 明前特级');
    }
    const head = (await get(codes[0]!.uri, 'application/json')).headers.get('link') ?? '';
    assert.match(head, /rel="linkset"/);
  });
});

describe('anomaly flags', () => {
  it('should flag implausible travel between located scans', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    const uri = codes[8]!.uri;
    const a = await anyone.trace.recordScan({ uri, location: { lat: 30.8703, lng: 120.0933 } }); // 湖州
    assert.deepEqual(a.anomalies, []);
    const b = await anyone.trace.recordScan({ uri, location: { lat: 30.8712, lng: 120.0951 } }); // 湖州, a few hundred metres on
    assert.deepEqual(b.anomalies, []);
    const c = await anyone.trace.recordScan({ uri, location: { lat: 23.1291, lng: 113.2644 } }); // 广州, minutes later
    assert.deepEqual(c.anomalies.map((x) => x.code), ['implausible_travel']);
    assert.match(c.anomalies[0]!.detail, /km in \d+ min/);
    assert.equal(c.scans?.count, 3);
    const { rows } = await p.platform.db.query<{ lat: number }>('select lat from item_code_scans where serial = $1 and lat is not null', [codes[8]!.serial]);
    assert.ok(rows.every((r) => Math.round(r.lat * 100) === r.lat * 100), 'positions are stored rounded');
  });

  it('should flag more than 10 scans', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    let rec: TraceRecord | undefined;
    for (let i = 0; i < 11; i++) rec = await anyone.trace.recordScan({ uri: codes[9]!.uri });
    assert.equal(rec!.scans?.count, 11);
    assert.deepEqual(rec!.anomalies.map((x) => x.code), ['many_scans']);
  });

  it('should flag scans a day or more after the recorded retail sale', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    await p.platform.bus.emit(RETAIL_SOLD, { uri: codes[10]!.uri, at: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const rec = await anyone.trace.recordScan({ uri: codes[10]!.uri });
    assert.deepEqual(rec.anomalies.map((x) => x.code), ['scanned_after_retail_sale']);
    await p.platform.bus.emit(RETAIL_SOLD, { uri: codes[11]!.uri });
    assert.deepEqual((await anyone.trace.recordScan({ uri: codes[11]!.uri })).anomalies, [], 'the buyer checking right after the sale is normal');
  });

  it('should count concurrent scans exactly', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    await Promise.all(Array.from({ length: 8 }, () => anyone.trace.recordScan({ uri: codes[17]!.uri })));
    await Promise.all(Array.from({ length: 4 }, () => page(codes[17]!.uri)));
    assert.equal((await record(codes[17]!.uri)).scans?.count, 12);
    const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from item_code_scans where serial = $1', [codes[17]!.serial]);
    assert.equal(Number(rows[0]!.n), 12);
  });

  it('should refuse bad scan reports', async () => {
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(anyone.trace.recordScan({ uri: codes[0]!.uri, location: { lat: 91, lng: 0 } }), ValidationError);
    const r = await fetch(`${p.url}/v1/trace/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri: 'https://example.com/menu' }) });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as any).error.param, 'uri');
  });
});

describe('scratch PIN check', () => {
  it('should answer first verification, then how many and since when', async () => {
    const client = clientFrom('10.0.0.1');
    const { uri, pin } = codes[12]!;
    const first = await client.trace.verifyPin({ uri, pin });
    assert.equal(first.valid, true);
    assert.equal(first.first_verification, true);
    assert.equal(first.verification_count, 1);
    assert.ok(first.first_verified_at);
    const again = await client.trace.verifyPin({ uri, pin: `${pin.slice(0, 4)} ${pin.slice(4, 8)} ${pin.slice(8)}` });
    assert.equal(again.valid, true);
    assert.equal(again.first_verification, false);
    assert.equal(again.verification_count, 2);
    assert.equal(again.first_verified_at, first.first_verified_at);
    const rec = await record(uri);
    assert.deepEqual(rec.verifications, { count: 2, first_verified_at: first.first_verified_at });
  });

  it("should refuse another code's PIN, forged codes and codes printed without PIN", async () => {
    const client = clientFrom('10.0.0.2');
    const wrong = await client.trace.verifyPin({ uri: codes[13]!.uri, pin: codes[14]!.pin });
    assert.deepEqual([wrong.valid, wrong.reason, wrong.attempts_remaining], [false, 'wrong_pin', 4]);
    const forged = await client.trace.verifyPin({ uri: codes[13]!.uri.replace(codes[13]!.serial, forge(codes[13]!.serial)), pin: codes[13]!.pin });
    assert.deepEqual([forged.valid, forged.reason], [false, 'unknown_code']);
    const plain = await client.trace.verifyPin({ uri: plainCodes[1]!.uri, pin: '000000000000' });
    assert.deepEqual([plain.valid, plain.reason], [false, 'no_pin']);
    await assert.rejects(client.trace.verifyPin({ uri: codes[13]!.uri, pin: '' }), ValidationError);
    await assert.rejects(client.trace.verifyPin({ uri: 'not a uri', pin: '1' }), InvalidRequestError);
  });

  it('should lock a code after 5 wrong PINs, even for the right one', async () => {
    const { uri, pin } = codes[15]!;
    for (let i = 0; i < 5; i++) {
      const r = await clientFrom(`10.1.0.${i}`).trace.verifyPin({ uri, pin: '111111111111' });
      assert.equal(r.attempts_remaining, 4 - i);
    }
    await assert.rejects(clientFrom('10.1.1.1').trace.verifyPin({ uri, pin }), (e: unknown) => {
      assert.ok(e instanceof RateLimitError);
      assert.equal(e.code, 'pin_locked');
      return true;
    });
    assert.deepEqual((await record(uri)).verifications, { count: 0, first_verified_at: null });
  });

  it('should limit PIN checks per client address', async () => {
    const client = clientFrom('10.2.0.1');
    const statuses: string[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(await client.trace.verifyPin({ uri: codes[16]!.uri, pin: codes[16]!.pin }).then(() => 'ok', (e: unknown) => (e instanceof RateLimitError ? e.code : String(e))));
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill('ok'));
    assert.deepEqual(statuses.slice(10), ['pin_rate_limited', 'pin_rate_limited']);
    assert.equal((await clientFrom('10.2.0.2').trace.verifyPin({ uri: codes[16]!.uri, pin: codes[16]!.pin })).verification_count, 11);
  });
});

describe('recall and expiry', () => {
  it('should show every code of a recalled batch as recalled, with the reason', async () => {
    const b = await shop.batches.create({ product: product.id, lot: 'RECALL1', expiry_date: '2099-01-01' });
    const issued = await issue(b, 30, false);
    assert.ok(issued.every(Boolean));
    assert.equal((await record(issued[0]!.uri)).status, 'genuine');
    await shop.batches.recall(b.id, { reason: '外包装密封不良，请停止饮用并退货' });
    for (const code of issued) {
      const rec = await record(code.uri);
      assert.equal(rec.status, 'recalled');
      assert.equal(rec.batch?.recall?.reason, '外包装密封不良，请停止饮用并退货');
    }
    assert.equal((await record(`${p.url}/01/06901234567892/10/RECALL1`)).status, 'recalled');
    const html = await page(issued[0]!.uri);
    assert.equal(html.status, 200);
    assert.match(html.text, /已召回/);
    assert.match(html.text, /外包装密封不良/);
    // Other batches of the product are unaffected.
    assert.equal((await record(codes[0]!.uri)).status, 'genuine');
  });

  it('should show codes of a batch past its expiry date as expired', async () => {
    const b = await shop.batches.create({ product: product.id, lot: 'OLD1', production_date: '2020-01-01', expiry_date: '2021-01-01' });
    const [code] = await issue(b, 1, false);
    assert.equal((await record(code!.uri)).status, 'expired');
  });
});

describe('OpenAPI', () => {
  it('should document the item-code routes', async () => {
    const doc = (await (await fetch(`${p.url}/openapi.json`)).json()) as any;
    for (const path of ['/v1/products', '/v1/batches/{id}/codes', '/v1/jobs/{id}/download', '/v1/trace/verify', '/01/{gtin}/10/{lot}/21/{serial}']) assert.ok(doc.paths[path], path);
  });
});
