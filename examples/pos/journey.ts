/**
 * A tea farm's POS and warehouse scanners report an item's journey (一物一码 溯源) with EPCIS 2.0
 * events through a durable outbox: commission a batch of codes, pack the items into a case,
 * ship and receive the case, unpack it at the shop and sell one item. The consumer page of that
 * item then shows the whole journey.
 *
 *   # against the platform `npm start` runs (its merchant secret key is printed at start-up):
 *   MASHANG_URL=http://127.0.0.1:8080 MASHANG_SECRET_KEY=sk_… npx tsx examples/pos/journey.ts
 *
 *   # or alone: starts a sandbox platform in this process and keeps it up until Ctrl-C
 *   node --conditions=@mashang/source --import tsx examples/pos/journey.ts
 *
 * Events are written to the outbox (a folder of files) first; only then are they sent. Kill the
 * script half-way and run it again with the same OUTBOX_DIR: the queued events go out, and the
 * platform stores each one once (it deduplicates by CBV 2.0 event hash ID).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Mashang, captureSender, type TraceRecord } from '@mashang/sdk';
import {
  aggregationEvent,
  bizStepLabel,
  createOutbox,
  dispositionLabel,
  epcisDocument,
  fileOutboxStore,
  gs1CheckDigit,
  lgtinClass,
  objectEvent,
  sglnDigitalLink,
  ssccDigitalLink,
  type EpcisEvent,
} from '@mashang/sdk/epcis';

const GTIN = '06901234567892'; // 安吉白茶 250 g, the demo product
const COMPANY = '6901234'; // GS1 company prefix of the farm
const gln = (location: string) => `${COMPANY}${location}` + gs1CheckDigit(`${COMPANY}${location}`);
const PLACES = {
  farm: { id: sglnDigitalLink(gln('00000')), name: '安吉溪龙茶厂' },
  warehouse: { id: sglnDigitalLink(gln('00001')), name: '湖州物流仓' },
  shop: { id: sglnDigitalLink(gln('00002')), name: '码上生活超市（湖州店）' },
};

async function platform(): Promise<{ url: string; key: string; stop?: () => Promise<void> }> {
  const key = process.env['MASHANG_SECRET_KEY'];
  if (key) return { url: process.env['MASHANG_URL'] ?? 'http://127.0.0.1:8080', key };
  // No platform given: run a sandbox one here, on PGlite in memory.
  const { loadConfig, startPlatform, seedSandbox } = await import('@mashang/platform');
  const running = await startPlatform(loadConfig({}, { port: Number(process.env['PORT'] ?? 0), memory: true, log: () => {} }));
  const keys = await seedSandbox(running.platform.db);
  return { url: running.url, key: keys.merchant.secretKey, stop: () => running.close() };
}

const { url, key, stop } = await platform();
const shop = new Mashang({ apiKey: key, baseUrl: url });

// 1. The product and a new batch, with six item codes printed on the tins.
let product;
for await (const p of shop.products.all({ limit: 100 })) if (p.gtin === GTIN) product = p;
product ??= await shop.products.create({ gtin: GTIN, name: '安吉白茶 明前特级', brand: '溪龙', origin: '浙江省湖州市安吉县', specification: '250 g/罐' });
const lot = `L${new Date().toISOString().slice(2, 10).replace(/-/g, '')}${Math.random().toString(36).slice(2, 5).toUpperCase()}`;
const batch = await shop.batches.create({ product: product.id, lot, production_date: new Date().toISOString().slice(0, 10) });
const job = await shop.batches.issueCodes(batch.id, { count: 6 });
const codes = (await new Response(await shop.jobs.download(job.id, { format: 'ndjson' })).text())
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { serial: string; uri: string });
console.log(`Batch ${lot}: ${codes.length} codes issued`);

// 2. Names of the places, once, as EPCIS master data.
await shop.epcis.capture({
  ...epcisDocument([]),
  epcisHeader: {
    epcisMasterData: {
      vocabularyList: [
        {
          type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
          vocabularyElementList: Object.values(PLACES).map((p) => ({ id: p.id, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: p.name }] })),
        },
      ],
    },
  },
});

// 3. The scanners' events, queued durably in the outbox as they happen.
const outboxDir = process.env['OUTBOX_DIR'] ?? join('.mashang', 'pos-outbox');
mkdirSync(outboxDir, { recursive: true });
const outbox = createOutbox({ store: fileOutboxStore(outboxDir), send: captureSender(shop) });

const items = codes.map((c) => `https://id.gs1.org/01/${GTIN}/21/${c.serial}`);
const sscc = `0${COMPANY}${String(Date.now() % 1e9).padStart(9, '0')}`; // extension digit, company prefix, serial reference
const caseId = ssccDigitalLink(sscc + gs1CheckDigit(sscc));
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const at = (h: number) => ({ eventTime: hoursAgo(h), eventTimeZoneOffset: '+08:00' });

const journey: EpcisEvent[] = [
  objectEvent({ action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: items, quantityList: [{ epcClass: lgtinClass(GTIN, lot), quantity: items.length }], bizLocation: { id: PLACES.farm.id }, ...at(72) }),
  objectEvent({ action: 'OBSERVE', bizStep: 'inspecting', disposition: 'conformant', quantityList: [{ epcClass: lgtinClass(GTIN, lot), quantity: 2 }], bizLocation: { id: PLACES.farm.id }, ...at(70) }),
  aggregationEvent({ action: 'ADD', bizStep: 'packing', disposition: 'container_closed', parentID: caseId, childEPCs: items, bizLocation: { id: PLACES.farm.id }, ...at(48) }),
  objectEvent({
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: [caseId],
    readPoint: { id: PLACES.farm.id },
    sensorElementList: [{ sensorMetadata: { time: hoursAgo(40).toISOString() }, sensorReport: [{ type: 'Temperature', value: 6.5, uom: 'CEL' }] }],
    ...at(47),
  }),
  objectEvent({ action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress', epcList: [caseId], bizLocation: { id: PLACES.warehouse.id }, ...at(30) }),
  objectEvent({ action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit', epcList: [caseId], readPoint: { id: PLACES.warehouse.id }, ...at(20) }),
  objectEvent({ action: 'OBSERVE', bizStep: 'receiving', disposition: 'sellable_not_accessible', epcList: [caseId], bizLocation: { id: PLACES.shop.id }, ...at(6) }),
  aggregationEvent({ action: 'DELETE', bizStep: 'unpacking', disposition: 'sellable_accessible', parentID: caseId, childEPCs: items, bizLocation: { id: PLACES.shop.id }, ...at(5) }),
  // The till sells the first tin.
  objectEvent({ action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', epcList: [items[0]!], bizLocation: { id: PLACES.shop.id }, ...at(1) }),
];
await outbox.add(journey);
console.log(`Queued ${await outbox.size()} events in ${outboxDir}`);

// 4. Network back: send everything queued (also what an earlier, interrupted run left).
const { sent, remaining } = await outbox.flush({ batchSize: 50 });
await outbox.close();
console.log(`Sent ${sent} events to ${url}/epcis/capture; ${remaining} left in the outbox`);

// 5. What a consumer sees after scanning the sold tin.
const record: TraceRecord = await new Mashang({ baseUrl: url }).trace.lookup(codes[0]!.uri);
console.log(`\n${record.product?.name} · ${record.status}`);
for (const step of record.journey) {
  const where = step.location?.name ?? step.location?.id ?? '';
  const state = step.disposition ? `（${dispositionLabel(step.disposition)}）` : '';
  console.log(`  ${step.time}  ${bizStepLabel(step.biz_step ?? 'other')}${state}  ${where}`);
}
console.log(`\nConsumer page: ${codes[0]!.uri}`);

if (stop) {
  if (process.argv.includes('--exit')) await stop();
  else {
    console.log('Sandbox platform running; open the page above, Ctrl-C to stop.');
    process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  }
}
