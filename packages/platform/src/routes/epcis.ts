/**
 * @module The EPCIS 2.0 REST binding for merchants (一物一码 journey events): capture, capture
 * jobs, events query and single events under `/epcis`, plus the journey of a scanned code for
 * the public trace record.
 */
import {
  EPCIS_CAPTURE_FILE_SIZE_LIMIT,
  EPCIS_CAPTURE_LIMIT,
  EpcisCaptureErrorBehaviour,
  EpcisCaptureIdParams,
  EpcisCaptureJob,
  EpcisCaptureJobList,
  EpcisCaptureListQuery,
  EpcisCaptureQuery,
  EpcisEventIdParams,
  EpcisEventsQuery,
  EpcisQueryDocument,
  EpcisStoredEvent,
  NEXT_PAGE_TOKEN_KEY,
} from '@mashang/sdk';
import { EPCIS_CONTEXT } from '@mashang/sdk/epcis';
import { parseDigitalLink } from '@mashang/sdk/digital-link';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv, Platform } from '../context.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { dataCipher } from '../internal/crypto.js';
import type { router } from '../route.js';
import { answerEvent, capture, checkDocument, hashId } from '../epcis/capture.js';
import { journeyFor } from '../epcis/journey.js';
import { queryEvents } from '../epcis/query.js';
import { findCaptureJob, findEvent, listCaptureJobs, type EventRow } from '../store/epcis.js';
import { JOURNEY_REQUEST } from '../trace/record.js';
import { resolveDigitalLink } from '../trace/resolve.js';
import { RETAIL_SOLD } from './trace.js';

const TAG = 'EPCIS';
/** Namespace of the platform's own keys in EPCIS answers (`mashang:nextPageToken`). */
const NAMESPACE = { mashang: 'urn:mashang:epcis:' };

/** Headers every `/epcis` answer carries, and `OPTIONS` discovery. */
function epcisHeaders(): MiddlewareHandler<AppEnv> {
  const allowCors = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Mashang-Merchant', 'GS1-Capture-Error-Behaviour', 'GS1-EPCIS-Version', 'GS1-CBV-Version'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    exposeHeaders: ['Request-Id', 'Location', 'Link', 'GS1-EPCIS-Version', 'GS1-CBV-Version', 'GS1-EPCIS-Capture-Limit', 'GS1-EPCIS-Capture-File-Size-Limit', 'GS1-Capture-Error-Behaviour'],
    maxAge: 600,
  });
  return async function epcisHeaders(c, next) {
    const h = c.res.headers;
    h.set('GS1-EPCIS-Version', '2.0.0');
    h.set('GS1-CBV-Version', '2.0.0');
    h.set('GS1-EPCIS-Capture-Limit', String(EPCIS_CAPTURE_LIMIT));
    h.set('GS1-EPCIS-Capture-File-Size-Limit', String(EPCIS_CAPTURE_FILE_SIZE_LIMIT));
    if (c.req.method === 'OPTIONS') {
      // Discovery (EPCIS 2.0 §12): versions, limits and the error behaviours on offer.
      h.set('GS1-Capture-Error-Behaviour', 'rollback,proceed');
      h.set('GS1-EPCIS-Min', '2.0.0');
      h.set('GS1-EPCIS-Max', '2.0.0');
      h.set('GS1-CBV-Min', '2.0.0');
      h.set('GS1-CBV-Max', '2.0.0');
      h.set('Allow', 'GET, POST, OPTIONS');
    }
    return allowCors(c, next);
  };
}

function checkVersion(c: Context<AppEnv>): void {
  const version = c.req.header('gs1-epcis-version');
  if (version !== undefined && !/^2\.0(\.\d+)?$/.test(version.trim())) {
    throw new HttpError('invalid_request_error', 'epcis_version_unsupported', `GS1-EPCIS-Version '${version}' is not supported; this platform speaks EPCIS 2.0.0.`, {
      status: 406,
      param: 'GS1-EPCIS-Version',
    });
  }
}

function errorBehaviour(c: Context<AppEnv>, fromQuery: EpcisCaptureErrorBehaviour | undefined): EpcisCaptureErrorBehaviour {
  const header = c.req.header('gs1-capture-error-behaviour')?.trim().toLowerCase();
  if (header === undefined || header === '') return fromQuery ?? 'rollback';
  const parsed = EpcisCaptureErrorBehaviour.safeParse(header);
  if (!parsed.success) {
    throw invalid('GS1-Capture-Error-Behaviour', 'capture_error_behaviour_invalid', `GS1-Capture-Error-Behaviour must be 'rollback' (the default) or 'proceed', got '${header}'.`);
  }
  return parsed.data;
}

/** The JSON body of a capture (`application/json` or `application/ld+json`), and whether it has `\u` escapes. */
function documentOf(c: Context<AppEnv>, raw: Uint8Array | undefined): { doc: unknown; escapes: boolean } {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(ld\+)?json\b/i.test(type)) {
    throw new HttpError('invalid_request_error', 'content_type_unsupported', `Send the EPCIS document as JSON with Content-Type: application/ld+json or application/json (got '${type || 'none'}').`, {
      status: 415,
    });
  }
  if (!raw || raw.byteLength === 0) throw invalid('body', 'body_missing', 'The body is empty; send an EPCISDocument (see epcisDocument() in @mashang/sdk/epcis).');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return { doc: JSON.parse(text), escapes: text.includes('\\u') };
  } catch (error) {
    throw invalid('body', 'body_invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Tells the item-code capability which items were sold (for the "scanned after sale" flag). */
async function announceSales(platform: Platform, merchantId: string, stored: EventRow[]): Promise<void> {
  const sold = stored.filter((e) => e.disposition === 'retail_sold' && e.action !== 'DELETE' && e.errorDeclaredAt === null);
  if (sold.length === 0) return;
  const items = sold.flatMap((e) => e.epcs.filter(([epc, role]) => role === 'epc' && /\/01\/\d{14}\/21\//.test(epc)).map(([epc]) => ({ epc, at: e.eventTime })));
  const gtins = [...new Set(items.map((i) => /\/01\/(\d{14})\//.exec(i.epc)![1]!))];
  if (gtins.length === 0) return;
  // Only the merchant's own products: another merchant cannot mark them sold.
  const { rows } = await platform.db.query<{ gtin: string }>('select gtin from products where merchant_id = $1 and gtin = any($2::text[])', [merchantId, gtins]);
  const own = new Set(rows.map((r) => r.gtin));
  for (const { epc, at } of items) {
    if (own.has(/\/01\/(\d{14})\//.exec(epc)![1]!)) await platform.bus.emit(RETAIL_SOLD, { uri: epc, at: new Date(at).toISOString() });
  }
}

/** The capability. */
export function epcisRoutes(route: ReturnType<typeof router>, platform: Platform, app: Hono<AppEnv>): void {
  const { db } = platform;
  app.use('/epcis/*', epcisHeaders());

  route(
    {
      method: 'post',
      path: '/epcis/capture',
      summary: 'Capture EPCIS 2.0 events',
      description:
        'Body: an EPCISDocument, an EPCISQueryDocument or one event with its @context, checked against the official EPCIS 2.0 JSON Schema (400 lists every problem by JSON pointer). ' +
        `Each event is stored once per merchant and CBV 2.0 event hash ID, so sending it again is harmless. At most ${EPCIS_CAPTURE_LIMIT} events and ${EPCIS_CAPTURE_FILE_SIZE_LIMIT} bytes (the GS1-EPCIS-Capture-Limit headers). ` +
        '`GS1-Capture-Error-Behaviour: rollback` (default) stores nothing when one event fails; `proceed` stores the others. The platform answers 202 once the job finished; `Location` names it.',
      tag: TAG,
      auth: 'merchant',
      query: EpcisCaptureQuery,
      consumes: 'application/ld+json',
      bodyLimit: EPCIS_CAPTURE_FILE_SIZE_LIMIT,
      response: EpcisCaptureJob,
      status: 202,
    },
    async ({ c, raw, query, merchantId }) => {
      checkVersion(c);
      const behaviour = errorBehaviour(c, query.errorBehaviour);
      const { doc, escapes } = documentOf(c, raw);
      const { job, stored } = await capture(db, merchantId!, doc, behaviour, checkDocument(doc, { escapes }));
      await announceSales(platform, merchantId!, stored);
      return c.json(job, 202, { Location: `/epcis/capture/${job.captureID}` });
    },
  );

  route(
    { method: 'get', path: '/epcis/capture', summary: 'List capture jobs, newest first', tag: TAG, auth: 'merchant', query: EpcisCaptureListQuery, response: EpcisCaptureJobList },
    async ({ query, merchantId }) => listCaptureJobs(db, merchantId!, query.limit ?? 10, query.starting_after),
  );

  route(
    { method: 'get', path: '/epcis/capture/{captureID}', summary: 'Retrieve a capture job', tag: TAG, auth: 'merchant', params: EpcisCaptureIdParams, response: EpcisCaptureJob },
    async ({ params, merchantId }) => (await findCaptureJob(db, merchantId!, params.captureID)) ?? Promise.reject(notFound('capture job', params.captureID, 'captureID')),
  );

  route(
    {
      method: 'post',
      path: '/epcis/events',
      summary: 'Capture one EPCIS event',
      description: 'The synchronous form of capture for one event with its @context: 201 with the stored event, `Location` names it. Capturing it again answers the stored event.',
      tag: TAG,
      auth: 'merchant',
      consumes: 'application/ld+json',
      bodyLimit: 1024 * 1024,
      response: EpcisStoredEvent,
      status: 201,
    },
    async ({ c, raw, merchantId }) => {
      checkVersion(c);
      const { doc, escapes } = documentOf(c, raw);
      const unwrapped = checkDocument(doc, { escapes });
      if (!unwrapped.bare) throw invalid('type', 'single_event_expected', 'POST /epcis/events takes one event; send documents to POST /epcis/capture.');
      const { job } = await capture(db, merchantId!, doc, 'rollback', unwrapped);
      if (!job.success) {
        const problem = job.errors[0]!;
        throw new HttpError(problem.status === 409 ? 'conflict' : 'invalid_request_error', 'event_rejected', problem.detail ?? problem.title, { param: problem.instance });
      }
      const stored = await findEvent(db, merchantId!, hashId(doc, undefined));
      const event = answerEvent(stored!.body, stored!.record_time, true);
      return c.json(event, 201, { Location: `/epcis/events/${encodeURIComponent(String(event['eventID']))}` });
    },
  );

  route(
    {
      method: 'get',
      path: '/epcis/events',
      summary: 'Query events',
      description:
        'EPCIS 2.0 query parameters in the query string; lists are pipe-delimited (`MATCH_epc=a|b`). EPCs and locations match in any form (EPC URN or Digital Link on any host). ' +
        'Answers an EPCISQueryDocument; when more events match, `Link: <…>; rel="next"` points at the next page and `mashang:nextPageToken` repeats its token.',
      tag: TAG,
      auth: 'merchant',
      query: EpcisEventsQuery,
      response: EpcisQueryDocument,
    },
    async ({ c, query, merchantId }) => {
      const page = await queryEvents(db, merchantId!, query);
      const document: Record<string, unknown> = {
        '@context': [EPCIS_CONTEXT, NAMESPACE],
        type: 'EPCISQueryDocument',
        schemaVersion: '2.0',
        creationDate: new Date().toISOString(),
        epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: page.rows.map((r) => answerEvent(r.body, r.record_time, false)) } } },
      };
      if (page.nextPageToken) {
        document[NEXT_PAGE_TOKEN_KEY] = page.nextPageToken;
        const next = new URL('/epcis/events', platform.publicUrl());
        if (query.perPage !== undefined) next.searchParams.set('perPage', String(query.perPage));
        next.searchParams.set('nextPageToken', page.nextPageToken);
        c.header('Link', `<${next.toString()}>; rel="next"`);
      }
      return document;
    },
  );

  route(
    { method: 'get', path: '/epcis/events/{eventID}', summary: 'Retrieve an event by its eventID', tag: TAG, auth: 'merchant', params: EpcisEventIdParams, response: EpcisStoredEvent },
    async ({ params, merchantId }) => {
      const row = await findEvent(db, merchantId!, params.eventID);
      if (!row) throw notFound('event', params.eventID, 'eventID');
      return answerEvent(row.body, row.record_time, true);
    },
  );

  // The public trace record asks for the journey of a scanned code; it says whose code it is
  // (only that merchant's events are told), else the code is resolved here.
  platform.bus.on(JOURNEY_REQUEST, async (payload) => {
    const events = payload['events'];
    const uri = payload['canonical_uri'];
    if (!Array.isArray(events) || typeof uri !== 'string') return;
    let { merchant_id: merchantId, gtin, lot, serial } = payload as Record<string, string | null | undefined>;
    if (!merchantId || !gtin) {
      const resolution = await resolveDigitalLink(db, await dataCipher(platform, platform.config), parseDigitalLink(uri, { permitZeroSuppressedGtin: true }));
      if (!resolution.known || !resolution.product) return;
      merchantId = resolution.product.merchant_id;
      gtin = resolution.product.gtin;
      lot = resolution.batch?.lot ?? resolution.lot;
      serial = resolution.serial;
    }
    events.push(...(await journeyFor(db, { merchantId, gtin, lot: lot ?? null, serial: serial ?? null })));
  });
}
