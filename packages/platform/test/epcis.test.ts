/** @module EPCIS capture and query through the SDK and raw HTTP against a real platform. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpcisCaptureFailedError, InvalidRequestError, Mashang, NotFoundError, ValidationError, captureSender, type EpcisCaptureJob } from '@mashang/sdk';
import {
  aggregationEvent,
  createOutbox,
  epcisDocument,
  fileOutboxStore,
  eventHashId,
  lgtinClass,
  objectEvent,
  sglnDigitalLink,
  sgtinDigitalLink,
  sgtinEpcUri,
  ssccDigitalLink,
  type EpcisEvent,
} from '@mashang/sdk/epcis';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;
let other: Mashang;

const GTIN = '06901234567892';
const LOT = 'L20261101';
const FACTORY = sglnDigitalLink('6901234000009');
const WAREHOUSE = sglnDigitalLink('6901234000016');
const item = (serial: string) => sgtinDigitalLink(GTIN, serial);

async function raw(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${init.key ?? p.keys.merchant.secretKey}`);
  const res = await fetch(`${p.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/ld+json', ...headers } });

async function eventCount(merchantId = p.keys.merchant.id): Promise<number> {
  const { rows } = await p.platform.db.query<{ n: string }>('select count(*)::text as n from epcis_events where merchant_id = $1', [merchantId]);
  return Number(rows[0]!.n);
}

function commissioning(serial: string, at: string): EpcisEvent {
  return objectEvent({
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: [item(serial)],
    eventTime: at,
    eventTimeZoneOffset: '+08:00',
    bizLocation: { id: FACTORY },
  });
}

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
  const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
  const m = await isv.merchants.create({ name: '另一家店' });
  other = isv.forMerchant(m.id);
});
after(() => p.close());

describe('POST /epcis/capture', () => {
  it('should store a document, answer 202 with the finished job and the GS1 headers', async () => {
    const doc = epcisDocument([commissioning('A1', '2026-11-01T08:00:00+08:00'), commissioning('A2', '2026-11-01T08:00:01+08:00')]);
    const res = await post('/epcis/capture', doc);
    assert.equal(res.status, 202);
    const job = res.body as EpcisCaptureJob;
    assert.match(job.captureID, /^job_/);
    assert.equal(res.headers.get('location'), `/epcis/capture/${job.captureID}`);
    assert.equal(res.headers.get('gs1-epcis-version'), '2.0.0');
    assert.equal(res.headers.get('gs1-epcis-capture-limit'), '10000');
    assert.deepEqual(
      { running: job.running, success: job.success, eventCount: job.eventCount, capturedCount: job.capturedCount, duplicateCount: job.duplicateCount, errors: job.errors },
      { running: false, success: true, eventCount: 2, capturedCount: 2, duplicateCount: 0, errors: [] },
    );
    assert.deepEqual(await shop.epcis.retrieveCapture(job.captureID), job);
  });

  it('should be idempotent: the same events again store nothing new, whatever their serialisation', async () => {
    const before = await eventCount();
    const urn = commissioning('A1', '2026-11-01T00:00:00.000Z');
    // The same event written with an EPC URN, UTC time and another field order.
    const again = { ...urn, epcList: [sgtinEpcUri(GTIN, 'A1', 7)], eventTimeZoneOffset: '+08:00' };
    const job = await shop.epcis.capture(epcisDocument([again, commissioning('A2', '2026-11-01T08:00:01+08:00')]));
    assert.equal(job.success, true);
    assert.equal(job.capturedCount, 0);
    assert.equal(job.duplicateCount, 2);
    assert.equal(await eventCount(), before);
  });

  it('should reject a document the schema refuses with every problem by JSON pointer, storing nothing', async () => {
    const before = await eventCount();
    const bad = epcisDocument([commissioning('B1', '2026-11-02T08:00:00+08:00')]) as any;
    bad.epcisBody.eventList[0].bizStep = 'shippin';
    bad.epcisBody.eventList.push({ ...commissioning('B2', '2026-11-02T08:00:00+08:00'), eventTimeZoneOffset: '8:00' });
    const res = await post('/epcis/capture', bad);
    assert.equal(res.status, 400);
    assert.equal(res.body!.error.code, 'epcis_document_invalid');
    assert.equal(res.body!.error.param, '/epcisBody/eventList/0/bizStep');
    assert.match(res.body!.error.message, /2 problems/);
    assert.match(res.body!.error.message, /\/epcisBody\/eventList\/1\/eventTimeZoneOffset/);
    await assert.rejects(shop.epcis.capture(bad), (e: unknown) => e instanceof InvalidRequestError && /shippin/.test(e.message));
    assert.equal(await eventCount(), before);
  });

  it('should refuse bodies that are not JSON EPCIS documents', async () => {
    assert.equal((await post('/epcis/capture', '{"type":', {})).body!.error.code, 'body_invalid_json');
    assert.equal((await post('/epcis/capture', 'x', { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post('/epcis/capture', '')).body!.error.code, 'body_missing');
    const notDoc = await post('/epcis/capture', { hello: 'world' });
    assert.equal(notDoc.status, 400);
    assert.match(notDoc.body!.error.message, /EPCISDocument/);
    assert.equal((await post('/epcis/capture', epcisDocument([]), { 'gs1-epcis-version': '1.2' })).status, 406);
    await assert.rejects(shop.epcis.capture(null as never), ValidationError);
  });

  it('should refuse what the schema allows but storage cannot hold, naming each place, storing nothing', async () => {
    const before = await eventCount();
    const ctx = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://ex.example/' }];
    const event = (extra: string) =>
      `{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2026-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","epcList":["${item('N1')}"]${extra}}`;
    const body = `{"@context":${JSON.stringify(ctx)},"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[${[
      event(',"ex:note":"a\\u0000b"'),
      event(',"ex:note":"\\ud800"'),
      event('').replace('2026-01-01T00:00:00Z', '0000-01-01T00:00:00Z'),
      event('').replace(item('N1'), `https://example.com/${'x'.repeat(1100)}`),
    ].join(',')}]}}`;
    const res = await post('/epcis/capture', body);
    assert.equal(res.status, 400);
    assert.equal(res.body!.error.code, 'epcis_document_invalid');
    assert.equal(res.body!.error.param, '/epcisBody/eventList/0/ex:note');
    for (const where of ['/epcisBody/eventList/1/ex:note', '/epcisBody/eventList/2/eventTime', '/epcisBody/eventList/3/epcList/0']) assert.match(res.body!.error.message, new RegExp(where));
    assert.match(res.body!.error.message, /year 0000 does not exist/);
    assert.equal(await eventCount(), before);
  });

  it('should enforce the advertised event-count and size limits', async () => {
    const many = epcisDocument(Array.from({ length: 10_001 }, (_, i) => commissioning(`L${i}`, '2026-11-03T08:00:00+08:00')));
    const res = await post('/epcis/capture', many);
    assert.equal(res.status, 413);
    assert.equal(res.body!.error.code, 'capture_limit_exceeded');
    const huge = await post('/epcis/capture', `{"pad":"${'x'.repeat(16 * 1024 * 1024)}"}`);
    assert.equal(huge.status, 413);
  });

  it('should roll back a whole capture when one eventID is taken by another event, or proceed when asked', async () => {
    const first = { ...commissioning('C1', '2026-11-04T08:00:00+08:00'), eventID: 'urn:uuid:0b2f4c1e-2d1a-4b7e-9d8e-000000000001' } as EpcisEvent;
    assert.equal((await shop.epcis.capture(epcisDocument([first]))).capturedCount, 1);
    const clash = { ...commissioning('C2', '2026-11-04T08:00:00+08:00'), eventID: first.eventID } as EpcisEvent;
    const fine = commissioning('C3', '2026-11-04T08:00:00+08:00');
    const before = await eventCount();
    const rolledBack = await shop.epcis.capture(epcisDocument([fine, clash]));
    assert.equal(rolledBack.success, false);
    assert.equal(rolledBack.capturedCount, 0);
    assert.equal(rolledBack.errors[0]!.instance, '/epcisBody/eventList/1');
    assert.match(rolledBack.errors[0]!.detail!, /already names another event/);
    assert.equal(await eventCount(), before);
    const proceeded = await shop.epcis.capture(epcisDocument([fine, clash]), { errorBehaviour: 'proceed' });
    assert.deepEqual([proceeded.success, proceeded.capturedCount, proceeded.errors.length, proceeded.captureErrorBehaviour], [false, 1, 1, 'proceed']);
    assert.equal(await eventCount(), before + 1);
    const viaHeader = await post('/epcis/capture', epcisDocument([clash]), { 'gs1-capture-error-behaviour': 'proceed' });
    assert.equal(viaHeader.body!.captureErrorBehaviour, 'proceed');
    assert.equal((await post('/epcis/capture', epcisDocument([clash]), { 'gs1-capture-error-behaviour': 'all' })).body!.error.param, 'GS1-Capture-Error-Behaviour');
  });

  it('should record an error declaration on the event it corrects', async () => {
    const original = commissioning('D1', '2026-11-05T08:00:00+08:00');
    await shop.epcis.capture(epcisDocument([original]));
    const id = await eventHashId(original);
    const declared = { ...original, errorDeclaration: { declarationTime: '2026-11-06T08:00:00+08:00', reason: 'incorrect_data' } } as EpcisEvent;
    const job = await shop.epcis.capture(epcisDocument([declared]));
    assert.equal(job.duplicateCount, 1);
    const stored = await shop.epcis.retrieveEvent(id);
    assert.equal((stored as any).errorDeclaration.reason, 'incorrect_data');
    const page = await shop.epcis.queryEvents({ EXISTS_errorDeclaration: true });
    assert.deepEqual(page.events.map((e) => e.eventID), [id]);
  });

  it('should keep each merchant to its own events and capture jobs', async () => {
    const job = await shop.epcis.capture(epcisDocument([commissioning('E1', '2026-11-07T08:00:00+08:00')]));
    const id = await eventHashId(commissioning('E1', '2026-11-07T08:00:00+08:00'));
    await assert.rejects(other.epcis.retrieveEvent(id), NotFoundError);
    await assert.rejects(other.epcis.retrieveCapture(job.captureID), NotFoundError);
    assert.equal((await other.epcis.queryEvents({ MATCH_epc: item('E1') })).events.length, 0);
    // The other merchant may capture the same event for itself.
    assert.equal((await other.epcis.capture(epcisDocument([commissioning('E1', '2026-11-07T08:00:00+08:00')]))).capturedCount, 1);
    assert.equal((await other.epcis.retrieveEvent(id)).eventID, id);
    const pk = new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 });
    assert.equal((await raw('/epcis/events', { key: p.keys.merchant.publishableKey })).status, 403);
    await assert.rejects(pk.epcis.queryEvents());
  });

  it('should keep an outbox batch queued when the platform refuses events of it, and send it once fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mashang-epcis-sender-'));
    try {
      const taken = { ...commissioning('G1', '2026-11-09T08:00:00+08:00'), eventID: 'urn:uuid:0b2f4c1e-2d1a-4b7e-9d8e-000000000009' } as EpcisEvent;
      await shop.epcis.capture(epcisDocument([taken]));
      const outbox = createOutbox({ store: fileOutboxStore(dir), send: captureSender(shop) });
      const clash = { ...commissioning('G2', '2026-11-09T08:00:00+08:00'), eventID: taken.eventID } as EpcisEvent;
      const [fine, bad] = await outbox.add([commissioning('G3', '2026-11-09T08:00:00+08:00'), clash]);
      await assert.rejects(outbox.flush(), (e: unknown) => e instanceof EpcisCaptureFailedError && e.job.errors[0]!.instance === '/epcisBody/eventList/1' && /already names another event/.test(e.message));
      assert.equal(await outbox.size(), 2, 'the batch stays queued');
      await outbox.discard([bad!]);
      assert.deepEqual(await outbox.flush(), { sent: 1, remaining: 0 });
      assert.equal((await shop.epcis.retrieveEvent(fine!)).eventID, fine);
      await outbox.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should capture one event synchronously with POST /epcis/events', async () => {
    const event = { '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], ...commissioning('F1', '2026-11-08T08:00:00+08:00') };
    const res = await post('/epcis/events', event);
    assert.equal(res.status, 201);
    const id = await eventHashId(event);
    assert.equal(res.body!.eventID, id);
    assert.equal(res.headers.get('location'), `/epcis/events/${encodeURIComponent(id)}`);
    assert.equal((await post('/epcis/events', event)).status, 201);
    assert.equal((await post('/epcis/events', epcisDocument([event]))).body!.error.code, 'single_event_expected');
  });
});

describe('GET /epcis/events', () => {
  const events: EpcisEvent[] = [];
  before(async () => {
    const t = (h: number) => new Date(Date.UTC(2026, 10, 10, h)).toISOString();
    for (let i = 0; i < 7; i++) {
      events.push(
        objectEvent({
          action: 'OBSERVE',
          bizStep: i % 2 ? 'shipping' : 'receiving',
          disposition: i % 2 ? 'in_transit' : 'in_progress',
          epcList: [item(`Q${i}`)],
          quantityList: [{ epcClass: lgtinClass(GTIN, LOT), quantity: 1 }],
          eventTime: t(i),
          eventTimeZoneOffset: '+08:00',
          readPoint: { id: i < 3 ? FACTORY : WAREHOUSE },
          bizLocation: { id: i < 3 ? FACTORY : WAREHOUSE },
        }),
      );
    }
    events.push(aggregationEvent({ action: 'ADD', bizStep: 'packing', parentID: ssccDigitalLink('069012340000000016'), childEPCs: [item('Q0'), item('Q1')], eventTime: t(8), eventTimeZoneOffset: '+08:00' }));
    await shop.epcis.capture(epcisDocument(events));
  });

  it('should match an EPC in any spelling: Digital Link, another host, EPC URN', async () => {
    const id = await eventHashId(events[2]!);
    for (const epc of [item('Q2'), `https://shop.example.cn/01/${GTIN}/21/Q2`, sgtinEpcUri(GTIN, 'Q2', 7)]) {
      const page = await shop.epcis.queryEvents({ MATCH_epc: epc });
      assert.deepEqual(page.events.map((e) => e.eventID), [id], epc);
    }
    const children = await shop.epcis.queryEvents({ MATCH_epc: [item('Q0')] });
    assert.deepEqual(children.events.map((e) => e.type), ['ObjectEvent', 'AggregationEvent']);
    const parents = await shop.epcis.queryEvents({ MATCH_parentID: 'urn:epc:id:sscc:6901234.0000000001' });
    assert.deepEqual(parents.events.map((e) => e.type), ['AggregationEvent']);
  });

  it('should combine filters: class, type, step, disposition, location, time window, pattern', async () => {
    const ids = async (params: Parameters<Mashang['epcis']['queryEvents']>[0]) => (await shop.epcis.queryEvents({ perPage: 100, ...params })).events.map((e) => e.eventID);
    const all = await Promise.all(events.map((e) => eventHashId(e)));
    assert.deepEqual(await ids({ MATCH_epcClass: lgtinClass(GTIN, LOT) }), all.slice(0, 7));
    assert.deepEqual(await ids({ MATCH_epcClass: lgtinClass(GTIN, LOT), EQ_bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping' }), [all[1], all[3], all[5]]);
    assert.deepEqual(await ids({ MATCH_epcClass: lgtinClass(GTIN, LOT), EQ_disposition: ['in_progress'], EQ_bizLocation: 'urn:epc:id:sgln:6901234.00001.0' }), [all[4], all[6]]);
    assert.deepEqual(
      await ids({ MATCH_epcClass: lgtinClass(GTIN, LOT), GE_eventTime: '2026-11-10T10:00:00+08:00', LT_eventTime: new Date(Date.UTC(2026, 10, 10, 4)) }),
      [all[2], all[3]],
    );
    assert.deepEqual(await ids({ eventType: 'AggregationEvent', MATCH_anyEPC: ssccDigitalLink('069012340000000016') }), [all[7]]);
    assert.deepEqual(await ids({ MATCH_epc: 'urn:epc:idpat:sgtin:6901234.056789.*', EQ_readPoint: WAREHOUSE, eventType: ['ObjectEvent'] }), all.slice(3, 7));
    assert.deepEqual(await ids({ MATCH_epcClass: lgtinClass(GTIN, LOT), orderBy: 'eventTime', orderDirection: 'DESC', perPage: 2 }), [all[6], all[5]]);
    assert.deepEqual(await ids({ EQ_eventID: [all[0]!, all[1]!] }), [all[0], all[1]]);
  });

  it('should paginate with nextPageToken, the Link header and async iteration', async () => {
    const query = `MATCH_epcClass=${encodeURIComponent(lgtinClass(GTIN, LOT))}&perPage=3`;
    const first = await raw(`/epcis/events?${query}`);
    const link = first.headers.get('link')!;
    assert.match(link, /^<http:\/\/127\.0\.0\.1:\d+\/epcis\/events\?perPage=3&nextPageToken=[\w-]+>; rel="next"$/);
    assert.equal(first.body!['mashang:nextPageToken'], new URL(link.slice(1, link.indexOf('>'))).searchParams.get('nextPageToken'));
    const second = await raw(new URL(link.slice(1, link.indexOf('>'))).pathname + new URL(link.slice(1, link.indexOf('>'))).search);
    const third = await raw(`/epcis/events?${query}&nextPageToken=${second.body!['mashang:nextPageToken']}`);
    assert.equal(third.headers.get('link'), null);
    const paged = [first, second, third].flatMap((r) => r.body!.epcisBody.queryResults.resultsBody.eventList.map((e: any) => e.eventID));
    assert.deepEqual(paged, await Promise.all(events.slice(0, 7).map((e) => eventHashId(e))));
    const iterated: string[] = [];
    for await (const e of shop.epcis.allEvents({ MATCH_epcClass: lgtinClass(GTIN, LOT), perPage: 2 })) iterated.push(e.eventID);
    assert.deepEqual(iterated, paged);
    // Ordered by event time, descending, across pages.
    const desc: string[] = [];
    for await (const e of shop.epcis.allEvents({ MATCH_epcClass: lgtinClass(GTIN, LOT), perPage: 2, orderBy: 'eventTime', orderDirection: 'DESC' })) desc.push(e.eventID);
    assert.deepEqual(desc, [...paged].reverse());
  });

  it('should answer events with recordTime and eventID, and a query document the schema accepts', async () => {
    const { validateEpcisDocument } = await import('@mashang/sdk/epcis');
    const page = await shop.epcis.queryEvents({ MATCH_epcClass: lgtinClass(GTIN, LOT), perPage: 3 });
    assert.deepEqual(validateEpcisDocument(page.document), { valid: true });
    for (const e of page.events) {
      assert.ok(!Number.isNaN(Date.parse(e.recordTime)));
      assert.equal(await eventHashId(e), e.eventID, 'the answered event hashes to its eventID');
    }
    const one = await raw(`/epcis/events/${encodeURIComponent(page.events[0]!.eventID)}`);
    assert.equal(one.status, 200);
    assert.deepEqual(validateEpcisDocument(one.body), { valid: true });
  });

  it('should refuse unknown or malformed parameters with a 400 naming them', async () => {
    const bad = async (qs: string) => (await raw(`/epcis/events?${qs}`)).body!.error;
    assert.equal((await bad('MATCH_epcs=x:y')).param, 'MATCH_epcs');
    assert.equal((await bad('GE_eventTime=yesterday')).param, 'GE_eventTime');
    assert.equal((await bad('EQ_bizStep=shipin')).param, 'EQ_bizStep');
    assert.match((await bad('EQ_bizStep=shipin')).message, /not a CBV 2.0 business step/);
    assert.equal((await bad('MATCH_epc=not a uri')).param, 'MATCH_epc');
    assert.equal((await bad('MATCH_epc=urn:x:%00')).param, 'MATCH_epc');
    assert.equal((await bad('GE_eventTime=0000-01-01T00:00:00Z')).param, 'GE_eventTime');
    assert.equal((await bad('perPage=0')).param, 'perPage');
    assert.equal((await bad('perPage=1001')).param, 'perPage');
    assert.equal((await bad('eventType=QuantityEvent')).param, 'eventType');
    assert.equal((await bad('nextPageToken=abc')).code, 'next_page_token_invalid');
    assert.equal((await bad('MATCH_epc=urn:epc:idpat:sgtin:6901234.*.*')).code, 'epc_pattern_unsupported');
    const page = await shop.epcis.queryEvents({ MATCH_epcClass: lgtinClass(GTIN, LOT), perPage: 1 });
    assert.equal((await bad(`eventType=AggregationEvent&nextPageToken=${page.nextPageToken}`)).code, 'next_page_token_mismatch');
    await assert.rejects(shop.epcis.queryEvents({ perPage: 0 }), ValidationError);
  });

  it('should answer 404 for an unknown event or capture', async () => {
    await assert.rejects(shop.epcis.retrieveEvent('ni:///sha-256;00?ver=CBV2.0'), NotFoundError);
    await assert.rejects(shop.epcis.retrieveCapture('job_00000000000000000000000000'), NotFoundError);
    assert.equal((await raw('/epcis/capture/nope')).body!.error.param, 'captureID');
  });

  it('should list capture jobs newest first', async () => {
    const page = await shop.epcis.listCaptures({ limit: 2 });
    assert.equal(page.data.length, 2);
    assert.ok(page.has_more);
    assert.ok(page.data[0]!.captureID > page.data[1]!.captureID);
  });

  it('should answer OPTIONS discovery and CORS preflight', async () => {
    const res = await fetch(`${p.url}/epcis/capture`, { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('gs1-capture-error-behaviour'), 'rollback,proceed');
    assert.equal(res.headers.get('gs1-epcis-capture-file-size-limit'), String(16 * 1024 * 1024));
    const pre = await fetch(`${p.url}/epcis/events`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.cn', 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  });
});
