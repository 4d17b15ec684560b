/**
 * @module EPCIS 2.0 REST binding (`/epcis/…`): capture jobs, the events query and its answer,
 * and the journey steps a public trace record shows.
 */
import * as z from 'zod/mini';
import { BIZ_STEPS, DISPOSITIONS } from '../epcis/vocab.js';

/** Most events one capture document may hold (advertised as `GS1-EPCIS-Capture-Limit`). @category Schemas */
export const EPCIS_CAPTURE_LIMIT = 10_000;
/** Largest capture body in bytes (advertised as `GS1-EPCIS-Capture-File-Size-Limit`). @category Schemas */
export const EPCIS_CAPTURE_FILE_SIZE_LIMIT = 16 * 1024 * 1024;
/** Largest `perPage` of `GET /epcis/events`. @category Schemas */
export const EPCIS_MAX_PER_PAGE = 1000;

/**
 * What a capture does when one event cannot be stored (`GS1-Capture-Error-Behaviour`):
 * `rollback` stores nothing (the default), `proceed` stores every event that can be.
 * @category Schemas
 */
export const EpcisCaptureErrorBehaviour = z.enum(['rollback', 'proceed']);
export type EpcisCaptureErrorBehaviour = z.infer<typeof EpcisCaptureErrorBehaviour>;

/** Query of `POST /epcis/capture`, for clients that cannot set the `GS1-Capture-Error-Behaviour` header. @category Schemas */
export const EpcisCaptureQuery = z.strictObject({
  /** Same as the header; the header wins when both are sent. @default 'rollback' */
  errorBehaviour: z.optional(EpcisCaptureErrorBehaviour),
});
export type EpcisCaptureQuery = z.input<typeof EpcisCaptureQuery>;

/** One problem of a capture job, as an RFC 7807 problem detail. @category Schemas */
export const EpcisCaptureProblem = z.object({
  /** `epcisException:ValidationException`, `epcisException:CaptureLimitExceededException`, … */
  type: z.string(),
  title: z.string(),
  status: z.number(),
  /** What is wrong and how to fix it. */
  detail: z.optional(z.string()),
  /** JSON pointer of the event in the captured document, e.g. `/epcisBody/eventList/3`. */
  instance: z.optional(z.string()),
});
export type EpcisCaptureProblem = z.infer<typeof EpcisCaptureProblem>;

/**
 * A capture job (EPCIS 2.0 `CaptureJob`). The platform stores the document before it answers
 * `202`, so the job is usually finished already; poll `GET /epcis/capture/{captureID}` while
 * `running` is true.
 * @category Schemas
 */
export const EpcisCaptureJob = z.object({
  /** `job_…` */
  captureID: z.string(),
  createdAt: z.string(),
  finishedAt: z.nullable(z.string()),
  running: z.boolean(),
  /** False when at least one event could not be stored (with `rollback`: none was). */
  success: z.boolean(),
  captureErrorBehaviour: EpcisCaptureErrorBehaviour,
  errors: z.array(EpcisCaptureProblem),
  /** Events in the captured document. */
  eventCount: z.number(),
  /** Events stored by this capture. */
  capturedCount: z.number(),
  /** Events the platform already had (same event hash ID): captures are idempotent. */
  duplicateCount: z.number(),
});
export type EpcisCaptureJob = z.infer<typeof EpcisCaptureJob>;

/** Query of `GET /epcis/capture`. @category Schemas */
export const EpcisCaptureListQuery = z.strictObject({
  /** Page size, 1–100. @default 10 */
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** Jobs created before this `captureID`. */
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type EpcisCaptureListQuery = z.input<typeof EpcisCaptureListQuery>;

/** A page of capture jobs, newest first. @category Schemas */
export const EpcisCaptureJobList = z.object({ object: z.literal('list'), data: z.array(EpcisCaptureJob), has_more: z.boolean() });
export type EpcisCaptureJobList = z.infer<typeof EpcisCaptureJobList>;

const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
const BIZ_STEP_WORDS: ReadonlySet<string> = new Set(BIZ_STEPS);
const DISPOSITION_WORDS: ReadonlySet<string> = new Set(DISPOSITIONS);

/** Splits a pipe-delimited EPCIS query value (`a|b`). */
export function splitPipes(value: string): string[] {
  return value.split('|').map((v) => v.trim());
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s|\u0000-\u001f\u007f]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function list(check: (value: string) => string | undefined) {
  return z.string().check(
    z.superRefine((raw, ctx) => {
      const values = splitPipes(raw);
      for (const value of values) {
        const problem = value === '' ? 'has an empty value; separate values with a single "|"' : check(value);
        if (problem) return ctx.addIssue({ code: 'custom', input: raw, message: problem });
      }
    }),
  );
}

const uriList = list((v) => (URI.test(v) ? undefined : `'${v}' is not an absolute URI (an EPC URN, a GS1 Digital Link or another URI)`));

const vocabList = (words: ReadonlySet<string>, kind: string, example: string) =>
  list((v) =>
    words.has(v) || URI.test(v)
      ? undefined
      : `'${v}' is not a CBV 2.0 ${kind} (bare words such as '${example}') nor a URI for a value of your own`,
  );

const enumList = (allowed: readonly string[]) =>
  list((v) => (allowed.includes(v) ? undefined : `'${v}' must be one of ${allowed.join(', ')}`));

const dateTime = z.string().check(
  z.superRefine((value, ctx) => {
    if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)) || value.startsWith('0000')) {
      ctx.addIssue({ code: 'custom', input: value, message: `must be an RFC 3339 date-time with a time zone, e.g. 2026-05-01T08:00:00+08:00; got '${value}'` });
    }
  }),
);

/**
 * Query of `GET /epcis/events` (EPCIS 2.0 query parameters in the URI query string).
 * Multi-valued parameters are pipe-delimited: `MATCH_epc=<uri>|<uri>`. EPCs may be EPC URNs or
 * GS1 Digital Links on any host; `urn:epc:idpat:sgtin:<company>.<item>.*` matches every serial of a GTIN.
 * @category Schemas
 */
export const EpcisEventsQuery = z.strictObject({
  /** `ObjectEvent|AggregationEvent|…` */
  eventType: z.optional(enumList(EVENT_TYPES)),
  /** Events at or after this time. */
  GE_eventTime: z.optional(dateTime),
  /** Events before this time. */
  LT_eventTime: z.optional(dateTime),
  /** Events recorded (captured) at or after this time. */
  GE_recordTime: z.optional(dateTime),
  /** Events recorded before this time. */
  LT_recordTime: z.optional(dateTime),
  /** `ADD|OBSERVE|DELETE` */
  EQ_action: z.optional(enumList(ACTIONS)),
  /** CBV business steps (`shipping`) or URIs. */
  EQ_bizStep: z.optional(vocabList(BIZ_STEP_WORDS, 'business step', 'shipping')),
  /** CBV dispositions (`in_transit`) or URIs. */
  EQ_disposition: z.optional(vocabList(DISPOSITION_WORDS, 'disposition', 'in_transit')),
  /** Read points (SGLN URN or Digital Link). */
  EQ_readPoint: z.optional(uriList),
  /** Business locations (SGLN URN or Digital Link). */
  EQ_bizLocation: z.optional(uriList),
  /** EPCs in `epcList` / `childEPCs`. */
  MATCH_epc: z.optional(uriList),
  /** EPCs in `parentID`. */
  MATCH_parentID: z.optional(uriList),
  /** EPCs in `inputEPCList`. */
  MATCH_inputEPC: z.optional(uriList),
  /** EPCs in `outputEPCList`. */
  MATCH_outputEPC: z.optional(uriList),
  /** EPCs anywhere: `epcList`, `childEPCs`, `parentID`, `inputEPCList`, `outputEPCList`. */
  MATCH_anyEPC: z.optional(uriList),
  /** EPC classes in `quantityList` / `childQuantityList` (an LGTIN such as `…/01/<gtin>/10/<lot>`). */
  MATCH_epcClass: z.optional(uriList),
  /** EPC classes in `inputQuantityList`. */
  MATCH_inputEPCClass: z.optional(uriList),
  /** EPC classes in `outputQuantityList`. */
  MATCH_outputEPCClass: z.optional(uriList),
  /** EPC classes in any quantity list. */
  MATCH_anyEPCClass: z.optional(uriList),
  /** Event IDs (the hash ID, or the eventID the capturer chose). */
  EQ_eventID: z.optional(uriList),
  /** Only events with an error declaration (send it without a value, or `true`). */
  EXISTS_errorDeclaration: z.optional(z.enum(['', 'true'], "takes no value: send 'EXISTS_errorDeclaration' alone (or '=true')")),
  /** Sort key. @default record order */
  orderBy: z.optional(z.enum(['eventTime', 'recordTime'], "must be 'eventTime' or 'recordTime'")),
  /** @default 'ASC' */
  orderDirection: z.optional(z.enum(['ASC', 'DESC'], "must be 'ASC' or 'DESC'")),
  /** Events per page, 1–1000. @default 30 */
  perPage: z.optional(
    z.coerce.number().check(z.int('must be an integer'), z.minimum(1, 'must be at least 1'), z.maximum(EPCIS_MAX_PER_PAGE, `must be at most ${EPCIS_MAX_PER_PAGE}`)),
  ),
  /** From the previous page's `Link` header (or its `mashang:nextPageToken`). */
  nextPageToken: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(8192, 'is too long'))),
});
export type EpcisEventsQuery = z.input<typeof EpcisEventsQuery>;

/** Path of `GET /epcis/events/{eventID}`. @category Schemas */
export const EpcisEventIdParams = z.object({ eventID: z.string().check(z.minLength(1), z.maxLength(2048)) });

/** Path of `GET /epcis/capture/{captureID}`. @category Schemas */
export const EpcisCaptureIdParams = z.object({
  captureID: z.string().check(z.regex(/^job_[0-9A-Za-z]{8,40}$/, 'must be a capture id like job_…')),
});

/**
 * An event as the platform answers it: the captured EPCIS 2.0 event with `eventID` (the
 * CBV 2.0 hash ID unless the capturer chose one) and `recordTime` set.
 * @category Schemas
 */
export const EpcisStoredEvent = z.looseObject({
  type: z.string(),
  eventID: z.string(),
  eventTime: z.string(),
  eventTimeZoneOffset: z.string(),
  recordTime: z.string(),
});
export type EpcisStoredEvent = z.infer<typeof EpcisStoredEvent>;

/** Extension key of the query answer that repeats the `Link` header's next-page token. @category Schemas */
export const NEXT_PAGE_TOKEN_KEY = 'mashang:nextPageToken';

/**
 * Answer of `GET /epcis/events`: an `EPCISQueryDocument`. When there are more events, the
 * `Link: <…>; rel="next"` header points at the next page and `mashang:nextPageToken` repeats its token.
 * @category Schemas
 */
export const EpcisQueryDocument = z.looseObject({
  '@context': z.unknown(),
  type: z.literal('EPCISQueryDocument'),
  schemaVersion: z.string(),
  creationDate: z.string(),
  epcisBody: z.object({
    queryResults: z.object({
      queryName: z.string(),
      resultsBody: z.object({ eventList: z.array(EpcisStoredEvent) }),
    }),
  }),
  [NEXT_PAGE_TOKEN_KEY]: z.optional(z.string()),
});
export type EpcisQueryDocument = z.infer<typeof EpcisQueryDocument>;

/** One sensor reading of a journey step. @category Schemas */
export const JourneySensorReading = z.object({
  /** GS1 measurement type, e.g. `Temperature`, `RelativeHumidity`. */
  type: z.nullable(z.string()),
  value: z.nullable(z.number()),
  min_value: z.nullable(z.number()),
  max_value: z.nullable(z.number()),
  mean_value: z.nullable(z.number()),
  /** UN/ECE Rec. 20 unit, e.g. `CEL`, `A93`. */
  uom: z.nullable(z.string()),
  time: z.nullable(z.string()),
  /** `ALARM_CONDITION` or `ERROR_CONDITION` when the sensor raised one. */
  exception: z.nullable(z.string()),
});
export type JourneySensorReading = z.infer<typeof JourneySensorReading>;
