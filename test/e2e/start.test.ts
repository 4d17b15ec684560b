// `npm start` as a newcomer runs it: fresh data dir, first start seeds and prints keys, the shop
// page shows a scannable QR from the CDN bundle, the SDK works with the printed keys, Ctrl-C
// stops cleanly, and a second start reuses the data.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { Mashang } from '@mashang/sdk';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/browser.mjs';

const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'mashang-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  keys: Record<string, string>;
}

async function start(): Promise<Started> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MASHANG_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!/Press Ctrl-C to stop/.test(out)) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /Mashang platform on (http:\/\/\S+)/.exec(out)![1]!;
  const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(out)?.[1] ?? '';
  return {
    child,
    output: () => out,
    url,
    keys: {
      operator: field('operator key'),
      isvSecret: field('ISV secret key'),
      merchant: field('merchant  '),
      merchantSecret: field('merchant secret key'),
      publishable: field('publishable key'),
    },
  };
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGINT');
  return exited;
}

describe('npm start', () => {
  it('should serve the platform, the shop with a scannable QR, and keys that work — then restart on the same data', async () => {
    const first = await start();
    let createdId: string;
    try {
      assert.match(first.output(), /Seeded a new sandbox/);
      assert.match(first.keys['isvSecret']!, /^sk_/);
      assert.match(first.keys['publishable']!, /^pk_/);

      const health = await (await fetch(`${first.url}/healthz`)).json();
      assert.deepEqual({ status: health.status, storage: health.storage }, { status: 'ok', storage: 'pglite' });

      const isv = new Mashang({ apiKey: first.keys['isvSecret']!, baseUrl: first.url });
      const page = await isv.merchants.list();
      assert.ok(page.data.some((m) => m.id === first.keys['merchant']), 'the seeded merchant is listed');
      createdId = (await isv.merchants.create({ name: '重启后仍在的店' })).id;
      const own = new Mashang({ apiKey: first.keys['merchantSecret']!, baseUrl: first.url });
      assert.equal((await own.merchants.retrieve(first.keys['merchant']!)).status, 'active');

      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      try {
        const tab = await browser.newPage({ viewport: { width: 900, height: 900 } });
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        tab.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} ${m.location().url}`));
        tab.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
        await tab.goto(`${first.url}/shop/`);
        await tab.locator('#shop-qr svg').waitFor();
        // The footer's 信用码 verifies in the browser against the platform's published keys.
        await tab.locator('footer mashang-credit-code[state="verified"]').waitFor({ timeout: 15_000 });
        mkdirSync(join(root, 'screenshots/shop'), { recursive: true });
        await tab.screenshot({ path: join(root, 'screenshots/shop/index.png'), fullPage: true });
        const png = PNG.sync.read(await tab.locator('#shop-qr').screenshot());
        const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        assert.equal(decoded?.data, `${first.url}/shop/`);
        assert.deepEqual(errors, [], 'no errors in the page (CSP, loading)');
      } finally {
        await browser.close();
      }
    } finally {
      assert.equal(await stop(first), 0, 'Ctrl-C stops cleanly');
    }

    const second = await start();
    try {
      assert.doesNotMatch(second.output(), /Seeded a new sandbox/);
      assert.equal(second.keys['isvSecret'], first.keys['isvSecret']);
      const isv = new Mashang({ apiKey: second.keys['isvSecret']!, baseUrl: second.url });
      assert.equal((await isv.merchants.retrieve(createdId!)).name, '重启后仍在的店');
    } finally {
      assert.equal(await stop(second), 0);
    }
  });
});
