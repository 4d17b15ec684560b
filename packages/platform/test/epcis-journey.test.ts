/** @module The journey of an item code: its own events, its batch's, its containers' while it was inside, in the public trace record. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang, type Batch } from '@mashang/sdk';
import {
  aggregationEvent,
  epcisDocument,
  lgtinClass,
  objectEvent,
  sglnDigitalLink,
  sgtinEpcUri,
  ssccDigitalLink,
  type EpcisEvent,
} from '@mashang/sdk/epcis';
import { journeyFor, type JourneyEntry } from '../src/epcis/journey.js';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;
let batch: Batch;
let codes: { serial: string; uri: string }[];

const GTIN = '06901234567892';
const LOT = 'L20261101';
const FACTORY = sglnDigitalLink('6901234000009');
const WAREHOUSE = sglnDigitalLink('6901234000016');
const STORE = sglnDigitalLink('6901234000023');
const CASE = ssccDigitalLink('069012340000000016');
const OTHER_CASE = ssccDigitalLink('069012340000000023');
const PALLET = ssccDigitalLink('069012340000000030');

const at = (day: number, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const epc = (i: number) => `https://id.gs1.org/01/${GTIN}/21/${codes[i]!.serial}`;
const base = (day: number, hour?: number) => ({ eventTime: at(day, hour), eventTimeZoneOffset: '+08:00' });

async function record(uri: string) {
  const res = await fetch(uri.replace(/^https?:\/\/[^/]+/, p.url), { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200);
  return (await res.json()) as { journey: JourneyEntry[]; anomalies: unknown[] };
}

const steps = (journey: JourneyEntry[]) => journey.map((s) => `${s.biz_step}${s.via === 'container' ? `@${s.container === CASE ? 'case' : s.container === PALLET ? 'pallet' : '?'}` : `:${s.via}`}`);

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  const product = await shop.products.create({ gtin: GTIN, name: '安吉白茶', origin: '浙江省湖州市安吉县' });
  batch = await shop.batches.create({ product: product.id, lot: LOT, production_date: '2026-11-01' });
  const job = await shop.batches.issueCodes(batch.id, { count: 4 });
  const text = await new Response(await shop.jobs.download(job.id, { format: 'ndjson' })).text();
  codes = text.trim().split('\n').map((l) => JSON.parse(l) as { serial: string; uri: string });

  // Names of the places, as master data in a document of their own.
  await shop.epcis.capture({
    ...epcisDocument([]),
    epcisHeader: {
      epcisMasterData: {
        vocabularyList: [
          {
            type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
            vocabularyElementList: [
              { id: 'urn:epc:id:sgln:6901234.00000.0', attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: '安吉溪龙茶厂' }] },
              { id: WAREHOUSE, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: '湖州物流仓' }] },
              { id: STORE, attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: '码上生活超市' }] },
            ],
          },
        ],
      },
    },
  });

  const events: EpcisEvent[] = [
    // The case travels alone before the item is packed: not part of the item's story.
    objectEvent({ action: 'OBSERVE', bizStep: 'shipping', epcList: [CASE], ...base(1, 7) }),
    objectEvent({ action: 'ADD', bizStep: 'commissioning', disposition: 'active', quantityList: [{ epcClass: lgtinClass(GTIN, LOT), quantity: 4 }], bizLocation: { id: FACTORY }, ...base(1, 8) }),
    objectEvent({ action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: [0, 1, 2, 3].map(epc), bizLocation: { id: FACTORY }, ...base(1) }),
    objectEvent({
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'conformant',
      epcList: [sgtinEpcUri(GTIN, codes[0]!.serial, 7)],
      bizLocation: { id: FACTORY },
      ...base(2),
    }),
    aggregationEvent({ action: 'ADD', bizStep: 'packing', disposition: 'container_closed', parentID: CASE, childEPCs: [epc(0), epc(1)], bizLocation: { id: FACTORY }, ...base(3) }),
    // Another item into another case: not item 0's.
    aggregationEvent({ action: 'ADD', bizStep: 'packing', parentID: OTHER_CASE, childEPCs: [epc(2)], ...base(3) }),
    aggregationEvent({ action: 'ADD', bizStep: 'packing', parentID: PALLET, childEPCs: [CASE], ...base(3, 12) }),
    objectEvent({
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: [PALLET],
      bizLocation: { id: FACTORY },
      sensorElementList: [
        {
          sensorMetadata: { time: '2026-11-04T08:00:00+08:00' },
          sensorReport: [
            { type: 'Temperature', value: 4.5, uom: 'CEL' },
            { type: 'gs1:RelativeHumidity', minValue: 40, maxValue: 62, uom: 'P1', exception: 'ALARM_CONDITION' },
          ],
        },
      ],
      ...base(4),
    }),
    aggregationEvent({ action: 'DELETE', bizStep: 'unpacking', parentID: PALLET, childEPCs: [CASE], bizLocation: { id: WAREHOUSE }, ...base(5) }),
    objectEvent({ action: 'OBSERVE', bizStep: 'receiving', disposition: 'in_progress', epcList: [CASE], bizLocation: { id: WAREHOUSE }, ...base(5, 10) }),
    // The pallet goes on without the case: not the item's.
    objectEvent({ action: 'OBSERVE', bizStep: 'shipping', epcList: [PALLET], ...base(5, 11) }),
    aggregationEvent({ action: 'DELETE', bizStep: 'unpacking', parentID: CASE, childEPCs: [epc(0)], bizLocation: { id: STORE }, ...base(6) }),
    // The case goes on without item 0.
    objectEvent({ action: 'OBSERVE', bizStep: 'shipping', epcList: [CASE], ...base(6, 12) }),
    objectEvent({ action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', epcList: [epc(0)], bizLocation: { id: STORE }, ...base(7) }),
  ];
  const captured = await shop.epcis.capture(epcisDocument(events));
  assert.equal(captured.success, true, JSON.stringify(captured.errors));
});
after(() => p.close());

describe('journeyFor', () => {
  it('should tell an item its own, its batch and its containers events while it was inside, oldest first', async () => {
    const journey = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT, serial: codes[0]!.serial });
    assert.deepEqual(steps(journey), [
      'commissioning:batch',
      'commissioning:item',
      'inspecting:item',
      'packing:item',
      'packing@case',
      'shipping@pallet',
      // Off the pallet: the event names the case as the child taken out.
      'unpacking@case',
      'receiving@case',
      'unpacking:item',
      'retail_selling:item',
    ]);
    const times = journey.map((s) => s.time);
    assert.deepEqual(times, [...times].sort());
  });

  it('should name places from master data (in any EPC spelling) and carry sensor readings', async () => {
    const journey = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT, serial: codes[0]!.serial });
    assert.deepEqual(journey[0]!.location, { id: FACTORY, name: '安吉溪龙茶厂' });
    assert.equal(journey.find((s) => s.biz_step === 'receiving')!.location!.name, '湖州物流仓');
    assert.equal(journey.at(-1)!.location!.name, '码上生活超市');
    assert.equal(journey.at(-1)!.time, '2026-11-07T01:00:00.000Z');
    assert.equal(journey.at(-1)!.time_zone_offset, '+08:00');
    const shipping = journey.find((s) => s.biz_step === 'shipping')!;
    assert.deepEqual(shipping.sensors, [
      { type: 'Temperature', value: 4.5, min_value: null, max_value: null, mean_value: null, uom: 'CEL', time: '2026-11-04T08:00:00+08:00', exception: null },
      { type: 'RelativeHumidity', value: null, min_value: 40, max_value: 62, mean_value: null, uom: 'P1', time: '2026-11-04T08:00:00+08:00', exception: 'ALARM_CONDITION' },
    ]);
  });

  it('should follow another item of the same case only while it was inside', async () => {
    const journey = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT, serial: codes[1]!.serial });
    // Item 1 stays in the case: item 0's unpacking is not its story, the case's trip on day 6 is.
    assert.deepEqual(steps(journey).slice(-4), ['shipping@pallet', 'unpacking@case', 'receiving@case', 'shipping@case']);
  });

  it('should give a batch its class events only, and nothing for an unknown serial or another merchant', async () => {
    const batchJourney = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT });
    assert.deepEqual(steps(batchJourney), ['commissioning:batch']);
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const other = await isv.merchants.create({ name: '别家' });
    assert.deepEqual(await journeyFor(p.platform.db, { merchantId: other.id, gtin: GTIN, lot: LOT, serial: codes[0]!.serial }), []);
    const lone = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: 'L-NONE', serial: 'NOPE' });
    assert.deepEqual(lone, []);
  });

  it('should leave out events declared erroneous', async () => {
    const wrong = objectEvent({ action: 'OBSERVE', bizStep: 'holding', epcList: [epc(3)], ...base(8) });
    await shop.epcis.capture(epcisDocument([wrong]));
    const withWrong = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT, serial: codes[3]!.serial });
    assert.ok(steps(withWrong).includes('holding:item'));
    await shop.epcis.capture(epcisDocument([{ ...wrong, errorDeclaration: { declarationTime: at(9), reason: 'did_not_occur' } } as EpcisEvent]));
    const corrected = await journeyFor(p.platform.db, { merchantId: p.keys.merchant.id, gtin: GTIN, lot: LOT, serial: codes[3]!.serial });
    assert.ok(!steps(corrected).includes('holding:item'));
  });
});

describe('public trace record', () => {
  it('should show the journey of a scanned code', async () => {
    const rec = await record(codes[0]!.uri);
    assert.deepEqual(
      rec.journey.map((s) => s.biz_step),
      ['commissioning', 'commissioning', 'inspecting', 'packing', 'packing', 'shipping', 'unpacking', 'receiving', 'unpacking', 'retail_selling'],
    );
    const batchRecord = await record(`${p.url}/01/${GTIN}/10/${LOT}`);
    assert.deepEqual(batchRecord.journey.map((s) => s.biz_step), ['commissioning']);
    // The SDK keeps every field of a step, sensor readings included.
    const viaSdk = await new Mashang({ baseUrl: p.url, maxRetries: 0 }).trace.lookup(codes[0]!.uri);
    assert.deepEqual(viaSdk.journey, rec.journey);
    assert.equal(viaSdk.journey.find((s) => s.biz_step === 'shipping')!.sensors![0]!.type, 'Temperature');
  });

  it('should mark an item sold by a retail_sold event, so later scans are flagged', async () => {
    const { rows } = await p.platform.db.query<{ retail_sold_at: Date | null }>('select retail_sold_at from item_code_states where batch_id = $1 and serial = $2', [
      batch.id,
      codes[0]!.serial,
    ]);
    assert.equal(rows[0]?.retail_sold_at?.toISOString(), '2026-11-07T01:00:00.000Z');
    const { rows: unsold } = await p.platform.db.query('select 1 from item_code_states where batch_id = $1 and serial = $2 and retail_sold_at is not null', [batch.id, codes[1]!.serial]);
    assert.equal(unsold.length, 0);
  });

  it('should not let another merchant mark this merchant\'s items sold', async () => {
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    const m = await isv.merchants.create({ name: '冒充者' });
    await isv.forMerchant(m.id).epcis.capture(
      epcisDocument([objectEvent({ action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold', epcList: [epc(2)], ...base(7) })]),
    );
    const { rows } = await p.platform.db.query('select 1 from item_code_states where batch_id = $1 and serial = $2 and retail_sold_at is not null', [batch.id, codes[2]!.serial]);
    assert.equal(rows.length, 0);
    assert.ok(!(await record(codes[2]!.uri)).journey.some((s) => s.biz_step === 'retail_selling'));
  });
});
