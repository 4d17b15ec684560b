/** @module Webhook endpoints, events and deliveries (SQL). */
import type { Event, Page, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEndpointCreateParams, WebhookEndpointUpdateParams } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import type { FieldCipher } from '../internal/crypto.js';
import { newId, randomToken } from '../internal/ids.js';
import { iso } from '../internal/time.js';

/**
 * Which objects a caller sees: the operator everything (`isvId` null), an ISV its own,
 * and a caller acting for a merchant only that merchant's.
 */
export interface Scope {
  isvId: string | null;
  merchantId: string | null;
}

const SECRET_CONTEXT = 'webhook_endpoint.secret';

interface EndpointRow {
  id: string;
  isv_id: string;
  merchant_id: string | null;
  url: string;
  enabled_events: string[];
  description: string | null;
  status: 'enabled' | 'disabled';
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

const ENDPOINT_COLUMNS =
  'id, isv_id, merchant_id, url, enabled_events, description, status, secret_enc, previous_secret_enc, previous_secret_expires_at, metadata, created_at, updated_at';

function toEndpoint(row: EndpointRow, secret?: string): WebhookEndpoint {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    isv_id: row.isv_id,
    merchant_id: row.merchant_id,
    url: row.url,
    enabled_events: row.enabled_events,
    description: row.description,
    status: row.status,
    ...(secret ? { secret } : {}),
    metadata: row.metadata,
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

function scopeSql(scope: Scope, first: number, alias = ''): { sql: string; values: unknown[] } {
  const a = alias ? `${alias}.` : '';
  return {
    sql: `($${first}::text is null or ${a}isv_id = $${first}) and ($${first + 1}::text is null or ${a}merchant_id = $${first + 1})`,
    values: [scope.isvId, scope.merchantId],
  };
}

function newSecret(): string {
  return `whsec_${randomToken(32)}`;
}

/** Creates an endpoint; the answer carries the plaintext secret, once. */
export async function insertEndpoint(
  db: Db,
  cipher: FieldCipher,
  owner: { isvId: string; merchantId: string | null },
  params: WebhookEndpointCreateParams,
): Promise<WebhookEndpoint> {
  const secret = newSecret();
  const { rows } = await db.query<EndpointRow>(
    `insert into webhook_endpoints (id, isv_id, merchant_id, url, enabled_events, description, secret_enc, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${ENDPOINT_COLUMNS}`,
    [
      newId('whk'),
      owner.isvId,
      owner.merchantId,
      params.url,
      JSON.stringify([...new Set(params.enabled_events)]),
      params.description ?? null,
      cipher.encrypt(secret, SECRET_CONTEXT),
      JSON.stringify(params.metadata ?? {}),
    ],
  );
  return toEndpoint(rows[0]!, secret);
}

export async function findEndpoint(db: Db, id: string, scope: Scope): Promise<WebhookEndpoint | undefined> {
  const where = scopeSql(scope, 2);
  const { rows } = await db.query<EndpointRow>(`select ${ENDPOINT_COLUMNS} from webhook_endpoints where id = $1 and ${where.sql}`, [id, ...where.values]);
  return rows[0] && toEndpoint(rows[0]);
}

export async function listEndpoints(db: Db, scope: Scope, limit: number, startingAfter?: string): Promise<Page<WebhookEndpoint>> {
  const where = scopeSql(scope, 1);
  const { rows } = await db.query<EndpointRow>(
    `select ${ENDPOINT_COLUMNS} from webhook_endpoints where ${where.sql} and ($3::text is null or id < $3) order by id desc limit $4`,
    [...where.values, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map((r) => toEndpoint(r)), has_more: rows.length > limit };
}

export async function updateEndpoint(db: Db, id: string, scope: Scope, params: WebhookEndpointUpdateParams): Promise<WebhookEndpoint | undefined> {
  const where = scopeSql(scope, 2);
  const values: unknown[] = [id, ...where.values];
  const sets: string[] = ['updated_at = now()'];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (params.url !== undefined) set('url', params.url);
  if (params.enabled_events !== undefined) set('enabled_events', JSON.stringify([...new Set(params.enabled_events)]));
  if (params.description !== undefined) set('description', params.description);
  if (params.status !== undefined) set('status', params.status);
  if (params.metadata !== undefined) set('metadata', JSON.stringify(params.metadata));
  const { rows } = await db.query<EndpointRow>(`update webhook_endpoints set ${sets.join(', ')} where id = $1 and ${where.sql} returning ${ENDPOINT_COLUMNS}`, values);
  return rows[0] && toEndpoint(rows[0]);
}

/** Deletes an endpoint with its deliveries and their log. */
export async function deleteEndpoint(db: Db, id: string, scope: Scope): Promise<boolean> {
  const where = scopeSql(scope, 2);
  const { rows } = await db.query(`delete from webhook_endpoints where id = $1 and ${where.sql} returning id`, [id, ...where.values]);
  return rows.length > 0;
}

/** A new secret; the current one keeps signing for `graceSeconds`. */
export async function rotateEndpointSecret(db: Db, cipher: FieldCipher, id: string, scope: Scope, graceSeconds: number): Promise<WebhookEndpoint | undefined> {
  const secret = newSecret();
  const where = scopeSql(scope, 2);
  const { rows } = await db.query<EndpointRow>(
    `update webhook_endpoints
     set previous_secret_enc = case when $5::int > 0 then secret_enc end,
         previous_secret_expires_at = case when $5::int > 0 then now() + make_interval(secs => $5::int) end,
         secret_enc = $4, updated_at = now()
     where id = $1 and ${where.sql} returning ${ENDPOINT_COLUMNS}`,
    [id, ...where.values, cipher.encrypt(secret, SECRET_CONTEXT), graceSeconds],
  );
  return rows[0] && toEndpoint(rows[0], secret);
}

/** The secrets that sign a delivery now: the current one, and the previous one during its grace period. */
export function signingSecrets(cipher: FieldCipher, row: Pick<EndpointRow, 'secret_enc' | 'previous_secret_enc' | 'previous_secret_expires_at'>, now = new Date()): string[] {
  const secrets = [cipher.decrypt(row.secret_enc, SECRET_CONTEXT)];
  if (row.previous_secret_enc && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > now) {
    secrets.push(cipher.decrypt(row.previous_secret_enc, SECRET_CONTEXT));
  }
  return secrets;
}

// ── events ────────────────────────────────────────────────────────────────────────────────

interface EventRow {
  id: string;
  type: string;
  isv_id: string | null;
  merchant_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

/** The event as the API and webhooks show it. */
export function toEvent(row: EventRow): Event {
  return { id: row.id, object: 'event', type: row.type, created: iso(row.created_at), merchant_id: row.merchant_id, data: row.data };
}

/** The subscriptions that match `type`: `*`, the type itself and each family (`a.*`, `a.b.*`). */
export function matchingPatterns(type: string): string[] {
  const parts = type.split('.');
  const patterns = ['*', type];
  for (let i = 1; i < parts.length; i++) patterns.push(`${parts.slice(0, i).join('.')}.*`);
  return patterns;
}

/**
 * Records an event and queues one delivery per enabled endpoint that subscribes to it:
 * the merchant's own endpoints and its ISV's. Runs inside the caller's transaction.
 */
export async function insertEvent(
  db: Db,
  event: { type: string; isvId: string | null; merchantId: string | null; data: Record<string, unknown> },
): Promise<{ id: string; deliveries: number }> {
  const id = newId('evt');
  await db.query('insert into events (id, type, isv_id, merchant_id, data) values ($1, $2, $3, $4, $5)', [
    id,
    event.type,
    event.isvId,
    event.merchantId,
    JSON.stringify(event.data),
  ]);
  if (!event.isvId) return { id, deliveries: 0 };
  const { rows } = await db.query<{ id: string }>(
    `select id from webhook_endpoints
     where status = 'enabled' and isv_id = $1 and (merchant_id is null or merchant_id = $2) and enabled_events ?| $3::text[]`,
    [event.isvId, event.merchantId, matchingPatterns(event.type)],
  );
  for (const endpoint of rows) {
    await db.query('insert into webhook_deliveries (id, event_id, endpoint_id) values ($1, $2, $3)', [newId('whd'), id, endpoint.id]);
  }
  return { id, deliveries: rows.length };
}

export async function findEvent(db: Db, id: string, scope: Scope): Promise<Event | undefined> {
  const where = scopeSql(scope, 2);
  const { rows } = await db.query<EventRow>(`select id, type, isv_id, merchant_id, data, created_at from events where id = $1 and ${where.sql}`, [id, ...where.values]);
  return rows[0] && toEvent(rows[0]);
}

export async function listEvents(db: Db, scope: Scope, limit: number, startingAfter?: string, type?: string): Promise<Page<Event>> {
  const where = scopeSql(scope, 1);
  const { rows } = await db.query<EventRow>(
    `select id, type, isv_id, merchant_id, data, created_at from events
     where ${where.sql} and ($3::text is null or id < $3) and ($4::text is null or type = $4)
     order by id desc limit $5`,
    [...where.values, startingAfter ?? null, type ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map(toEvent), has_more: rows.length > limit };
}

/** Marks up to `limit` events as published and returns them, oldest first (the bus outbox). */
export async function claimUnpublishedEvents(db: Db, limit: number): Promise<Event[]> {
  const { rows } = await db.query<EventRow>(
    `update events set published_at = now()
     where id in (select id from events where published_at is null order by created_at, id limit $1 for update skip locked)
     returning id, type, isv_id, merchant_id, data, created_at`,
    [limit],
  );
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map(toEvent);
}

// ── deliveries ────────────────────────────────────────────────────────────────────────────

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
  attempted_at: Date;
}

const DELIVERY_SELECT = `select d.id, d.event_id, e.type as event_type, d.endpoint_id, d.status, d.attempts, d.next_attempt_at,
  d.last_status, d.last_error, d.created_at, d.updated_at
  from webhook_deliveries d join events e on e.id = d.event_id join webhook_endpoints w on w.id = d.endpoint_id`;

function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    attempt: row.attempt,
    status: row.status,
    error: row.error,
    duration_ms: row.duration_ms,
    response_excerpt: row.response_excerpt,
    attempted: iso(row.attempted_at),
  };
}

async function withAttempts(db: Db, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const { rows: attempts } = await db.query<AttemptRow>(
    'select delivery_id, attempt, status, error, duration_ms, response_excerpt, attempted_at from webhook_attempts where delivery_id = any($1::text[]) order by attempt',
    [rows.map((r) => r.id)],
  );
  return rows.map((row) => ({
    id: row.id,
    object: 'webhook_delivery',
    event: row.event_id,
    event_type: row.event_type,
    endpoint: row.endpoint_id,
    status: row.status,
    attempts: row.attempts,
    next_attempt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    last_status: row.last_status,
    last_error: row.last_error,
    attempt_log: attempts.filter((a) => a.delivery_id === row.id).map(toAttempt),
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  }));
}

export async function findDelivery(db: Db, id: string, scope: Scope): Promise<WebhookDelivery | undefined> {
  const where = scopeSql(scope, 2, 'w');
  const { rows } = await db.query<DeliveryRow>(`${DELIVERY_SELECT} where d.id = $1 and ${where.sql}`, [id, ...where.values]);
  return (await withAttempts(db, rows))[0];
}

export async function listDeliveries(
  db: Db,
  endpointId: string,
  filter: { limit: number; startingAfter?: string | undefined; status?: string | undefined; eventId?: string | undefined },
): Promise<Page<WebhookDelivery>> {
  const { rows } = await db.query<DeliveryRow>(
    `${DELIVERY_SELECT} where d.endpoint_id = $1 and ($2::text is null or d.id < $2) and ($3::text is null or d.status = $3)
     and ($4::text is null or d.event_id = $4) order by d.id desc limit $5`,
    [endpointId, filter.startingAfter ?? null, filter.status ?? null, filter.eventId ?? null, filter.limit + 1],
  );
  return { object: 'list', data: await withAttempts(db, rows.slice(0, filter.limit)), has_more: rows.length > filter.limit };
}

/** What the worker needs to send one delivery. */
export interface ClaimedDelivery {
  id: string;
  attempt: number;
  event: Event;
  endpointId: string;
  url: string;
  secrets: Pick<EndpointRow, 'secret_enc' | 'previous_secret_enc' | 'previous_secret_expires_at'>;
}

interface ClaimRow {
  id: string;
  attempts: number;
  endpoint_id: string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  type: string;
  isv_id: string | null;
  merchant_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

/**
 * Claims due deliveries to enabled endpoints: counts the attempt and pushes `next_attempt_at`
 * out by `leaseMs`, so another worker (or this one after a crash) retries only once the lease
 * ran out. That is what makes delivery at-least-once.
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number, only?: string): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimRow>(
    `with due as (
       select d.id from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= now() and w.status = 'enabled' and ($3::text is null or d.id = $3)
       order by d.next_attempt_at limit $1 for update of d skip locked
     ), claimed as (
       update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), updated_at = now()
       from due where d.id = due.id returning d.id, d.attempts, d.endpoint_id, d.event_id
     )
     select c.id, c.attempts, c.endpoint_id, w.url, w.secret_enc, w.previous_secret_enc, w.previous_secret_expires_at,
            e.id as event_id, e.type, e.isv_id, e.merchant_id, e.data, e.created_at
     from claimed c join webhook_endpoints w on w.id = c.endpoint_id join events e on e.id = c.event_id`,
    [limit, leaseMs, only ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    attempt: row.attempts,
    endpointId: row.endpoint_id,
    url: row.url,
    secrets: row,
    event: toEvent({ id: row.event_id, type: row.type, isv_id: row.isv_id, merchant_id: row.merchant_id, data: row.data, created_at: row.created_at }),
  }));
}

/** Makes a delivery due now (manual redelivery): pending again, with its attempts kept for the log. */
export async function makeDeliveryDue(db: Db, id: string): Promise<void> {
  await db.query(`update webhook_deliveries set status = 'pending', next_attempt_at = now(), updated_at = now() where id = $1`, [id]);
}

/** Records one attempt and moves the delivery on: succeeded, retry at `retryAt`, or failed (when `retryAt` is null). */
export async function recordAttempt(
  db: Db,
  delivery: { id: string; attempt: number },
  outcome: { ok: boolean; status: number | null; error: string | null; durationMs: number; excerpt: string | null; retryAt: Date | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into webhook_attempts (delivery_id, attempt, status, error, duration_ms, response_excerpt) values ($1, $2, $3, $4, $5, $6)
       on conflict (delivery_id, attempt) do nothing`,
      [delivery.id, delivery.attempt, outcome.status, outcome.error, outcome.durationMs, outcome.excerpt],
    );
    const status = outcome.ok ? 'succeeded' : outcome.retryAt ? 'pending' : 'failed';
    await tx.query(
      `update webhook_deliveries set status = $2, last_status = $3, last_error = $4, last_attempt_at = now(),
       next_attempt_at = coalesce($5, next_attempt_at), updated_at = now() where id = $1`,
      [delivery.id, status, outcome.status, outcome.error, outcome.retryAt],
    );
  });
}
