import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApiError, Mashang, type Batch, type Product } from '@mashang/sdk';
import { dataCipher } from '../src/internal/crypto.js';
import { batchSecret, findBatchRow } from '../src/store/batches.js';
import { batchKey, codeAt } from '../src/trace/serial.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;
let consumer: Mashang;
let product: Product;

interface SecretColumns {
  secret: Uint8Array | null;
  secret_encrypted: string | null;
}

async function columns(batchId: string): Promise<SecretColumns> {
  const { rows } = await p.platform.db.query<SecretColumns>('select secret, secret_encrypted from batches where id = $1', [batchId]);
  return rows[0]!;
}

/** The decrypted secret, as the platform opens it. */
async function secretOf(batchId: string): Promise<Uint8Array> {
  return batchSecret(p.platform.db, await dataCipher(p.platform, p.platform.config), (await findBatchRow(p.platform.db, batchId, null))!);
}

/** Issues `count` codes with PINs and downloads them: `[serial, uri, pin]` per code. */
async function issue(batch: Batch, count: number): Promise<string[][]> {
  const job = await shop.batches.issueCodes(batch.id, { count, with_pin: true });
  const csv = await new Response(await shop.jobs.download(job.id)).text();
  return csv.trimEnd().split('\n').slice(1).map((line) => line.split(','));
}

async function assertGenuine(codes: string[][]): Promise<void> {
  for (const [serial, uri, pin] of codes) {
    assert.equal((await consumer.trace.lookup(uri!)).status, 'genuine', serial);
    assert.equal((await freshClient().trace.verifyPin({ uri: uri!, pin: pin! })).valid, true, serial);
  }
}

/** A consumer client from a fresh address each call (the PIN check allows 10 per minute per address). */
let addresses = 0;
function freshClient(): Mashang {
  const address = `198.51.100.${++addresses}`;
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

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  consumer = new Mashang({ baseUrl: p.url, maxRetries: 0 });
  product = await shop.products.create({ gtin: '6901234567892', name: '安吉白茶' });
});
after(() => p.close());

describe('batch secrets at rest', () => {
  it('should store only a ciphertext, from which the serials and PINs are derived', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'ENC1' });
    const stored = await columns(batch.id);
    assert.equal(stored.secret, null);
    assert.match(stored.secret_encrypted!, /^v1:[A-Za-z0-9+/]+=*$/);

    const secret = Buffer.from(await secretOf(batch.id));
    assert.equal(secret.length, 32);
    // It is the secret the codes come from: the downloaded serial and PIN are derived from it.
    const [[serial, , pin]] = await issue(batch, 1);
    assert.deepEqual([serial, pin], [codeAt(batchKey(secret), 0).serial, codeAt(batchKey(secret), 0).pin]);
    // …and no form of it is in the column: not as text, not as bytes inside the decoded payload.
    for (const form of [secret.toString('base64'), secret.toString('hex'), secret.toString('base64url')]) {
      assert.ok(!stored.secret_encrypted!.includes(form), form);
    }
    assert.equal(Buffer.from(stored.secret_encrypted!.slice(3), 'base64').indexOf(secret), -1);
    // Decrypting does not rewrite the row, and two batches never share a ciphertext.
    assert.deepEqual(await columns(batch.id), stored);
    const other = await shop.batches.create({ product: product.id, lot: 'ENC2' });
    assert.notEqual((await columns(other.id)).secret_encrypted, stored.secret_encrypted);
  });

  it('should verify serials and PINs issued through the API under the encrypted secret', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'ENC3' });
    const first = await issue(batch, 3);
    const second = await issue(batch, 2);
    await assertGenuine([...first, ...second]);
    assert.notEqual(first[0]![0], second[0]![0]);
    assert.equal((await freshClient().trace.verifyPin({ uri: first[0]![1]!, pin: '000000000000' })).reason, 'wrong_pin');
  });

  it('should refuse a ciphertext moved to another batch, with a clear error and nothing secret in the logs', async () => {
    const source = await shop.batches.create({ product: product.id, lot: 'SRC1' });
    const target = await shop.batches.create({ product: product.id, lot: 'DST1' });
    const sourceSecret = Buffer.from(await secretOf(source.id));
    const job = await shop.batches.issueCodes(target.id, { count: 2, with_pin: true });
    await p.platform.db.query('update batches set secret_encrypted = (select secret_encrypted from batches where id = $1) where id = $2', [source.id, target.id]);

    await assert.rejects(secretOf(target.id), new RegExp(`The stored secret of batch ${target.id} does not decrypt: it was encrypted for another batch or under another data key`));
    // The download fails as a server error instead of issuing codes under another batch's key.
    await assert.rejects(
      shop.jobs.download(job.id).then((body) => new Response(body).text()),
      (error: unknown) => error instanceof ApiError && error.status === 500,
    );
    // A serial of the source batch, put on the target's lot, does not become genuine.
    const forged = `${p.url}/01/06901234567892/10/DST1/21/${codeAt(batchKey(sourceSecret), 0).serial}`;
    await assert.rejects(consumer.trace.lookup(forged), (error: unknown) => error instanceof ApiError && error.status === 500);
    const logs = JSON.stringify(p.logs);
    assert.match(logs, /does not decrypt/);
    for (const form of [sourceSecret.toString('base64'), sourceSecret.toString('hex')]) assert.ok(!logs.includes(form));
  });

  it('should keep legacy plaintext rows working and encrypt them on first use', async () => {
    // A batch as an older platform stored it: the plaintext secret only.
    const batch = await shop.batches.create({ product: product.id, lot: 'OLD1' });
    const legacy = randomBytes(32);
    await p.platform.db.query('update batches set secret = $2, secret_encrypted = null where id = $1', [batch.id, legacy]);
    assert.deepEqual(Buffer.from((await columns(batch.id)).secret!), legacy);

    // Codes issued now are those of the old secret, and the first use encrypted it.
    const before = await issue(batch, 3);
    assert.deepEqual(before.map(([serial]) => serial), [0, 1, 2].map((i) => codeAt(batchKey(legacy), i).serial));
    const stored = await columns(batch.id);
    assert.equal(stored.secret, null);
    assert.match(stored.secret_encrypted!, /^v1:/);
    assert.equal(Buffer.from(stored.secret_encrypted!.slice(3), 'base64').indexOf(legacy), -1);
    assert.deepEqual(Buffer.from(await secretOf(batch.id)), legacy);

    // Serials from before and after the encryption verify, with their PINs.
    const after = await issue(batch, 2);
    assert.equal(after[0]![0], codeAt(batchKey(legacy), 3).serial);
    await assertGenuine([...before, ...after]);
  });

  it('should resolve a legacy row on a consumer scan, encrypting it there', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'OLD2' });
    await issue(batch, 1);
    const secret = Buffer.from(await secretOf(batch.id));
    await p.platform.db.query('update batches set secret = $2, secret_encrypted = null where id = $1', [batch.id, secret]);
    const code = codeAt(batchKey(secret), 0);
    const uri = `${p.url}/01/06901234567892/10/OLD2/21/${code.serial}`;
    assert.equal((await consumer.trace.lookup(uri)).status, 'genuine');
    assert.equal((await columns(batch.id)).secret, null);
    assert.equal((await freshClient().trace.verifyPin({ uri, pin: code.pin })).valid, true);
  });

  it('should refuse a row with neither a secret nor a ciphertext', async () => {
    const batch = await shop.batches.create({ product: product.id, lot: 'NONE1' });
    await assert.rejects(p.platform.db.query('update batches set secret = null, secret_encrypted = null where id = $1', [batch.id]), /batches_secret_present/);
  });
});
