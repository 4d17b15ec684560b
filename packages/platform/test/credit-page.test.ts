// The /c/ verification page in a real Chromium: what a phone camera opens, online and with the
// network cut after the page has loaded.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Mashang, type CreditCode } from '@mashang/sdk';
// @ts-expect-error -- a plain .mjs helper without type declarations
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/browser.mjs';
import type { SandboxKeys } from '@mashang/platform';
import { shopCapability } from '../../../examples/shop/server.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../screenshots/credit-code/page');

let p: TestPlatform;
let browser: Browser;
let merchant: Mashang;
let operator: Mashang;

async function stateOf(page: Page): Promise<string | null> {
  return page.locator('mashang-credit-code').getAttribute('state');
}

async function waitForState(page: Page, states: string[], timeout = 10_000): Promise<string> {
  await page.waitForFunction((wanted) => wanted.includes(document.querySelector('mashang-credit-code')?.getAttribute('state') ?? ''), states, { timeout });
  return (await stateOf(page))!;
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The element's shadow text, whitespace collapsed. */
async function shadowText(page: Page): Promise<string> {
  return page.locator('mashang-credit-code').evaluate((el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));
}

before(async () => {
  p = await startTestPlatform();
  merchant = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
});
after(async () => {
  await browser?.close();
  await p.close();
});

describe('the /c/ verification page in Chromium', () => {
  let context: BrowserContext;
  let code: CreditCode;
  before(async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    code = await merchant.creditCodes.issue();
  });
  after(() => context.close());

  it('should verify a scanned code in the browser, with no console errors and the CSP respected', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? problems.push(`${m.text()} ${m.location().url}`) : undefined));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(code.url);
    assert.equal(await waitForState(page, ['verified', 'invalid', 'unverifiable', 'error']), 'verified');
    const text = await shadowText(page);
    assert.match(text, /B 级 · 诚信良好/);
    assert.match(text, /湖州码上示范面馆有限公司/);
    assert.match(text, /91330502MA2D3XKJ16/);
    assert.match(text, /已验证/);
    assert.deepEqual(problems, []);
    await shot(page, 'online-verified');
    await page.close();
  });

  it('should keep verifying with the network cut after load, and open another code offline', async () => {
    // Its own platform, so the network can be cut for real: the server goes away (and the
    // browser is set offline too), which also covers requests a service worker makes.
    const own = await startTestPlatform();
    const client = new Mashang({ apiKey: own.keys.merchant.secretKey, baseUrl: own.url, maxRetries: 0 });
    const first = await client.creditCodes.issue();
    const second = await client.creditCodes.issue();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await phone.newPage();
    try {
      await page.goto(first.url);
      assert.equal(await waitForState(page, ['verified', 'invalid', 'unverifiable']), 'verified');
      // The service worker must control the page before the network goes away.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      await page.reload();
      await waitForState(page, ['verified']);

      await own.close();
      await phone.setOffline(true);
      await page.locator('mashang-credit-code').evaluate((el) => (el as HTMLElement & { check(): Promise<void> }).check());
      assert.equal(await stateOf(page), 'verified', 'the shown code still verifies offline');
      // The cached status list is still within its signed lifetime, so revocation counts as checked.
      assert.equal(await page.locator('mashang-credit-code').evaluate((el) => (el as HTMLElement & { result?: { statusCheck?: string } }).result?.statusCheck), 'current');

      // A phone scanning a second code while offline: the page comes from the service worker,
      // the keys from localStorage.
      await page.goto(second.url);
      assert.equal(await waitForState(page, ['verified', 'invalid', 'unverifiable']), 'verified');
      assert.equal(await page.locator('mashang-credit-code').evaluate((el) => (el as HTMLElement & { result?: { claims?: { jti: string } } }).result?.claims?.jti), second.id);
      assert.match(await page.locator('main').innerText(), /离线/);
      await shot(page, 'offline-verified');

      // Without cached keys (neither in localStorage nor in the HTTP cache) the page says it
      // cannot verify: never "verified".
      await page.evaluate(() => {
        for (const key of Object.keys(localStorage)) if (key.startsWith('mashang:credential:')) localStorage.removeItem(key);
      });
      await (await phone.newCDPSession(page)).send('Network.clearBrowserCache');
      await page.reload();
      assert.equal(await waitForState(page, ['verified', 'invalid', 'unverifiable']), 'unverifiable');
      assert.match(await shadowText(page), /无法验证/);
      assert.doesNotMatch(await shadowText(page), /已验证/);
      await shot(page, 'offline-unverifiable');
    } finally {
      await phone.close();
      await own.close();
    }
  });

  it('should show a revoked code as revoked', async () => {
    const revoked = await merchant.creditCodes.issue();
    await operator.creditCodes.revoke(revoked.id, { reason: 'issued_in_error' });
    const page = await context.newPage();
    await page.goto(revoked.url);
    assert.equal(await waitForState(page, ['verified', 'revoked', 'invalid', 'unverifiable']), 'revoked');
    assert.match(await shadowText(page), /已撤销/);
    await shot(page, 'revoked');
    await page.close();
  });

  it('should show the server\'s verdict before (or without) the script', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await noScript.newPage();
      await page.goto(code.url);
      const text = await page.locator('main').innerText();
      assert.match(text, /已验证 · Verified/);
      assert.match(text, /湖州码上示范面馆有限公司/);
      await shot(page, 'no-script');
    } finally {
      await noScript.close();
    }
  });

  it('should show the merchant\'s credit code on the example shop page and in its footer', async () => {
    // The shop is mounted before the sandbox is seeded, so it reads the keys when asked.
    const seeded: { keys?: SandboxKeys } = {};
    const keys = new Proxy({} as SandboxKeys, { get: (_target, name) => seeded.keys?.[name as keyof SandboxKeys] });
    const shop = await startTestPlatform({}, [shopCapability({ keys })]);
    seeded.keys = shop.keys;
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/shop/credit.html`);
      await page.waitForFunction(() => [...document.querySelectorAll('mashang-credit-code')].every((el) => el.getAttribute('state') === 'verified'), undefined, { timeout: 15_000 });
      const footer = page.locator('footer mashang-credit-code');
      assert.equal(await footer.getAttribute('layout'), 'compact');
      assert.match(await footer.evaluate((el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ')), /B 级 · 诚信良好.*湖州码上示范面馆有限公司.*91330502MA2D3XKJ16/);
      await shot(page, 'shop-credit-page');
    } finally {
      await page.close();
      await shop.close();
    }
  });
});
