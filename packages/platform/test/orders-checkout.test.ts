// The shop's checkout page end to end in a real Chromium: the page asks the shop's server for an
// order, <mashang-payment-code> shows it, a second page (the consumer's phone) opens the scanned
// code and pays, the first page shows "paid" within 2 s and fires mashang-paid, and the merchant's
// webhook endpoint receives order.paid once.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Mashang, webhooks, type Order } from '@mashang/sdk';
// @ts-expect-error -- a plain .mjs helper without type declarations
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/browser.mjs';
import { startTestPlatform, type TestPlatform } from './helpers.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';
import { mountCheckout } from '../../../examples/shop/checkout-server.js';

process.env['MASHANG_WEBHOOK_POLL_MS'] = '20';

// jsqr is CommonJS: at run time the default import is the function its types call `default`.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
const here = dirname(fileURLToPath(import.meta.url));
const shopDir = join(here, '../../../examples/shop');
const SCREENSHOTS = join(here, '../../../screenshots/payment-code/checkout');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

let p: TestPlatform;
let browser: Browser;
let receiver: Receiver;
let webhookSecret: string;

/** The element bundled from source, standing in for the CDN file `npm run build` makes. */
async function widgetScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, '../../widgets/src/payment-code/define.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['@mashang/source', 'browser', 'import', 'default'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function decodeQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.locator('mashang-payment-code mashang-qr').screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)?.data ?? null;
}

before(async () => {
  const script = widgetScript();
  p = await startTestPlatform({}, [
    (_route, platform, app) => {
      mountCheckout(app, () => new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 }), { platformUrl: () => platform.publicUrl() });
      app.get('/cdn/mashang-widgets.min.js', async (c) => c.body(await script, 200, { 'content-type': 'text/javascript' }));
      app.get('/shop/:file{[a-z-]+\\.(html|css|js|svg)}', async (c) => {
        const file = c.req.param('file');
        return c.body(await readFile(join(shopDir, file)), 200, { 'content-type': TYPES[extname(file)]! });
      });
    },
  ]);
  receiver = await startReceiver();
  const merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  webhookSecret = (await merchant.webhookEndpoints.create({ url: receiver.url, enabled_events: ['order.paid'] })).secret!;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  await mkdir(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await p?.close();
  await receiver?.close();
});

describe('examples/shop/checkout.html in Chromium', () => {
  it('should create the order through the shop, get paid from a phone and show it within 2 s', async () => {
    const shop = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const problems: string[] = [];
    shop.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
    shop.on('pageerror', (e) => problems.push(e.message));
    await shop.addInitScript(() => {
      const w = window as unknown as { paidEvents: { at: number; id: string }[] };
      w.paidEvents = [];
      document.addEventListener('mashang-paid', (e) => w.paidEvents.push({ at: Date.now(), id: (e as CustomEvent<{ order: { id: string } }>).detail.order.id }));
    });
    await shop.goto(`${p.url}/shop/checkout.html`);
    await shop.waitForFunction(() => document.querySelector('mashang-payment-code')?.getAttribute('state') === 'pending', null, { timeout: 10_000 });
    const orderId = await shop.locator('mashang-payment-code').evaluate((el) => (el as HTMLElement & { order: string }).order);
    const merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
    const order = await merchant.orders.retrieve(orderId);
    assert.equal(order.amount, 3850, 'priced by the shop server: 2 × ¥18.00 + ¥2.50');
    assert.equal(order.description, '招牌牛肉面 ×2，卤蛋 ×1');
    const scanned = await decodeQr(shop);
    assert.equal(scanned, order.payload!.url, 'the QR on screen is the API payload');
    await shop.screenshot({ path: join(SCREENSHOTS, 'shop-pending.png'), fullPage: true });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(scanned!);
    await phone.locator('[data-testid="pay"]').click();
    await phone.locator('[data-outcome="paid"]').waitFor();
    await phone.screenshot({ path: join(SCREENSHOTS, 'phone-paid.png'), fullPage: true });
    await shop.waitForFunction(() => document.querySelector('mashang-payment-code')?.getAttribute('state') === 'paid', null, { timeout: 2_000 });
    const paidAt = Date.parse((await merchant.orders.retrieve(orderId)).paid_at!);
    const events = await shop.evaluate(() => (window as unknown as { paidEvents: { at: number; id: string }[] }).paidEvents);
    assert.deepEqual(events.map((e) => e.id), [orderId], 'mashang-paid fired once');
    assert.ok(events[0]!.at - paidAt < 2_000, `shown ${events[0]!.at - paidAt} ms after the payment`);
    const text = await shop.locator('mashang-payment-code').evaluate((el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    assert.match(text, /已收到付款 ¥38\.50/);
    await shop.screenshot({ path: join(SCREENSHOTS, 'shop-paid.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors, CSP respected');

    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    const paidDeliveries = [];
    for (const request of receiver.received) {
      const event = await webhooks.verify(request.rawBody, request.headers['mashang-signature'] as string, webhookSecret);
      if (event.type === 'order.paid' && (event.data as { object: Order }).object.id === orderId) paidDeliveries.push(event);
    }
    assert.equal(paidDeliveries.length, 1, 'the merchant webhook received order.paid once');
    await phone.close();
    await shop.close();
  });
});
