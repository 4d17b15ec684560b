/** @module Browser-side checks of @mashang/sdk/epcis: bundle contents and the IndexedDB outbox in Chromium. */

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const sdkDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `source` for browsers the way a widget build would, resolving workspace sources. */
async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: sdkDir, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['@mashang/source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const BROWSER_API = `
  import { createOutbox, indexedDbOutboxStore, objectEvent, sgtinDigitalLink, eventHashId, epcisDocument,
    bizStepLabel } from '@mashang/sdk/epcis';
  globalThis.epcis = { createOutbox, indexedDbOutboxStore, objectEvent, sgtinDigitalLink, eventHashId, epcisDocument, bizStepLabel };
`;

describe('@mashang/sdk/epcis in a browser bundle', () => {
  it('should bundle builders, hash and the IndexedDB outbox without Ajv or Node modules', async (t) => {
    const code = await bundle(BROWSER_API);
    assert.doesNotMatch(code, /from ["']node:|require\(["']node:/);
    assert.doesNotMatch(code, /EPCIS-JSON-Schema\.json/, 'the JSON Schema must not be bundled');
    assert.doesNotMatch(code, /json-schema-traverse|ajv/i, 'Ajv must not be bundled');
    t.diagnostic(`builders + hash + outbox + IndexedDB store: ${(code.length / 1024).toFixed(1)} KiB unminified`);
  });

  it('should bundle the validator, schema included, when it is used', async () => {
    const code = await bundle(`import { validateEpcisDocument } from '@mashang/sdk/epcis'; globalThis.v = validateEpcisDocument;`);
    assert.match(code, /EPCIS-JSON-Schema\.json/);
  });
});

/** Debian's Chromium (or $CHROME_PATH), as the repository's browser tests use. */
function chromium(): string | undefined {
  return [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (p): p is string => p !== undefined && existsSync(p),
  );
}

type Page = import('playwright-core').Page;
type Browser = import('playwright-core').Browser;

describe('indexedDbOutboxStore in Chromium', { skip: chromium() ? false : 'no Chromium found (set CHROME_PATH)' }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;

  before(async () => {
    const script = await bundle(BROWSER_API);
    server = createServer((req, res) => {
      if (req.url === '/epcis.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/epcis.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium()!, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage();
    // tsx compiles this file keeping function names through an `__name` helper, which then
    // appears in the functions handed to page.evaluate; give the page a no-op one.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(): Promise<void> {
    await page.goto(origin);
    await page.waitForFunction(() => 'epcis' in globalThis);
  }

  it('should keep added events across a page reload and flush them in batches', async () => {
    await open();
    const added = await page.evaluate(async () => {
      const { createOutbox, indexedDbOutboxStore, objectEvent, sgtinDigitalLink } = (globalThis as any).epcis;
      const outbox = createOutbox({ store: indexedDbOutboxStore('reload-test'), send: async () => undefined });
      const events = Array.from({ length: 20 }, (_, i) =>
        objectEvent({ action: 'OBSERVE', bizStep: 'receiving', epcList: [sgtinDigitalLink('06901234567892', String(i))], eventTime: '2024-05-01T08:00:00+08:00' }),
      );
      const ids = await outbox.add(events);
      await outbox.add(events[0]); // already pending: not stored twice
      const size = await outbox.size();
      await outbox.close();
      return { ids, size };
    });
    assert.equal(added.size, 20);

    await page.reload();
    await page.waitForFunction(() => 'epcis' in globalThis);
    const flushed = await page.evaluate(async () => {
      const { createOutbox, indexedDbOutboxStore } = (globalThis as any).epcis;
      const batches: string[][] = [];
      const outbox = createOutbox({
        store: indexedDbOutboxStore('reload-test'),
        send: async (doc: any) => void batches.push(doc.epcisBody.eventList.map((e: any) => e.eventID)),
      });
      const before = await outbox.size();
      const result = await outbox.flush({ batchSize: 7 });
      return { before, result, batches, after: await outbox.size() };
    });
    assert.equal(flushed.before, 20);
    assert.deepEqual(flushed.result, { sent: 20, remaining: 0 });
    assert.deepEqual(flushed.batches.map((b) => b.length), [7, 7, 6]);
    assert.deepEqual(flushed.batches.flat(), added.ids);
    assert.equal(flushed.after, 0);
  });

  it('should keep a batch whose send fails, and hash like Node does', async () => {
    await open();
    const result = await page.evaluate(async () => {
      const { createOutbox, indexedDbOutboxStore, objectEvent, eventHashId } = (globalThis as any).epcis;
      let fail = true;
      const outbox = createOutbox({
        store: indexedDbOutboxStore('failure-test'),
        send: async () => {
          if (fail) throw new Error('offline');
        },
      });
      const event = objectEvent({
        action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
        eventTime: '2022-02-16T20:33:31.116-06:00', eventTimeZoneOffset: '-06:00',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
      });
      const [id] = await outbox.add(event);
      const error = await outbox.flush().then(() => 'sent', (e: Error) => e.message);
      const kept = await outbox.size();
      fail = false;
      const second = await outbox.flush();
      return { id, hash: await eventHashId(event), error, kept, second };
    });
    assert.equal(result.id, 'ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0');
    assert.equal(result.hash, result.id);
    assert.equal(result.error, 'offline');
    assert.equal(result.kept, 1);
    assert.deepEqual(result.second, { sent: 1, remaining: 0 });
  });

  it('should leave only whole, known records when the page goes away in the middle of adds', async (t) => {
    await open();
    const attempted = await page.evaluate(async () => {
      const { createOutbox, indexedDbOutboxStore, objectEvent, sgtinDigitalLink, eventHashId } = (globalThis as any).epcis;
      const outbox = createOutbox({ store: indexedDbOutboxStore('navigate-test'), send: async () => undefined });
      const ids: string[] = [];
      for (let i = 0; i < 200; i += 1) {
        const event = objectEvent({ action: 'OBSERVE', bizStep: 'receiving', epcList: [sgtinDigitalLink('06901234567892', `N${i}`)], eventTime: '2024-05-01T08:00:00+08:00' });
        ids.push(await eventHashId(event));
        void outbox.add(event); // not awaited: the page is about to go away
      }
      return ids;
    });
    // Leave while some transactions are still committing.
    await new Promise((resolve) => setTimeout(resolve, 25));
    await page.goto('about:blank');
    await open();
    const stored = await page.evaluate(async () => {
      const { createOutbox, indexedDbOutboxStore } = (globalThis as any).epcis;
      const outbox = createOutbox({ store: indexedDbOutboxStore('navigate-test'), send: async () => undefined });
      return (await outbox.pending(1000)).map((r: { id: string; event: { eventID: string } }) => [r.id, r.event.eventID]);
    });
    const known = new Set(attempted);
    for (const [id, eventID] of stored) {
      assert.ok(known.has(id), `unexpected record ${id}`);
      assert.equal(eventID, id);
    }
    t.diagnostic(`${stored.length} of ${attempted.length} unawaited adds were stored before the page left`);
  });
});
