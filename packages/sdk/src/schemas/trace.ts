/** @module Item codes (一物一码): products, batches, issuance jobs, the public trace record and PIN checks. */
import * as z from 'zod/mini';
import { DigitalLinkError } from '../digital-link/errors.js';
import { normalizeGtin } from '../digital-link/gtin.js';
import { Metadata, Timestamp, prefixedId } from './common.js';
import { JourneySensorReading } from './epcis.js';

/** Path parameter `{id}` of product routes. @category Schemas */
export const ProductId = prefixedId('prd');
/** Path parameter `{id}` of batch routes. @category Schemas */
export const BatchId = prefixedId('bat');
/** Path parameter `{id}` of job routes. @category Schemas */
export const JobId = prefixedId('job');

/**
 * A GTIN-8, -12, -13 or -14 with a correct GS1 mod-10 check digit. The platform stores and
 * answers it as 14 digits (left-padded with zeros), the form GS1 Digital Link requires.
 * @example '6901234567892'
 * @category Schemas
 */
export const Gtin = z.string().check(
  z.superRefine((value, ctx) => {
    try {
      normalizeGtin(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', input: value, message: error instanceof DigitalLinkError ? error.message : 'must be a GTIN' });
    }
  }),
);
export type Gtin = z.infer<typeof Gtin>;

/**
 * Characters a lot number may use: GS1 CSET 82 without `% & / < > ?`, which GB/T 33993
 * (商品二维码) forbids in AI (10) and AI (21).
 */
const LOT_CHARS = /^[!"'()*+,\-.0-9:;=A-Z_a-z]$/;

/**
 * A batch/lot number, AI (10): 1–20 characters from GS1 CSET 82 that GB/T 33993 also allows
 * (letters, digits and `! " ' ( ) * + , - . : ; = _`; no spaces, no `% & / < > ?`).
 * @example 'L20261122A'
 * @category Schemas
 */
export const Lot = z.string().check(
  z.superRefine((value, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', input: value, message });
    if (value.length === 0) return fail('must not be empty');
    if (value.length > 20) return fail(`must be at most 20 characters (GS1 AI 10), got ${value.length}`);
    for (let i = 0; i < value.length; i++) {
      if (!LOT_CHARS.test(value[i]!)) {
        const ch = value[i] === ' ' ? 'a space' : `'${value[i]}'`;
        return fail(`has ${ch} at position ${i + 1}; use letters, digits and ! " ' ( ) * + , - . : ; = _ only (GS1 CSET 82 without % & / < > ?, per GB/T 33993)`);
      }
    }
  }),
);

/** A calendar date `YYYY-MM-DD`. @category Schemas */
export const CalendarDate = z.string().check(
  z.superRefine((value, ctx) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const ok = m && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value && Number(m[1]) >= 2000 && Number(m[1]) <= 2099;
    if (!ok) ctx.addIssue({ code: 'custom', input: value, message: `must be a date YYYY-MM-DD between 2000 and 2099, got '${value}'` });
  }),
);

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
const ImageUrl = z.httpUrl('must be an http(s) URL of an image');

/** A product (商品) identified by its GTIN. @category Schemas */
export const Product = z.object({
  id: z.string(),
  object: z.literal('product'),
  merchant_id: z.string(),
  /** 14 digits. */
  gtin: z.string(),
  name: z.string(),
  brand: z.nullable(z.string()),
  /** 产地, e.g. `浙江省湖州市安吉县`. */
  origin: z.nullable(z.string()),
  /** 规格, e.g. `500 g/袋`. */
  specification: z.nullable(z.string()),
  description: z.nullable(z.string()),
  images: z.array(z.string()),
  metadata: Metadata,
  created: Timestamp,
  updated: Timestamp,
});
export type Product = z.infer<typeof Product>;

/** Body of `POST /v1/products`. @category Schemas */
export const ProductCreateParams = z.strictObject({
  /** GTIN-8/12/13/14 with a correct check digit; stored as 14 digits. Unique per merchant. */
  gtin: Gtin,
  name: Text(100),
  brand: z.optional(Text(60)),
  /** 产地 (place of origin). */
  origin: z.optional(Text(100)),
  /** 规格 (size, weight, pack). */
  specification: z.optional(Text(100)),
  description: z.optional(Text(1000)),
  /** Up to 8 http(s) image URLs, first one shown on the consumer page. */
  images: z.optional(z.array(ImageUrl).check(z.maxLength(8, 'may hold at most 8 images'))),
  metadata: z.optional(Metadata),
});
export type ProductCreateParams = z.input<typeof ProductCreateParams>;

/** Body of `POST /v1/products/{id}` (partial update; the GTIN cannot change). @category Schemas */
export const ProductUpdateParams = z.strictObject({
  name: z.optional(Text(100)),
  brand: z.optional(z.nullable(Text(60))),
  origin: z.optional(z.nullable(Text(100))),
  specification: z.optional(z.nullable(Text(100))),
  description: z.optional(z.nullable(Text(1000))),
  images: z.optional(z.array(ImageUrl).check(z.maxLength(8, 'may hold at most 8 images'))),
  metadata: z.optional(Metadata),
});
export type ProductUpdateParams = z.input<typeof ProductUpdateParams>;

/** Most codes one batch may ever hold (the serial's index has 30 bits). @category Schemas */
export const MAX_CODES_PER_BATCH = 2 ** 30;

/** A batch (批次) of a product: one lot number, its dates, its recall state and how many codes were issued. @category Schemas */
export const Batch = z.object({
  id: z.string(),
  object: z.literal('batch'),
  merchant_id: z.string(),
  product_id: z.string(),
  gtin: z.string(),
  lot: z.string(),
  /** `YYYY-MM-DD` */
  production_date: z.nullable(z.string()),
  /** `YYYY-MM-DD`; after this day codes of the batch show `expired`. */
  expiry_date: z.nullable(z.string()),
  /** Planned number of items; issuance never goes beyond it. */
  quantity: z.nullable(z.number()),
  /** Codes issued so far (indices `0 … codes_issued-1`). */
  codes_issued: z.number(),
  status: z.enum(['active', 'recalled']),
  recall: z.nullable(z.object({ reason: z.string(), recalled_at: Timestamp })),
  metadata: Metadata,
  created: Timestamp,
});
export type Batch = z.infer<typeof Batch>;

/** Body of `POST /v1/batches`. @category Schemas */
export const BatchCreateParams = z
  .strictObject({
    product: ProductId,
    lot: Lot,
    production_date: z.optional(CalendarDate),
    expiry_date: z.optional(CalendarDate),
    /** Planned number of items, 1 – 2³⁰. */
    quantity: z.optional(z.number().check(z.int('must be an integer'), z.minimum(1, 'must be at least 1'), z.maximum(MAX_CODES_PER_BATCH, `must be at most ${MAX_CODES_PER_BATCH}`))),
    metadata: z.optional(Metadata),
  })
  .check(
    z.refine((b) => !b.production_date || !b.expiry_date || b.expiry_date >= b.production_date, {
      message: 'must not be before production_date',
      path: ['expiry_date'],
    }),
  );
export type BatchCreateParams = z.input<typeof BatchCreateParams>;

/** Query of `GET /v1/batches`. @category Schemas */
export const BatchListParams = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Only batches of this product. */
  product: z.optional(ProductId),
});
export type BatchListParams = z.input<typeof BatchListParams>;

/** Body of `POST /v1/batches/{id}/recall`. @category Schemas */
export const BatchRecallParams = z.strictObject({
  /** Shown to consumers who scan a code of the batch, e.g. `配料表标注错误，请停止食用并退货`. */
  reason: Text(500),
});
export type BatchRecallParams = z.input<typeof BatchRecallParams>;

/** Most codes one issuance job may produce. @category Schemas */
export const MAX_CODES_PER_JOB = 10_000_000;

/** Body of `POST /v1/batches/{id}/codes`. @category Schemas */
export const CodeIssueParams = z.strictObject({
  /** How many codes, 1 – 10 000 000. */
  count: z.number().check(z.int('must be an integer'), z.minimum(1, 'must be at least 1'), z.maximum(MAX_CODES_PER_JOB, `must be at most ${MAX_CODES_PER_JOB} per job; issue more in several jobs`)),
  /** Also print a scratch-off PIN (刮开码) per code, checked with `POST /v1/trace/verify`. @default false */
  with_pin: z.optional(z.boolean()),
});
export type CodeIssueParams = z.input<typeof CodeIssueParams>;

/** Lifecycle of a job: `pending` until its output is downloaded, `running` while it streams. @category Schemas */
export const JobStatus = z.enum(['pending', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

/**
 * A code-issuance job. Issuing reserves serial indices `start_index … start_index+count-1`
 * of the batch; the codes are computed while the download streams, never stored.
 * @category Schemas
 */
export const Job = z.object({
  id: z.string(),
  object: z.literal('job'),
  type: z.literal('code_issuance'),
  merchant_id: z.string(),
  batch_id: z.string(),
  status: JobStatus,
  /** Codes produced by the current or last download. */
  progress: z.object({ done: z.number(), total: z.number() }),
  start_index: z.number(),
  count: z.number(),
  with_pin: z.boolean(),
  /** Paths of the downloads (same key): `?format=csv` (default) or `ndjson`. */
  download_url: z.string(),
  /** Completed downloads so far. */
  downloads: z.number(),
  error: z.nullable(z.string()),
  created: Timestamp,
  finished: z.nullable(Timestamp),
});
export type Job = z.infer<typeof Job>;

/** Query of `GET /v1/jobs/{id}/download`. @category Schemas */
export const JobDownloadParams = z.strictObject({
  /** `csv` (header `serial,uri[,pin]`) or `ndjson` (`{"serial","uri"[,"pin"]}` per line). @default 'csv' */
  format: z.optional(z.enum(['csv', 'ndjson'])),
});
export type JobDownloadParams = z.input<typeof JobDownloadParams>;

/** What a consumer scan tells about a code. @category Schemas */
export const TraceStatus = z.enum(['genuine', 'unknown_code', 'recalled', 'expired']);
export type TraceStatus = z.infer<typeof TraceStatus>;

/** Anomaly kinds (thresholds in docs/traceability.md). @category Schemas */
export const AnomalyCode = z.enum(['scanned_after_retail_sale', 'many_scans', 'implausible_travel']);
export type AnomalyCode = z.infer<typeof AnomalyCode>;

/** One anomaly flag on a code; flags are sticky once raised. @category Schemas */
export const Anomaly = z.object({
  code: AnomalyCode,
  /** When the rule first fired. */
  detected_at: Timestamp,
  /** Plain-language detail, e.g. `1 180 km in 40 min (1 770 km/h)`. */
  detail: z.string(),
});
export type Anomaly = z.infer<typeof Anomaly>;

/** One step of an item's journey (EPCIS 2.0 event, simplified for display). @category Schemas */
export const JourneyEvent = z.object({
  /** The EPCIS event id (`ni:///sha-256;…?ver=CBV2.0`) or a platform id. */
  id: z.string(),
  /** `ObjectEvent`, `AggregationEvent`, `TransformationEvent`, … */
  type: z.string(),
  time: Timestamp,
  /** CBV 2.0 bizStep short name, e.g. `commissioning`, `shipping`, `receiving`, `retail_selling`. */
  biz_step: z.nullable(z.string()),
  /** CBV 2.0 disposition short name, e.g. `in_transit`, `retail_sold`, `recalled`. */
  disposition: z.nullable(z.string()),
  /** Where it happened, as the merchant named it. */
  location: z.nullable(z.object({ id: z.string(), name: z.nullable(z.string()) })),
  /** `ADD`, `OBSERVE` or `DELETE` (null for transformations). */
  action: z.optional(z.nullable(z.string())),
  /** The offset the event happened in, e.g. `+08:00` (`time` itself is UTC). */
  time_zone_offset: z.optional(z.nullable(z.string())),
  /** Why the step is part of this code's journey: it names the item, its batch, or a case/pallet the item was in. */
  via: z.optional(z.enum(['item', 'batch', 'container'])),
  /** The case or pallet (a GS1 Digital Link) when `via` is `container`. */
  container: z.optional(z.nullable(z.string())),
  /** Sensor readings reported with the step (temperature in transit, …). */
  sensors: z.optional(z.array(JourneySensorReading)),
});
export type JourneyEvent = z.infer<typeof JourneyEvent>;

/** The public record behind a scanned code (no key needed). @category Schemas */
export const TraceRecord = z.object({
  object: z.literal('trace_record'),
  /** The code as read, normalised to this platform's host. */
  uri: z.string(),
  /** The constrained canonical form on `https://id.gs1.org`. */
  canonical_uri: z.nullable(z.string()),
  /** What the code identifies: a product class (01), a batch (01+10) or one item (01[+10]+21). */
  level: z.enum(['product', 'batch', 'item']),
  status: TraceStatus,
  product: z.nullable(
    z.object({
      gtin: z.string(),
      name: z.string(),
      brand: z.nullable(z.string()),
      origin: z.nullable(z.string()),
      specification: z.nullable(z.string()),
      description: z.nullable(z.string()),
      images: z.array(z.string()),
    }),
  ),
  batch: z.nullable(
    z.object({
      lot: z.string(),
      production_date: z.nullable(z.string()),
      expiry_date: z.nullable(z.string()),
      recall: z.nullable(z.object({ reason: z.string(), recalled_at: Timestamp })),
    }),
  ),
  item: z.nullable(
    z.object({
      serial: z.string(),
      /** A scratch-off PIN was printed with this code. */
      has_pin: z.boolean(),
    }),
  ),
  merchant: z.nullable(
    z.object({
      name: z.string(),
      uscc: z.nullable(z.string()),
      /** 信用码 grade (A/B/C/D) when the merchant has a current one. */
      credit_grade: z.nullable(z.string()),
    }),
  ),
  /** Consumer scans of this item code (null unless `level` is `item` and the code is known). */
  scans: z.nullable(z.object({ count: z.number(), first_scan_at: z.nullable(Timestamp), last_scan_at: z.nullable(Timestamp) })),
  /** PIN checks of this item code. */
  verifications: z.nullable(z.object({ count: z.number(), first_verified_at: z.nullable(Timestamp) })),
  anomalies: z.array(Anomaly),
  /** EPCIS journey, oldest first. */
  journey: z.array(JourneyEvent),
});
export type TraceRecord = z.infer<typeof TraceRecord>;

const Uri = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'must be at most 2048 characters'));

/** Body of `POST /v1/trace/verify`. @category Schemas */
export const PinVerifyParams = z.strictObject({
  /** The scanned Digital Link URI. */
  uri: Uri,
  /** The scratch-off PIN; spaces and dashes are ignored. */
  pin: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(40, 'must be at most 40 characters')),
});
export type PinVerifyParams = z.input<typeof PinVerifyParams>;

/** Answer of `POST /v1/trace/verify`. @category Schemas */
export const PinVerification = z.object({
  object: z.literal('pin_verification'),
  /** True when the PIN belongs to the code. */
  valid: z.boolean(),
  /** Why not, when `valid` is false. */
  reason: z.nullable(z.enum(['wrong_pin', 'unknown_code', 'no_pin'])),
  /** True on the first successful check of this code (a genuine, unopened item). */
  first_verification: z.boolean(),
  /** Successful checks so far, this one included. */
  verification_count: z.number(),
  first_verified_at: z.nullable(Timestamp),
  /** Wrong PINs left before the code is locked for a while. */
  attempts_remaining: z.nullable(z.number()),
});
export type PinVerification = z.infer<typeof PinVerification>;

/** Body of `POST /v1/trace/scans`: an app reports a consumer scan, optionally with where it happened. @category Schemas */
export const ScanCreateParams = z.strictObject({
  uri: Uri,
  /** WGS-84 position of the scanning phone; it is stored rounded to about 1 km. */
  location: z.optional(
    z.strictObject({
      lat: z.number().check(z.minimum(-90, 'must be between -90 and 90'), z.maximum(90, 'must be between -90 and 90')),
      lng: z.number().check(z.minimum(-180, 'must be between -180 and 180'), z.maximum(180, 'must be between -180 and 180')),
    }),
  ),
});
export type ScanCreateParams = z.input<typeof ScanCreateParams>;
