import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, InvalidRequestError, Mashang, NotFoundError, PermissionError, ValidationError, type Product } from '@mashang/sdk';
import { parseDigitalLink } from '@mashang/sdk/digital-link';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;
let product: Product;

async function raw(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${p.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function count(table: string): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0]!.n);
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  product = await shop.products.create({ gtin: '6901234567892', name: '安吉白茶', origin: '浙江省湖州市安吉县' });
});
after(() => p.close());

describe('batches', () => {
  it('should create a batch with lot, dates and quantity', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'L2026-11.A', production_date: '2026-11-01', expiry_date: '2028-10-31', quantity: 5000 });
    assert.match(batch.id, /^bat_[0-9A-Z]{26}$/);
    assert.equal(batch.gtin, '06901234567892');
    assert.equal(batch.lot, 'L2026-11.A');
    assert.equal(batch.production_date, '2026-11-01');
    assert.equal(batch.expiry_date, '2028-10-31');
    assert.equal(batch.quantity, 5000);
    assert.equal(batch.codes_issued, 0);
    assert.equal(batch.status, 'active');
    assert.deepEqual(await shop.batches.retrieve(batch.id), batch);
    const { rows } = await p.platform.db.query<{ secret: Uint8Array | null; secret_encrypted: string }>('select secret, secret_encrypted from batches where id = $1', [batch.id]);
    assert.equal(rows[0]!.secret, null, 'no plaintext secret (see batch-secrets.test.ts)');
    assert.match(rows[0]!.secret_encrypted, /^v1:/);
    assert.ok(!JSON.stringify(batch).includes('secret'));
  });

  it('should refuse lots outside CSET 82 / GB/T 33993 and too long, naming the character', async () => {
    const before = await count('batches');
    for (const [lot, pattern] of [
      ['A B', /a space at position 2/],
      ['50%', /'%' at position 3/],
      ['A&B', /'&'/],
      ['A/B', /'\/'/],
      ['<1>', /'<'/],
      ['Q?', /'\?'/],
      ['批次一', /'批'/],
      ['A#1', /'#'/],
      ['X'.repeat(21), /at most 20 characters/],
      ['', /must not be empty/],
    ] as const) {
      const r = await raw('/v1/batches', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify({ product: product.id, lot }) });
      assert.equal(r.status, 400, lot);
      assert.equal(r.body!['error'].param, 'lot');
      assert.match(r.body!['error'].message, pattern);
    }
    assert.equal(await count('batches'), before);
  });

  it('should accept every GB/T 33993 punctuation mark in a lot and round-trip it through the Digital Link', async () => {
    const lot = `!"'()*+,-.:;=_aZ9`;
    const batch = await shop.batches.create({ product: product.id, lot, quantity: 3 });
    const job = await shop.batches.issueCodes(batch.id, { count: 3 });
    const lines = (await text(await shop.jobs.download(job.id, { format: 'ndjson' }))).trim().split('\n');
    for (const line of lines) {
      const { uri, serial } = JSON.parse(line) as { uri: string; serial: string };
      const dl = parseDigitalLink(uri);
      assert.deepEqual(dl.qualifiers, [
        { ai: '10', value: lot },
        { ai: '21', value: serial },
      ]);
    }
  });

  it('should refuse bad dates, expiry before production, bad quantities and unknown products', async () => {
    const before = await count('batches');
    const cases: [Record<string, unknown>, string][] = [
      [{ product: product.id, lot: 'D1', production_date: '2026-02-30' }, 'production_date'],
      [{ product: product.id, lot: 'D1', expiry_date: '26-01-01' }, 'expiry_date'],
      [{ product: product.id, lot: 'D1', production_date: '2026-05-01', expiry_date: '2026-04-30' }, 'expiry_date'],
      [{ product: product.id, lot: 'D1', quantity: 0 }, 'quantity'],
      [{ product: product.id, lot: 'D1', quantity: 1.5 }, 'quantity'],
      [{ product: product.id, lot: 'D1', quantity: 2 ** 30 + 1 }, 'quantity'],
      [{ product: 'prd_nope', lot: 'D1' }, 'product'],
      [{ lot: 'D1' }, 'product'],
    ];
    for (const [body, param] of cases) {
      const r = await raw('/v1/batches', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify(body) });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body!['error'].param, param, JSON.stringify(r.body));
    }
    const missing = await raw('/v1/batches', { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify({ product: 'prd_0000000000000000000000000', lot: 'D1' }) });
    assert.equal(missing.status, 404);
    assert.equal(missing.body!['error'].param, 'product');
    assert.equal(await count('batches'), before);
  });

  it('should keep lots unique per product', async () => {
    await shop.batches.create({ product: product.id, lot: 'DUP1' });
    await assert.rejects(shop.batches.create({ product: product.id, lot: 'DUP1' }), (e: unknown) => e instanceof ConflictError && e.code === 'batch_exists' && e.param === 'lot');
    const other = await shop.products.create({ gtin: '4006381333931', name: '另一个商品' });
    assert.equal((await shop.batches.create({ product: other.id, lot: 'DUP1' })).lot, 'DUP1');
  });

  it("should not create batches for another merchant's product", async () => {
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const m = await isv.merchants.create({ name: '别家' });
    const theirs = await isv.forMerchant(m.id).products.create({ gtin: '9501101530003', name: '别家商品' });
    await assert.rejects(shop.batches.create({ product: theirs.id, lot: 'X1' }), NotFoundError);
    const theirBatch = await isv.forMerchant(m.id).batches.create({ product: theirs.id, lot: 'X1' });
    await assert.rejects(shop.batches.retrieve(theirBatch.id), NotFoundError);
    await assert.rejects(shop.batches.issueCodes(theirBatch.id, { count: 1 }), NotFoundError);
    await assert.rejects(shop.batches.recall(theirBatch.id, { reason: '不是我的' }), NotFoundError);
  });

  it('should list batches of one product', async () => {
    const solo = await shop.products.create({ gtin: '5012345678900', name: '单独' });
    const a = await shop.batches.create({ product: solo.id, lot: 'S1' });
    const b = await shop.batches.create({ product: solo.id, lot: 'S2' });
    const page = await shop.batches.list({ product: solo.id });
    assert.deepEqual(page.data.map((x) => x.id), [b.id, a.id]);
    assert.equal(page.has_more, false);
  });
});

describe('issuance jobs', () => {
  it('should reserve indices, then stream CSV with progress and mark the job succeeded', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'JOB1', quantity: 10_000 });
    const job = await shop.batches.issueCodes(batch.id, { count: 6000, with_pin: true });
    assert.match(job.id, /^job_/);
    assert.equal(job.status, 'pending');
    assert.equal(job.start_index, 0);
    assert.equal(job.count, 6000);
    assert.deepEqual(job.progress, { done: 0, total: 6000 });
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 6000);
    assert.equal(await count('item_code_states'), 0, 'nothing per code is stored at issuance');

    const second = await shop.batches.issueCodes(batch.id, { count: 100 });
    assert.equal(second.start_index, 6000);

    const csv = await text(await shop.jobs.download(job.id));
    const lines = csv.trimEnd().split('\n');
    assert.equal(lines[0], 'serial,uri,pin');
    assert.equal(lines.length, 6001);
    const serials = new Set<string>();
    for (const line of lines.slice(1)) {
      const [serial, uri, pin] = line.split(',');
      assert.match(serial!, /^[2-9A-HJ-NP-Z]{16}$/);
      assert.match(pin!, /^\d{12}$/);
      assert.equal(uri, `${p.url}/01/06901234567892/10/JOB1/21/${serial}`);
      serials.add(serial!);
    }
    assert.equal(serials.size, 6000, 'serials are unique');
    const done = await shop.jobs.retrieve(job.id);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.progress, { done: 6000, total: 6000 });
    assert.equal(done.downloads, 1);
    assert.ok(done.finished);

    // The same job downloads the same codes again; NDJSON carries the same data.
    const ndjson = await text(await shop.jobs.download(job.id, { format: 'ndjson' }));
    const first = JSON.parse(ndjson.split('\n')[0]!) as { serial: string; uri: string; pin: string };
    assert.deepEqual([first.serial, first.uri, first.pin], lines[1]!.split(','));
    assert.equal((await shop.jobs.retrieve(job.id)).downloads, 2);

    // Without PINs there is no PIN column; the second job continues the numbering.
    const plain = (await text(await shop.jobs.download(second.id))).trimEnd().split('\n');
    assert.equal(plain[0], 'serial,uri');
    assert.equal(plain.length, 101);
    assert.equal(plain[1]!.split(',').length, 2);
    assert.ok(!serials.has(plain[1]!.split(',')[0]!));
  });

  it('should show progress while a large download streams', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'JOB2' });
    const job = await shop.batches.issueCodes(batch.id, { count: 400_000 });
    const reader = (await shop.jobs.download(job.id)).getReader();
    let bytes = 0;
    const seen: { status: string; done: number }[] = [];
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (++chunks % 40 === 0) {
        const now = await shop.jobs.retrieve(job.id);
        seen.push({ status: now.status, done: now.progress.done });
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    assert.ok(bytes > 400_000 * 60);
    assert.ok(seen.some((s) => s.status === 'running' && s.done > 0 && s.done < 400_000), JSON.stringify(seen));
    const dones = seen.map((s) => s.done);
    assert.deepEqual([...dones].sort((a, b) => a - b), dones, 'progress only grows');
    assert.equal((await shop.jobs.retrieve(job.id)).status, 'succeeded');
  });

  it('should put an interrupted download back to pending', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'JOB3' });
    const job = await shop.batches.issueCodes(batch.id, { count: 2_000_000 });
    const controller = new AbortController();
    const reader = (await shop.jobs.download(job.id, { signal: controller.signal })).getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    let state = await shop.jobs.retrieve(job.id);
    for (let i = 0; i < 50 && state.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await shop.jobs.retrieve(job.id);
    }
    assert.equal(state.status, 'pending');
    assert.match(state.error ?? '', /interrupted/);
    assert.ok(state.progress.done < 2_000_000);
  });

  it('should refuse counts beyond the quantity or the limits, and change nothing', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'Q1', quantity: 100 });
    await shop.batches.issueCodes(batch.id, { count: 60 });
    await assert.rejects(shop.batches.issueCodes(batch.id, { count: 41 }), (e: unknown) => {
      assert.ok(e instanceof InvalidRequestError);
      assert.equal(e.param, 'count');
      assert.equal(e.code, 'count_exceeds_quantity');
      assert.match(e.message, /40 left/);
      return true;
    });
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 60);
    const jobs = await count('jobs');
    for (const body of [{ count: 0 }, { count: -1 }, { count: 1.5 }, { count: 10_000_001 }, { count: '5' }, {}, { count: 5, with_pin: 'yes' }, { count: 5, format: 'csv' }]) {
      const r = await raw(`/v1/batches/${batch.id}/codes`, { method: 'POST', key: p.keys.merchant.secretKey, body: JSON.stringify(body) });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.ok(['count', 'with_pin', 'format'].includes(r.body!['error'].param), JSON.stringify(r.body));
    }
    await assert.rejects(shop.batches.issueCodes(batch.id, { count: 0 }), ValidationError);
    assert.equal(await count('jobs'), jobs);
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 60);
    await shop.batches.issueCodes(batch.id, { count: 40 });
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 100);
  });

  it('should give concurrent issuances disjoint, contiguous index ranges', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'RACE1', quantity: 1000 });
    const counts = [7, 13, 50, 1, 29, 100, 3, 17];
    const jobs = await Promise.all(counts.map((count) => shop.batches.issueCodes(batch.id, { count })));
    const ranges = jobs.map((j) => [j.start_index, j.start_index + j.count] as const).sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [from, to] of ranges) {
      assert.equal(from, next, JSON.stringify(ranges));
      next = to;
    }
    assert.equal(next, counts.reduce((a, b) => a + b));
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, next);
    // More concurrent requests than the quantity allows: the total never exceeds it.
    const more = await Promise.allSettled(Array.from({ length: 10 }, () => shop.batches.issueCodes(batch.id, { count: 200 })));
    const granted = more.filter((r) => r.status === 'fulfilled').length;
    assert.equal(granted, Math.floor((1000 - next) / 200));
    assert.ok((await shop.batches.retrieve(batch.id)).codes_issued <= 1000);
  });

  it('should issue with one Idempotency-Key only once', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'IDEM1' });
    const a = await shop.batches.issueCodes(batch.id, { count: 10 }, { idempotencyKey: 'issue-once' });
    const b = await shop.batches.issueCodes(batch.id, { count: 10 }, { idempotencyKey: 'issue-once' });
    assert.equal(a.id, b.id);
    assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 10);
  });

  it('should refuse a bad download format and unknown jobs', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'FMT1' });
    const job = await shop.batches.issueCodes(batch.id, { count: 1 });
    const r = await raw(`/v1/jobs/${job.id}/download?format=xlsx`, { key: p.keys.merchant.secretKey });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].param, 'format');
    await assert.rejects(shop.jobs.download('job_0000000000000000000000000'), NotFoundError);
    await assert.rejects(shop.jobs.retrieve('job_0000000000000000000000000'), NotFoundError);
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(pk.jobs.download(job.id), PermissionError);
    const headers = (await raw(`/v1/jobs/${job.id}/download`, { key: p.keys.merchant.secretKey })).headers;
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.match(headers.get('content-disposition') ?? '', /attachment; filename="job_.*\.csv"/);
  });
});

describe('recall', () => {
  it('should recall once, refuse a second recall and further issuance', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'R1' });
    await shop.batches.issueCodes(batch.id, { count: 5 });
    const events: Record<string, unknown>[] = [];
    p.platform.bus.on('batch.recalled', (e) => void events.push(e));
    const recalled = await shop.batches.recall(batch.id, { reason: '包装密封不良' });
    assert.equal(recalled.status, 'recalled');
    assert.equal(recalled.recall?.reason, '包装密封不良');
    assert.ok(recalled.recall?.recalled_at);
    assert.deepEqual(events, [{ batch_id: batch.id, merchant_id: p.keys.merchant.id, gtin: '06901234567892', lot: 'R1', reason: '包装密封不良' }]);
    await assert.rejects(shop.batches.recall(batch.id, { reason: '再次' }), (e: unknown) => e instanceof ConflictError && e.code === 'batch_already_recalled');
    await assert.rejects(shop.batches.issueCodes(batch.id, { count: 1 }), (e: unknown) => e instanceof ConflictError && e.code === 'batch_recalled');
  });

  it('should let the operator recall any batch and refuse an empty reason', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'R2' });
    const r = await raw(`/v1/batches/${batch.id}/recall`, { method: 'POST', key: p.keys.operatorKey, body: JSON.stringify({ reason: ' ' }) });
    assert.equal(r.status, 400);
    assert.equal(r.body!['error'].param, 'reason');
    assert.equal((await shop.batches.retrieve(batch.id)).status, 'active');
    const operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
    const recalled = await operator.batches.recall(batch.id, { reason: '监管抽检不合格' });
    assert.equal(recalled.status, 'recalled');
  });
});
