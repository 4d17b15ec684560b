/** @module Events, webhook endpoints and their delivery log. */
import * as z from 'zod/mini';
import { Metadata, Timestamp, prefixedId } from './common.js';

/**
 * Something that happened, as delivered to webhook endpoints and listed by `GET /v1/events`.
 * `data.object` holds the resource as it was when the event happened.
 * @category Schemas
 */
export const Event = z.object({
  id: z.string(),
  object: z.literal('event'),
  /** E.g. `merchant.activated`, `onboarding.application.updated`, `order.paid`. */
  type: z.string(),
  created: Timestamp,
  /** The merchant the event is about, when there is one. */
  merchant_id: z.nullable(z.string()),
  data: z.record(z.string(), z.unknown()),
});
export type Event = z.infer<typeof Event>;

/** `evt_…` @category Schemas */
export const EventId = prefixedId('evt');
/** `whk_…` @category Schemas */
export const WebhookEndpointId = prefixedId('whk');
/** `whd_…` @category Schemas */
export const WebhookDeliveryId = prefixedId('whd');

/**
 * An event type to subscribe to: an exact type (`merchant.activated`), a family
 * (`onboarding.*`) or `*` for everything.
 * @category Schemas
 */
export const EnabledEvent = z
  .string()
  .check(
    z.regex(
      /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$/,
      "must be an event type such as 'merchant.activated', a family such as 'onboarding.*', or '*'",
    ),
  );

const EndpointUrl = z
  .string()
  .check(
    z.maxLength(2048, 'must be at most 2048 characters'),
    z.refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.hash === '';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL without credentials or #fragment, e.g. https://shop.example.cn/mashang/webhooks'),
  );

const Description = z.string().check(z.maxLength(200, 'must be at most 200 characters'));

/** Where events are sent. `secret` appears only when the endpoint is created or its secret rotated. @category Schemas */
export const WebhookEndpoint = z.object({
  id: z.string(),
  object: z.literal('webhook_endpoint'),
  isv_id: z.string(),
  /** Null for an ISV endpoint, which receives the events of every merchant of the ISV. */
  merchant_id: z.nullable(z.string()),
  url: z.string(),
  enabled_events: z.array(z.string()),
  description: z.nullable(z.string()),
  status: z.enum(['enabled', 'disabled']),
  /** The signing secret (`whsec_…`); present once, when created or rotated. */
  secret: z.optional(z.string()),
  metadata: Metadata,
  created: Timestamp,
  updated: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/**
 * Body of `POST /v1/webhook_endpoints`. With an ISV key the endpoint receives every merchant's
 * events; acting for a merchant (`Mashang-Merchant`, or a merchant key) it receives that merchant's.
 * @category Schemas
 */
export const WebhookEndpointCreateParams = z.strictObject({
  url: EndpointUrl,
  enabled_events: z.array(EnabledEvent).check(z.minLength(1, "must list at least one event type (or '*')"), z.maxLength(50, 'must list at most 50 event types')),
  description: z.optional(Description),
  metadata: z.optional(Metadata),
});
export type WebhookEndpointCreateParams = z.input<typeof WebhookEndpointCreateParams>;

/** Body of `POST /v1/webhook_endpoints/{id}`. @category Schemas */
export const WebhookEndpointUpdateParams = z.strictObject({
  url: z.optional(EndpointUrl),
  enabled_events: z.optional(
    z.array(EnabledEvent).check(z.minLength(1, "must list at least one event type (or '*')"), z.maxLength(50, 'must list at most 50 event types')),
  ),
  description: z.optional(z.nullable(Description)),
  /** `disabled` stops deliveries; events that happen meanwhile are not queued for it. */
  status: z.optional(z.enum(['enabled', 'disabled'])),
  metadata: z.optional(Metadata),
});
export type WebhookEndpointUpdateParams = z.input<typeof WebhookEndpointUpdateParams>;

/** Body of `POST /v1/webhook_endpoints/{id}/rotate_secret`. @category Schemas */
export const WebhookSecretRotateParams = z.strictObject({
  /**
   * How long the old secret keeps signing alongside the new one (each delivery then carries two
   * `v1=` signatures), in seconds, 0–604800.
   * @default 86400
   */
  expires_in: z.optional(z.number().check(z.int('must be an integer number of seconds'), z.minimum(0), z.maximum(604_800))),
});
export type WebhookSecretRotateParams = z.input<typeof WebhookSecretRotateParams>;

/** One HTTP attempt of a delivery. @category Schemas */
export const WebhookAttempt = z.object({
  attempt: z.number(),
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  status: z.nullable(z.number()),
  error: z.nullable(z.string()),
  duration_ms: z.number(),
  /** The first 500 characters of the receiver's answer. */
  response_excerpt: z.nullable(z.string()),
  attempted: Timestamp,
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/**
 * One event on its way to one endpoint. `pending` while attempts remain, `succeeded` after a
 * 2xx answer, `failed` when every automatic attempt failed (redeliver it by hand).
 * @category Schemas
 */
export const WebhookDelivery = z.object({
  id: z.string(),
  object: z.literal('webhook_delivery'),
  event: z.string(),
  event_type: z.string(),
  endpoint: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number(),
  next_attempt: z.nullable(Timestamp),
  last_status: z.nullable(z.number()),
  last_error: z.nullable(z.string()),
  /** The log: every attempt, oldest first. */
  attempt_log: z.array(WebhookAttempt),
  created: Timestamp,
  updated: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Query of `GET /v1/events`. @category Schemas */
export const EventListParams = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Only events of this type. */
  type: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type EventListParams = z.input<typeof EventListParams>;

/** Query of `GET /v1/webhook_endpoints/{id}/deliveries`. @category Schemas */
export const WebhookDeliveryListParams = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  status: z.optional(z.enum(['pending', 'succeeded', 'failed'])),
  /** Only deliveries of this event. */
  event: z.optional(EventId),
});
export type WebhookDeliveryListParams = z.input<typeof WebhookDeliveryListParams>;
