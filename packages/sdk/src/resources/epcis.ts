/** @module EPCIS: capture journey events (EPCIS 2.0 REST binding) and query them back. */
import type { Transport, RequestOptions } from '../transport.js';
import type { EpcisDocument, EpcisEvent } from '../epcis/types.js';
import type { OutboxSendState } from '../epcis/outbox.js';
import { MashangError } from '../errors/mashang-error.js';
import { ValidationError } from '../errors/transport-errors.js';
import { parseWith } from '../internal/parse.js';
import {
  EpcisCaptureIdParams,
  EpcisCaptureJob,
  EpcisCaptureJobList,
  EpcisCaptureListQuery,
  EpcisCaptureQuery,
  EpcisEventsQuery,
  EpcisQueryDocument,
  EpcisStoredEvent,
  NEXT_PAGE_TOKEN_KEY,
  type EpcisCaptureErrorBehaviour,
} from '../schemas/epcis.js';

type Many<T extends string> = T | readonly T[];
type Time = string | Date;

/**
 * Typed parameters of {@link Epcis.queryEvents}: the EPCIS 2.0 query parameters, with lists as
 * arrays (sent pipe-delimited) and times as `Date`s or RFC 3339 strings.
 * @category Resources
 */
export interface EpcisEventsParams {
  eventType?: Many<'ObjectEvent' | 'AggregationEvent' | 'TransactionEvent' | 'TransformationEvent' | 'AssociationEvent'>;
  GE_eventTime?: Time;
  LT_eventTime?: Time;
  GE_recordTime?: Time;
  LT_recordTime?: Time;
  EQ_action?: Many<'ADD' | 'OBSERVE' | 'DELETE'>;
  /** CBV bare words (`shipping`) or URIs. */
  EQ_bizStep?: Many<string>;
  EQ_disposition?: Many<string>;
  EQ_readPoint?: Many<string>;
  EQ_bizLocation?: Many<string>;
  /**
   * EPCs (EPC URNs or Digital Links on any host) in `epcList`/`childEPCs`.
   * @example ['https://id.gs1.org/01/06901234567892/21/A1B2']
   */
  MATCH_epc?: Many<string>;
  MATCH_parentID?: Many<string>;
  MATCH_inputEPC?: Many<string>;
  MATCH_outputEPC?: Many<string>;
  MATCH_anyEPC?: Many<string>;
  /** EPC classes such as the LGTIN `https://id.gs1.org/01/<gtin>/10/<lot>`. */
  MATCH_epcClass?: Many<string>;
  MATCH_inputEPCClass?: Many<string>;
  MATCH_outputEPCClass?: Many<string>;
  MATCH_anyEPCClass?: Many<string>;
  EQ_eventID?: Many<string>;
  /** Only events with an error declaration. */
  EXISTS_errorDeclaration?: boolean;
  /** @default record order */
  orderBy?: 'eventTime' | 'recordTime';
  /** @default 'ASC' */
  orderDirection?: 'ASC' | 'DESC';
  /** Events per page, 1–1000. @default 30 */
  perPage?: number;
  /** Continue after a previous page. */
  nextPageToken?: string;
}

/** One page of {@link Epcis.queryEvents}. @category Resources */
export interface EpcisEventPage {
  events: (EpcisEvent & { eventID: string; recordTime: string })[];
  /** Pass it as `nextPageToken` to get the next page; undefined on the last page. */
  nextPageToken: string | undefined;
  /** The `EPCISQueryDocument` as answered. */
  document: EpcisQueryDocument;
}

/** Options of {@link Epcis.capture}. @category Resources */
export interface EpcisCaptureOptions extends RequestOptions {
  /**
   * `rollback` stores nothing when one event fails; `proceed` stores the rest.
   * @default 'rollback'
   */
  errorBehaviour?: EpcisCaptureErrorBehaviour;
}

function toQuery(params: EpcisEventsParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params) as [string, unknown][]) {
    if (value === undefined) continue;
    if (key === 'EXISTS_errorDeclaration') {
      if (value === true) out[key] = 'true';
      else if (value !== false) out[key] = String(value);
    } else if (value instanceof Date) out[key] = value.toISOString();
    else if (Array.isArray(value)) out[key] = value.map((v) => (v instanceof Date ? v.toISOString() : String(v))).join('|');
    else out[key] = String(value);
  }
  return out;
}

/**
 * `client.epcis` — journey events (一物一码 溯源) through the EPCIS 2.0 REST binding: capture
 * documents, follow capture jobs, query events. Build events with `@mashang/sdk/epcis`.
 * @category Resources
 */
export class Epcis {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Captures an EPCIS 2.0 document (or an `EPCISQueryDocument`, or one event with its
   * `@context`). The platform validates it against the official schema (a 400 names every
   * problem by JSON pointer), stores each event once per CBV 2.0 hash ID and answers the
   * finished capture job. Capturing the same events again stores nothing new.
   * @example
   * import { epcisDocument, objectEvent, sgtinDigitalLink } from '@mashang/sdk/epcis';
   * const job = await shop.epcis.capture(epcisDocument([
   *   objectEvent({ action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: [sgtinDigitalLink(gtin, serial)] }),
   * ]));
   * if (!job.success) console.error(job.errors);
   */
  async capture(document: EpcisDocument | EpcisEvent | Record<string, unknown>, options: EpcisCaptureOptions = {}): Promise<EpcisCaptureJob> {
    const { errorBehaviour, ...requestOptions } = options;
    const query = parseWith(EpcisCaptureQuery, errorBehaviour ? { errorBehaviour } : {}, 'Invalid epcis.capture() options');
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new ValidationError('Invalid epcis.capture() document', [
        { path: '', message: 'must be an EPCIS document object, e.g. epcisDocument([event]) from @mashang/sdk/epcis' },
      ]);
    }
    return this.#t.request({ method: 'post', path: '/epcis/capture', query, body: document, schema: EpcisCaptureJob, options: requestOptions });
  }

  /** A capture job by its `captureID` (`job_…`). */
  retrieveCapture(captureId: string, options?: RequestOptions): Promise<EpcisCaptureJob> {
    parseWith(EpcisCaptureIdParams, { captureID: captureId }, 'Invalid epcis.retrieveCapture() id');
    return this.#t.request({ method: 'get', path: `/epcis/capture/${encodeURIComponent(captureId)}`, schema: EpcisCaptureJob, options });
  }

  /** Capture jobs, newest first. */
  listCaptures(params: EpcisCaptureListQuery = {}, options?: RequestOptions): Promise<EpcisCaptureJobList> {
    const query = parseWith(EpcisCaptureListQuery, params, 'Invalid epcis.listCaptures() params');
    return this.#t.request({ method: 'get', path: '/epcis/capture', query, schema: EpcisCaptureJobList, options });
  }

  /**
   * One page of events matching the EPCIS query parameters.
   * @example
   * const page = await shop.epcis.queryEvents({ MATCH_epc: [code], perPage: 50 });
   * for (const event of page.events) console.log(event.bizStep, event.eventTime);
   */
  async queryEvents(params: EpcisEventsParams = {}, options?: RequestOptions): Promise<EpcisEventPage> {
    const query = parseWith(EpcisEventsQuery, toQuery(params), 'Invalid epcis.queryEvents() params');
    const document = await this.#t.request({ method: 'get', path: '/epcis/events', query: query as Record<string, string>, schema: EpcisQueryDocument, options });
    return {
      events: document.epcisBody.queryResults.resultsBody.eventList as unknown as EpcisEventPage['events'],
      nextPageToken: document[NEXT_PAGE_TOKEN_KEY],
      document,
    };
  }

  /**
   * Every matching event, following `nextPageToken` from page to page.
   * @example
   * for await (const event of shop.epcis.allEvents({ MATCH_epcClass: lgtinClass(gtin, lot) })) console.log(event.eventID);
   */
  async *allEvents(params: Omit<EpcisEventsParams, 'nextPageToken'> = {}, options?: RequestOptions): AsyncGenerator<EpcisEventPage['events'][number]> {
    let token: string | undefined;
    do {
      const page = await this.queryEvents({ ...params, ...(token ? { nextPageToken: token } : {}) }, options);
      yield* page.events;
      token = page.nextPageToken;
    } while (token);
  }

  /** One event by its eventID (the hash ID `ni:///sha-256;…?ver=CBV2.0`, or the id the capturer chose). */
  async retrieveEvent(eventId: string, options?: RequestOptions): Promise<EpcisEventPage['events'][number]> {
    if (typeof eventId !== 'string' || eventId.length === 0) {
      throw new ValidationError('Invalid epcis.retrieveEvent() id', [{ path: '', message: 'must be an eventID such as ni:///sha-256;…?ver=CBV2.0' }]);
    }
    const event = await this.#t.request({ method: 'get', path: `/epcis/events/${encodeURIComponent(eventId)}`, schema: EpcisStoredEvent, options });
    return event as unknown as EpcisEventPage['events'][number];
  }
}

/** Thrown by {@link captureSender} when the platform stored the batch only in part or not at all. @category Resources */
export class EpcisCaptureFailedError extends MashangError {
  override name = 'EpcisCaptureFailedError';
  /** The finished capture job with its `errors`. */
  readonly job: EpcisCaptureJob;
  constructor(job: EpcisCaptureJob) {
    super(
      `Capture ${job.captureID} stored ${job.capturedCount} of ${job.eventCount} events: ${job.errors
        .slice(0, 3)
        .map((e) => `${e.instance ?? ''} ${e.detail ?? e.title}`.trim())
        .join('; ')}`,
    );
    this.job = job;
  }
}

/**
 * The `send` function of an outbox (`createOutbox` from `@mashang/sdk/epcis`) that delivers
 * each batch with `POST /epcis/capture`. It resolves once the platform stored every event of the
 * batch (new or already known), so the outbox removes the batch only then; it rejects on network
 * errors (after the client's retries) and with {@link EpcisCaptureFailedError} when the platform
 * refused events, leaving the batch queued.
 * @example
 * import { createOutbox, fileOutboxStore } from '@mashang/sdk/epcis';
 * const outbox = createOutbox({ store: fileOutboxStore('./epcis-outbox'), send: captureSender(shop) });
 */
export function captureSender(client: { epcis: Epcis }): (document: EpcisDocument, state: OutboxSendState) => Promise<EpcisCaptureJob> {
  return async (document, { signal }) => {
    const job = await client.epcis.capture(document, signal ? { signal } : {});
    if (!job.success) throw new EpcisCaptureFailedError(job);
    return job;
  };
}
