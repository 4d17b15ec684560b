/**
 * @module The CBV 2.0 hash vectors (shared/conformance/epcis-hash) through the platform: each
 * captured event is stored under the expected hash ID, and the documents of the equivalence sets
 * store one event per set.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { eventHashId, validateEpcisDocument } from '@mashang/sdk/epcis';
import { startTestPlatform, type TestPlatform } from './helpers.js';

function hashDir(): string {
  if (process.env['MASHANG_SHARED']) return join(process.env['MASHANG_SHARED'], 'conformance', 'epcis-hash', 'tests');
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'conformance', 'epcis-hash', 'tests');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('shared/conformance/epcis-hash not found; set MASHANG_SHARED to the shared folder.');
  }
}

const DIR = hashDir();
const EXAMPLES = join(DIR, 'examples');
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
// JSON-LD vectors with their expected hashes. Two vectors tell their harness to leave fields out
// of the hash (`repository-x:ignoreFields`), a test convention a repository does not follow.
const vectors = readdirSync(EXAMPLES)
  .filter((f) => /\.jsonld$/.test(f) && existsSync(join(EXAMPLES, f.replace(/\.jsonld$/, '.hashes'))))
  .filter((f) => !readFileSync(join(EXAMPLES, f), 'utf8').includes('repository-x:ignoreFields'))
  .sort();

let p: TestPlatform;
let isv: Mashang;

before(async () => {
  p = await startTestPlatform();
  isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

/** A fresh merchant (vectors reuse eventIDs for other events) and its raw capture. */
async function captureAsNewMerchant(body: string) {
  const m = await isv.merchants.create({ name: '哈希向量' });
  const { secret } = await isv.merchants.createKey(m.id, { type: 'secret' });
  const res = await fetch(`${p.url}/epcis/capture`, { method: 'POST', body, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/ld+json' } });
  return { status: res.status, job: (await res.json()) as Record<string, any>, client: new Mashang({ apiKey: secret!, baseUrl: p.url, maxRetries: 0 }) };
}

describe('CBV 2.0 hash vectors through POST /epcis/capture', () => {
  it('should find the vectors', () => assert.ok(vectors.length >= 20, `${vectors.length} vectors`));

  for (const f of vectors) {
    it(`should store the events of ${f} under the expected hash IDs`, async () => {
      const body = readFileSync(join(EXAMPLES, f), 'utf8');
      const expected = lines(join(EXAMPLES, f.replace(/\.jsonld$/, '.hashes')));
      assert.deepEqual(validateEpcisDocument(JSON.parse(body)), { valid: true }, 'the vector is a valid EPCIS document');
      const { status, job, client } = await captureAsNewMerchant(body);
      assert.equal(status, 202, JSON.stringify(job).slice(0, 300));
      assert.equal(job['success'], true, JSON.stringify(job['errors']));
      assert.equal(job['capturedCount'], new Set(expected).size);
      for (const id of expected) {
        const event = await client.epcis.retrieveEvent(id);
        assert.equal(await eventHashId(event), id);
      }
    });
  }

  it('should store the events of an equivalence set once', async () => {
    const body = readFileSync(join(DIR, 'expected_equal', 'ReferenceEventHashAlgorithm.json'), 'utf8');
    const events = (JSON.parse(body) as { epcisBody: { eventList: unknown[] } }).epcisBody.eventList;
    assert.ok(events.length > 1);
    const { status, job } = await captureAsNewMerchant(body);
    assert.equal(status, 202);
    assert.deepEqual([job['capturedCount'], job['duplicateCount']], [1, events.length - 1]);
  });
});
