/** @module Client secrets: short-lived bearer tokens for one object, given to widgets. */
import type { Db } from '../db/index.js';
import { hashSecret, randomToken } from '../internal/ids.js';

/**
 * Mints `<objectId>_secret_<random>` valid for `ttlSeconds`. Only its hash is stored.
 * A request bearing it authenticates as `{ kind: 'client_secret', objectId, merchantId }`;
 * routes must still check that `objectId` is the object asked for.
 */
export async function mintClientSecret(db: Db, objectId: string, merchantId: string | null, ttlSeconds: number): Promise<{ client_secret: string; expires_at: string }> {
  const secret = `${objectId}_secret_${randomToken(32)}`;
  const expires = new Date(Date.now() + ttlSeconds * 1000);
  await db.query('insert into client_secrets (secret_hash, object_id, merchant_id, expires_at) values ($1, $2, $3, $4)', [
    hashSecret(secret),
    objectId,
    merchantId,
    expires,
  ]);
  return { client_secret: secret, expires_at: expires.toISOString() };
}
