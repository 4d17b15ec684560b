import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { parseDigitalLink } from '@mashang/sdk/digital-link';
import { mountProductDemo, type ProductDemo } from '../../../examples/shop/product-server.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;

before(async () => {
  // The client is made on the first request, when `p` (and its sandbox keys) exist.
  p = await startTestPlatform({}, [
    (_route, platform, app) => mountProductDemo(app, () => new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: platform.publicUrl(), maxRetries: 0 })),
  ]);
});
after(() => p.close());

describe('examples/shop/product-server.ts', () => {
  it('should answer one genuine demo code with its PIN, the same on every call', async () => {
    const res = await fetch(`${p.url}/shop/api/product-demo`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const demo = (await res.json()) as ProductDemo;
    assert.equal(demo.gtin, '06901234567892');
    assert.equal(demo.lot, 'DEMO2026A');
    const dl = parseDigitalLink(demo.uri);
    assert.deepEqual(dl.qualifiers, [
      { ai: '10', value: 'DEMO2026A' },
      { ai: '21', value: demo.serial },
    ]);
    const anyone = new Mashang({ baseUrl: p.url, maxRetries: 0 });
    const record = await anyone.trace.lookup(demo.uri);
    assert.equal(record.status, 'genuine');
    assert.equal(record.product?.name, demo.name);
    assert.equal((await anyone.trace.verifyPin({ uri: demo.uri, pin: demo.pin })).first_verification, true);
    const again = (await (await fetch(`${p.url}/shop/api/product-demo`)).json()) as ProductDemo;
    assert.equal(again.serial, demo.serial);
  });
});
