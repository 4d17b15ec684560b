/** @module ISVs and API keys. */
import type { ApiKey, Isv } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { hashSecret, newId, randomToken } from '../internal/ids.js';
import { iso } from '../internal/time.js';

interface KeyRow {
  id: string;
  kind: 'secret' | 'publishable';
  isv_id: string | null;
  merchant_id: string | null;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

function toApiKey(row: KeyRow, secret?: string): ApiKey {
  return {
    id: row.id,
    object: 'api_key',
    type: row.kind,
    isv_id: row.isv_id,
    merchant_id: row.merchant_id,
    prefix: row.prefix,
    ...(secret ? { secret } : {}),
    created: iso(row.created_at),
    revoked: iso(row.revoked_at),
  };
}

/** Stores a key given in plaintext (hashing it) and returns its id. */
export async function insertKey(
  db: Db,
  kind: 'operator' | 'secret' | 'publishable',
  key: string,
  owner: { isvId?: string | null; merchantId?: string | null } = {},
): Promise<KeyRow> {
  const { rows } = await db.query<KeyRow>(
    `insert into api_keys (id, key_hash, kind, isv_id, merchant_id, prefix) values ($1, $2, $3, $4, $5, $6)
     returning id, kind, isv_id, merchant_id, prefix, created_at, revoked_at`,
    [newId('key'), hashSecret(key), kind, owner.isvId ?? null, owner.merchantId ?? null, key.slice(0, 10)],
  );
  return rows[0]!;
}

/** A new random key of the given kind. */
export function generateKey(kind: 'operator' | 'secret' | 'publishable'): string {
  return `${{ operator: 'ok', secret: 'sk', publishable: 'pk' }[kind]}_${randomToken(32)}`;
}

/** Makes sure `key` is a valid operator key (idempotent); used at start with `MASHANG_OPERATOR_KEY`. */
export async function ensureOperatorKey(db: Db, key: string): Promise<void> {
  const { rows } = await db.query('select 1 from api_keys where key_hash = $1', [hashSecret(key)]);
  if (rows.length === 0) await insertKey(db, 'operator', key);
}

/** Creates a merchant or ISV key and returns it with its plaintext, shown once. */
export async function createKey(db: Db, kind: 'secret' | 'publishable', owner: { isvId: string; merchantId?: string }): Promise<ApiKey> {
  const key = generateKey(kind);
  const row = await insertKey(db, kind, key, owner);
  return toApiKey(row, key);
}

/** Creates an ISV with its first secret key. */
export async function createIsv(db: Db, name: string): Promise<Isv> {
  return db.transaction(async (tx) => {
    const id = newId('isv');
    const { rows } = await tx.query<{ id: string; name: string; created_at: Date }>(
      'insert into isvs (id, name) values ($1, $2) returning id, name, created_at',
      [id, name],
    );
    const key = await createKey(tx, 'secret', { isvId: id });
    const row = rows[0]!;
    return { id: row.id, object: 'isv', name: row.name, created: iso(row.created_at), secret_key: key.secret! };
  });
}
