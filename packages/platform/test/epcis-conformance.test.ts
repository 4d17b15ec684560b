/**
 * @module The official EPCIS 2.0 examples (shared/conformance/epcis) through POST /epcis/capture:
 * what the official schema accepts is captured and can be queried back event by event; what it
 * refuses, and every document of the Invalid folders, is rejected with the reason.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { documentEventHashIds, eventHashId, validateEpcisDocument } from '@mashang/sdk/epcis';
import { startTestPlatform, type TestPlatform } from './helpers.js';

/** `$MASHANG_SHARED/conformance/epcis`, else the nearest `shared/conformance/epcis` above this file. */
function epcisDir(): string {
  if (process.env['MASHANG_SHARED']) return join(process.env['MASHANG_SHARED'], 'conformance', 'epcis');
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'conformance', 'epcis');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('shared/conformance/epcis not found; set MASHANG_SHARED to the shared folder.');
  }
}

const DIR = epcisDir();
const walk = (rel = ''): string[] =>
  readdirSync(join(DIR, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(rel, e.name)) : [join(rel, e.name)]))
    .sort();
/** The GS1 examples, the schema work group's test events and the OpenEPCIS documents (schemas and contexts left out). */
const documents = walk().filter(
  (f) => /\.(json|jsonld)$/.test(f) && (f.startsWith('JSON/') || (f.startsWith('JSON-Schema/test/') && !f.includes('/schemas/')) || f.startsWith('openepcis-test-resources/')),
);
const read = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const inInvalidFolder = (f: string): boolean => f.split('/').slice(0, -1).some((d) => /invalid/i.test(d));

let p: TestPlatform;
let isv: Mashang;

before(async () => {
  p = await startTestPlatform();
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

/**
 * A fresh merchant per example: the examples reuse eventIDs (`urn:uuid:…`, `ni:…`) for different
 * events, which one merchant would refuse as conflicts; and "all events" are then exactly the example's.
 */
async function merchant(): Promise<{ id: string; key: string; client: Mashang }> {
  const m = await isv.merchants.create({ name: '示例商户' });
  const { secret } = await isv.merchants.createKey(m.id, { type: 'secret' });
  return { id: m.id, key: secret!, client: new Mashang({ apiKey: secret!, baseUrl: p.url, maxRetries: 0 }) };
}

async function capture(key: string, body: string) {
  const res = await fetch(`${p.url}/epcis/capture`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const accepted = documents.filter((f) => !inInvalidFolder(f) && validateEpcisDocument(read(f)).valid);
const refused = documents.filter((f) => inInvalidFolder(f) || !validateEpcisDocument(read(f)).valid);

describe('official EPCIS 2.0 examples through POST /epcis/capture', () => {
  it('should find the examples', () => {
    assert.ok(accepted.length >= 95, `${accepted.length} accepted examples`);
    assert.ok(refused.length >= 19, `${refused.length} refused examples`);
  });

  for (const f of accepted) {
    it(`should capture ${f} and answer each event back`, async () => {
      const doc = read(f) as Record<string, any>;
      const { key, client } = await merchant();
      const res = await capture(key, readFileSync(join(DIR, f), 'utf8'));
      assert.equal(res.status, 202, JSON.stringify(res.body).slice(0, 500));
      assert.equal(res.body['success'], true, JSON.stringify(res.body['errors']).slice(0, 500));
      const ids = doc['type'] === 'EPCISDocument' || doc['type'] === 'EPCISQueryDocument' ? await documentEventHashIds(doc) : [await eventHashId(doc)];
      assert.equal(res.body['capturedCount'] + res.body['duplicateCount'], ids.length);
      assert.equal(res.body['capturedCount'], new Set(ids).size);
      for (const id of ids) {
        const event = await client.epcis.retrieveEvent(id);
        assert.equal(await eventHashId(event), id, 'the stored event hashes as the captured one');
      }
      // Every event of the document, and no other, in record order.
      const all: string[] = [];
      for await (const e of client.epcis.allEvents({ perPage: 7 })) all.push(await eventHashId(e));
      assert.deepEqual(all, [...new Set(ids)]);
      const again = await capture(key, readFileSync(join(DIR, f), 'utf8'));
      assert.deepEqual([again.body['capturedCount'], again.body['duplicateCount']], [0, ids.length]);
    });
  }

  for (const f of refused) {
    it(`should reject ${f} with the reason`, async () => {
      const { id, key } = await merchant();
      const res = await capture(key, readFileSync(join(DIR, f), 'utf8'));
      assert.equal(res.status, 400);
      const { code, message, param } = res.body['error'];
      assert.equal(code, 'epcis_document_invalid');
      assert.ok(param === 'body' || param.startsWith('/'), param);
      assert.ok(message.includes(param === 'body' ? '(document)' : param), message);
      const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from epcis_events where merchant_id = $1', [id]);
      assert.equal(rows[0]!.n, '0', 'nothing stored');
    });
  }
});
