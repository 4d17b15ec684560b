import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { mountOnboardingSession } from '../../../examples/shop/onboarding-server.js';

let p: TestPlatform;

before(async () => {
  let url = '';
  p = await startTestPlatform({}, [
    (_route, platform, app) => {
      url = platform.publicUrl();
      mountOnboardingSession(app, () => new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 }), {
        cookieSecret: 'test-cookie-secret',
        platformUrl: () => platform.publicUrl(),
      });
    },
  ]);
  assert.ok(url);
});
after(() => p.close());

async function mint(cookie?: string) {
  const res = await fetch(`${p.url}/shop/api/onboarding-session`, { method: 'POST', headers: cookie ? { cookie } : {} });
  const body = (await res.json()) as { client_secret: string; expires_at: string; platform_url: string };
  return { status: res.status, body, cookie: res.headers.get('set-cookie')?.split(';')[0], cacheControl: res.headers.get('cache-control') };
}

describe('examples/shop/onboarding-server.ts', () => {
  it('should create a merchant for a new visitor and resume it from the cookie', async () => {
    const first = await mint();
    assert.equal(first.status, 200);
    assert.match(first.body.client_secret, /^app_[0-9A-Z]{26}_secret_/);
    assert.equal(first.body.platform_url, p.url);
    assert.equal(first.cacheControl, 'no-store');
    assert.ok(first.cookie?.startsWith('mashang_onboarding_merchant='));
    const widget = new Mashang({ apiKey: first.body.client_secret, baseUrl: p.url, maxRetries: 0 });
    const app = await widget.applications.retrieve(first.body.client_secret.split('_secret_')[0]!);
    assert.equal(app.status, 'draft');

    const again = await mint(first.cookie);
    assert.equal(again.body.client_secret.split('_secret_')[0], app.id, 'the same application');
    assert.notEqual(again.body.client_secret, first.body.client_secret, 'a fresh secret');

    const stranger = await mint();
    assert.notEqual(stranger.body.client_secret.split('_secret_')[0], app.id, 'another visitor, another application');
  });

  it('should not let a forged cookie pick a merchant', async () => {
    const first = await mint();
    const merchantId = decodeURIComponent(first.cookie!.split('=')[1]!).split('.')[0]!;
    assert.match(merchantId, /^mch_/);
    const forged = await mint(`mashang_onboarding_merchant=${encodeURIComponent(`${p.keys.merchant.id}.AAAA`)}`);
    const { rows } = await p.platform.db.query<{ merchant_id: string }>('select merchant_id from applications where id = $1', [forged.body.client_secret.split('_secret_')[0]]);
    assert.notEqual(rows[0]!.merchant_id, p.keys.merchant.id);
  });
});
