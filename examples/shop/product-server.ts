/**
 * The server side of the shop's product page: `GET /shop/api/product-demo` answers one item code
 * of a demo product for the page's label preview and `<mashang-trace>`. A real shop prints its
 * codes on the packaging; this endpoint only exists so the example has a code to show. It runs
 * on the shop's server with the merchant's secret key; the browser never sees the key.
 */
import type { Hono } from 'hono';
import { ConflictError, type Mashang } from '@mashang/sdk';

/** What the page needs to show one code. */
export interface ProductDemo {
  /** The code's GS1 Digital Link, on the platform host. */
  uri: string;
  gtin: string;
  lot: string;
  serial: string;
  /** The scratch-off PIN under the label's coating (shown by the example only). */
  pin: string;
  name: string;
  production_date: string | null;
  expiry_date: string | null;
}

/** Options of {@link mountProductDemo}. */
export interface ProductDemoOptions {
  /**
   * Where to mount the endpoint.
   * @default '/shop/api/product-demo'
   */
  path?: string;
  /**
   * GTIN of the demo product (any GTIN with a valid check digit).
   * @default '6901234567892'
   */
  gtin?: string;
}

/** Finds or registers the demo product and its batch, and issues one fresh code with a PIN. */
async function createDemo(shop: Mashang, gtin: string): Promise<ProductDemo> {
  let product;
  try {
    product = await shop.products.create({
      gtin,
      name: '安吉白茶 明前特级',
      brand: '溪龙',
      origin: '浙江省湖州市安吉县溪龙乡',
      specification: '250 g/罐',
      description: '明前采摘，手工炒制。',
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Registered by an earlier run on the same data: look it up.
    for await (const p of shop.products.all({ limit: 100 })) if (p.gtin === gtin.padStart(14, '0')) product = p;
    if (!product) throw error;
  }
  const lot = 'DEMO2026A';
  let batch = (await shop.batches.list({ product: product.id, limit: 100 })).data.find((b) => b.lot === lot);
  batch ??= await shop.batches.create({ product: product.id, lot, production_date: '2026-04-02', expiry_date: '2028-04-01' });
  const job = await shop.batches.issueCodes(batch.id, { count: 1, with_pin: true });
  const text = await new Response(await shop.jobs.download(job.id, { format: 'ndjson' })).text();
  const code = JSON.parse(text.trim()) as { serial: string; uri: string; pin: string };
  return {
    uri: code.uri,
    gtin: product.gtin,
    lot: batch.lot,
    serial: code.serial,
    pin: code.pin,
    name: product.name,
    production_date: batch.production_date,
    expiry_date: batch.expiry_date,
  };
}

/**
 * Mounts `GET <path>` on `app`, answering {@link ProductDemo}. `shop` is the merchant's client
 * (its `sk_…`, or an ISV key with `forMerchant`), or a function returning it. One code is issued
 * per server start and reused.
 *
 * @example
 * const shop = new Mashang({ apiKey: process.env.MASHANG_SECRET_KEY });
 * mountProductDemo(app, shop);
 */
export function mountProductDemo(app: Hono<any>, shop: Mashang | (() => Mashang), options: ProductDemoOptions = {}): void {
  const path = options.path ?? '/shop/api/product-demo';
  const gtin = options.gtin ?? '6901234567892';
  let demo: Promise<ProductDemo> | undefined;
  app.get(path, async (c) => {
    const client = typeof shop === 'function' ? shop() : shop;
    demo ??= createDemo(client, gtin).catch((error: unknown) => {
      demo = undefined; // try again on the next request
      throw error;
    });
    c.header('cache-control', 'no-store');
    return c.json(await demo);
  });
}
