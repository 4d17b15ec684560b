/** @module `Idempotency-Key` records: first answer kept 24 h and replayed. */
import type { Db } from '../db/index.js';
import { HttpError } from '../errors.js';

/** How long an answer is replayed. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A request still "in progress" after this long is assumed to have died with its server. */
const STALE_LOCK_SECONDS = 60;

interface Row {
  request_hash: string;
  status: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
  created_at: Date;
}

/**
 * Claims `key` for this request. Returns a stored response to replay, or `null` when the
 * caller now owns the key and must {@link completeIdempotency} or {@link releaseIdempotency}.
 */
export async function claimIdempotency(db: Db, scope: string, key: string, requestHash: string): Promise<Response | null> {
  if (key.length > 255) throw new HttpError('invalid_request_error', 'idempotency_key_invalid', 'Idempotency-Key must be at most 255 characters.', { param: 'Idempotency-Key' });
  await db.query(
    `delete from idempotency_keys where scope = $1 and key = $2
       and (created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'
            or (completed_at is null and created_at < now() - interval '${STALE_LOCK_SECONDS} seconds'))`,
    [scope, key],
  );
  const inserted = await db.query('insert into idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict do nothing returning key', [
    scope,
    key,
    requestHash,
  ]);
  if (inserted.rowCount > 0) return null;
  const { rows } = await db.query<Row>(
    'select request_hash, status, response_body, response_headers, created_at from idempotency_keys where scope = $1 and key = $2',
    [scope, key],
  );
  const row = rows[0];
  if (!row) return claimIdempotency(db, scope, key, requestHash); // expired between the two statements
  if (row.request_hash !== requestHash) {
    throw new HttpError(
      'idempotency_error',
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      { param: 'Idempotency-Key' },
    );
  }
  if (row.status === null) {
    throw new HttpError('conflict', 'idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
      param: 'Idempotency-Key',
      headers: { 'Retry-After': '1', 'Mashang-Should-Retry': 'true' },
    });
  }
  return new Response(row.response_body, {
    status: row.status,
    headers: { ...(row.response_headers ?? {}), 'Idempotent-Replayed': 'true' },
  });
}

/** Stores the answer for replay. */
export async function completeIdempotency(db: Db, scope: string, key: string, response: Response): Promise<void> {
  const body = await response.clone().text();
  const headers: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'application/json' };
  await db.query(
    'update idempotency_keys set status = $3, response_body = $4, response_headers = $5, completed_at = now() where scope = $1 and key = $2',
    [scope, key, response.status, body, JSON.stringify(headers)],
  );
}

/** Frees the key after a failure, so the (fixed) request can be sent again with it. */
export async function releaseIdempotency(db: Db, scope: string, key: string): Promise<void> {
  await db.query('delete from idempotency_keys where scope = $1 and key = $2 and completed_at is null', [scope, key]);
}
