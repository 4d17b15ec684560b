import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { onboardMerchant } from '../../../examples/pos/onboard.js';

process.env['MASHANG_SANDBOX_REVIEW_DELAY_MS'] = '30';
process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform();
});
after(() => p.close());

describe('examples/pos/onboard.ts', () => {
  it('should onboard a merchant end to end and see merchant.activated by webhook', async () => {
    const lines: string[] = [];
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const { merchant, application, events } = await onboardMerchant(isv, { log: (l) => lines.push(l), timeoutMs: 15_000 });
    assert.equal(merchant.status, 'active');
    assert.equal(merchant.name, '湖州市吴兴区阿强面馆');
    assert.match(merchant.uscc!, /^92330500/);
    assert.equal(application.status, 'approved');
    assert.deepEqual(
      events.filter((e) => e.type === 'onboarding.application.updated').map((e) => (e.data['object'] as { status: string }).status),
      ['submitted', 'in_review', 'approved'],
    );
    assert.equal(events.filter((e) => e.type === 'merchant.activated').length, 1);
    assert.ok(lines.some((l) => l.includes('is active')));
    assert.equal((await isv.webhookEndpoints.list({ limit: 100 })).data.length, 0, 'the script removed its endpoint');
  });
});
