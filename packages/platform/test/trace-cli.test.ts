import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { parseDigitalLink } from '@mashang/sdk/digital-link';
import { issueCodesCli } from '../src/trace/cli.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let dir: string;

/** Runs the CLI and captures what it writes to stderr. */
async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await issueCodesCli(argv), stderr };
  } finally {
    process.stderr.write = write;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mashang-codes-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('codes issue (through the API)', () => {
  let p: TestPlatform;
  let shop: Mashang;
  before(async () => {
    p = await startTestPlatform();
    shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  });
  after(() => p.close());

  it('should write a CSV with PINs, show progress, and the codes should resolve as genuine', async () => {
    const product = await shop.products.create({ gtin: '6901234567892', name: '命令行测试' });
    const batch = await shop.batches.create({ product: product.id, lot: 'CLI1' });
    const out = join(dir, 'api.csv');
    const { code, stderr } = await run(['--batch', batch.id, '--count', '25000', '--with-pin', '--out', out, '--url', p.url, '--key', p.keys.merchant.secretKey]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /100% 25,000\/25,000 codes/);
    assert.match(stderr, /Wrote 25,000 codes of bat_/);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    assert.equal(lines[0], 'serial,uri,pin');
    assert.equal(lines.length, 25_001);
    await assert.rejects(stat(`${out}.partial`));
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    for (const line of [lines[1]!, lines[12_345]!, lines[25_000]!]) {
      const [, uri] = line.split(',');
      assert.equal((await anyone.trace.lookup(uri!)).status, 'genuine');
    }
    const job = (await shop.batches.retrieve(batch.id)).codes_issued;
    assert.equal(job, 25_000);
  });

  it('should write NDJSON by extension and re-write an earlier job with --job', async () => {
    const product = await shop.products.create({ gtin: '4006381333931', name: 'NDJSON' });
    const batch = await shop.batches.create({ product: product.id, lot: 'CLI2' });
    const first = join(dir, 'first.ndjson');
    assert.equal((await run(['--batch', batch.id, '--count', '10', '--out', first, '--url', p.url, '--key', p.keys.merchant.secretKey])).code, 0);
    const firstLines = (await readFile(first, 'utf8')).trim().split('\n');
    assert.equal(firstLines.length, 10);
    const { uri } = JSON.parse(firstLines[0]!) as { uri: string };
    assert.equal(parseDigitalLink(uri).qualifiers[0]!.value, 'CLI2');
    const jobId = (await shop.batches.issueCodes(batch.id, { count: 3 })).id;
    const again = join(dir, 'again.ndjson');
    const r = await run(['--batch', batch.id, '--job', jobId, '--out', again, '--url', p.url], { MASHANG_API_KEY: p.keys.merchant.secretKey });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await readFile(again, 'utf8')).trim().split('\n').length, 3);
  });

  it('should fail with exit code 1 and no file for an unknown batch', async () => {
    const out = join(dir, 'none.csv');
    const r = await run(['--batch', 'bat_0000000000000000000000000', '--count', '5', '--out', out, '--url', p.url, '--key', p.keys.merchant.secretKey]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No such batch/);
    await assert.rejects(stat(out));
    await assert.rejects(stat(`${out}.partial`));
  });
});

describe('codes issue (on the storage directly)', () => {
  it('should reserve, write and record the job in a PGlite data directory', async () => {
    const dataDir = join(dir, 'data');
    const { loadConfig, startPlatform, seedSandbox } = await import('@mashang/platform');
    const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, rateLimit: 0, log: () => {} });
    let running = await startPlatform(config);
    const keys = await seedSandbox(running.platform.db);
    let shop = new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: running.url, maxRetries: 0 });
    const product = await shop.products.create({ gtin: '6901234567892', name: '离线发码' });
    const batch = await shop.batches.create({ product: product.id, lot: 'DIRECT1', quantity: 50_000 });
    await running.close();

    const out = join(dir, 'direct.csv');
    const r = await run(['--batch', batch.id, '--count', '50000', '--out', out], { MASHANG_DATA_DIR: dataDir, MASHANG_PUBLIC_URL: 'https://trace.example.cn' });
    assert.equal(r.code, 0, r.stderr);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 50_001);
    assert.match(lines[1]!, /^[2-9A-HJ-NP-Z]{16},https:\/\/trace\.example\.cn\/01\/06901234567892\/10\/DIRECT1\/21\/[2-9A-HJ-NP-Z]{16}$/);

    running = await startPlatform(config);
    try {
      shop = new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: running.url, maxRetries: 0 });
      assert.equal((await shop.batches.retrieve(batch.id)).codes_issued, 50_000);
      const { rows } = await running.platform.db.query<{ id: string; status: string; done: number }>('select id, status, done from jobs where batch_id = $1', [batch.id]);
      assert.deepEqual(rows.map((x) => [x.status, x.done]), [['succeeded', 50_000]]);
      const serial = lines[50_000]!.split(',')[0]!;
      const rec = await new Mashang({ baseUrl: running.url, maxRetries: 0 }).trace.lookup(`https://trace.example.cn/01/06901234567892/10/DIRECT1/21/${serial}`);
      assert.equal(rec.status, 'genuine');
      // The quantity is used up: the CLI refuses more and leaves nothing behind.
      await running.close();
      const more = await run(['--batch', batch.id, '--count', '1', '--out', join(dir, 'more.csv')], { MASHANG_DATA_DIR: dataDir });
      assert.equal(more.code, 1);
      assert.match(more.stderr, /exceed the batch quantity of 50000/);
      await assert.rejects(stat(join(dir, 'more.csv')));
    } finally {
      await running.close();
    }
  });

  it('should refuse to issue when the data key does not open the batch secret, reserving nothing', async () => {
    const dataDir = join(dir, 'data-other-key');
    const { loadConfig, startPlatform, seedSandbox } = await import('@mashang/platform');
    const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, rateLimit: 0, log: () => {} });
    let running = await startPlatform(config);
    const keys = await seedSandbox(running.platform.db);
    const shop = new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: running.url, maxRetries: 0 });
    const batch = await shop.batches.create({ product: (await shop.products.create({ gtin: '6901234567892', name: '换钥' })).id, lot: 'KEY1' });
    await running.close();

    const out = join(dir, 'other-key.csv');
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    const r = await run(['--batch', batch.id, '--count', '10', '--out', out], { MASHANG_DATA_DIR: dataDir, MASHANG_DATA_KEY: otherKey });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`stored secret of batch ${batch.id} does not decrypt`));
    await assert.rejects(stat(out));
    await assert.rejects(stat(`${out}.partial`));

    running = await startPlatform(config);
    try {
      assert.equal((await new Mashang({ apiKey: keys.merchant.secretKey, baseUrl: running.url, maxRetries: 0 }).batches.retrieve(batch.id)).codes_issued, 0);
    } finally {
      await running.close();
    }
  });
});

describe('codes issue usage', () => {
  it('should explain bad arguments with exit code 2', async () => {
    const existing = join(dir, 'exists.csv');
    await writeFile(existing, 'keep me');
    for (const [argv, pattern] of [
      [['--count', '5', '--out', 'x.csv'], /--batch must be a batch id/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '0', '--out', 'x.csv'], /--count must be a whole number/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '1e3', '--out', 'x.csv'], /--count must be a whole number/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '5'], /--out <file> is required/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '5', '--out', existing], /exists; choose another file or pass --force/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '5', '--job', 'job_0000000000000000000000000', '--out', 'x.csv'], /either --count/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '5', '--out', 'x.csv', '--format', 'xml'], /--format must be csv or ndjson/],
      [['--batch', 'bat_0000000000000000000000000', '--count', '5', '--out', 'x.csv', '--url', 'http://127.0.0.1:1'], /needs an API key/],
      [['--batch', 'bat_0000000000000000000000000', '--colour', 'red'], /Unknown option '--colour'/],
    ] as const) {
      const r = await run([...argv], { MASHANG_API_KEY: '' });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, /Usage: mashang-platform codes issue/);
    }
    assert.equal(await readFile(existing, 'utf8'), 'keep me');
  });
});
