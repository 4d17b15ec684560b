/** @module Resolves `Authorization: Bearer <key>` into a principal. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Principal } from '../context.js';
import type { Db } from '../db/index.js';
import { HttpError } from '../errors.js';
import { hashSecret } from '../internal/ids.js';

const KEY_SHAPE = /^(ok|sk|pk)_[0-9A-Za-z]{20,64}$/;
const CLIENT_SECRET_SHAPE = /^([a-z]+_[0-9A-Z]{26})_secret_[0-9A-Za-z]{20,64}$/;

function unauthenticated(code: string, message: string): HttpError {
  return new HttpError('authentication_error', code, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/** Looks a presented key up by its hash. */
export async function principalForKey(db: Db, key: string, now = new Date()): Promise<Principal> {
  if (KEY_SHAPE.test(key)) {
    const { rows } = await db.query<{ id: string; kind: string; isv_id: string | null; merchant_id: string | null; revoked_at: Date | null }>(
      'select id, kind, isv_id, merchant_id, revoked_at from api_keys where key_hash = $1',
      [hashSecret(key)],
    );
    const row = rows[0];
    if (!row) throw unauthenticated('api_key_invalid', `Unknown API key '${key.slice(0, 7)}…'. Check that you copied the whole key.`);
    if (row.revoked_at) throw unauthenticated('api_key_revoked', `API key '${key.slice(0, 7)}…' has been revoked; create a new one.`);
    if (row.kind === 'operator') return { kind: 'operator', keyId: row.id };
    if (row.kind === 'publishable') return { kind: 'publishable', keyId: row.id, isvId: row.isv_id!, merchantId: row.merchant_id! };
    if (row.merchant_id) return { kind: 'merchant', keyId: row.id, isvId: row.isv_id!, merchantId: row.merchant_id };
    return { kind: 'isv', keyId: row.id, isvId: row.isv_id! };
  }
  const m = CLIENT_SECRET_SHAPE.exec(key);
  if (m) {
    const { rows } = await db.query<{ object_id: string; merchant_id: string | null; expires_at: Date }>(
      'select object_id, merchant_id, expires_at from client_secrets where secret_hash = $1',
      [hashSecret(key)],
    );
    const row = rows[0];
    if (!row || row.object_id !== m[1]) throw unauthenticated('client_secret_invalid', 'Unknown client secret. Mint a new one on your server.');
    if (new Date(row.expires_at) <= now) throw unauthenticated('client_secret_expired', 'This client secret has expired. Mint a new one on your server.');
    return { kind: 'client_secret', keyId: `cs:${row.object_id}`, objectId: row.object_id, merchantId: row.merchant_id };
  }
  throw unauthenticated(
    'api_key_malformed',
    'The Authorization header must be `Bearer <key>` with an ok_…, sk_…, pk_… key or a client secret.',
  );
}

/** Sets `c.var.principal` (null without an `Authorization` header); 401 on a bad key. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    if (!header) {
      c.set('principal', null);
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('authorization_malformed', 'The Authorization header must be `Bearer <key>`.');
    c.set('principal', await principalForKey(c.var.platform.db, match[1]!));
    return next();
  };
}
