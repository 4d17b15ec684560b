/** @module Batches table: lots of a product, their secret, issued-code counter and recall state. */
import { randomBytes } from 'node:crypto';
import type { Batch, BatchCreateParams, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { HttpError, invalid, notFound } from '../errors.js';
import type { FieldCipher } from '../internal/crypto.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

/** A batch row with what the API shows plus the stored secret (never shown; see {@link batchSecret}). */
export interface BatchRow {
  id: string;
  merchant_id: string;
  product_id: string;
  gtin: string;
  lot: string;
  production_date: string | null;
  expiry_date: string | null;
  quantity: number | null;
  codes_issued: number;
  recall_reason: string | null;
  recalled_at: Date | null;
  metadata: Record<string, string>;
  created_at: Date;
  /** The secret encrypted with the data key (`v1:…`), bound to the batch id. */
  secret_encrypted: string | null;
  /** The plaintext secret of a batch created before secrets were encrypted, until its first use. */
  secret: Uint8Array | null;
}

/** Additional authenticated data of a batch's encrypted secret: a ciphertext only opens for its own batch. */
function secretContext(batchId: string): string {
  return `batch.secret:${batchId}`;
}

function encryptSecret(cipher: FieldCipher, batchId: string, secret: Uint8Array): string {
  return cipher.encrypt(Buffer.from(secret).toString('base64'), secretContext(batchId));
}

/**
 * The 32-byte secret of a batch, decrypted with the data key. Call it once per request or job
 * (derive the batch key from it) and never log or return it. A row from before secrets were
 * encrypted still holds the plaintext: it is encrypted now and the plaintext column cleared.
 */
export async function batchSecret(db: Db, cipher: FieldCipher, row: Pick<BatchRow, 'id' | 'secret' | 'secret_encrypted'>): Promise<Uint8Array> {
  if (row.secret_encrypted !== null) {
    let secret: Buffer;
    try {
      secret = Buffer.from(cipher.decrypt(row.secret_encrypted, secretContext(row.id)), 'base64');
    } catch {
      // No detail from the cipher: it would say nothing more useful, and nothing secret belongs in logs.
      throw new Error(
        `The stored secret of batch ${row.id} does not decrypt: it was encrypted for another batch or under another data key (MASHANG_DATA_KEY).`,
      );
    }
    if (secret.length !== 32) throw new Error(`The stored secret of batch ${row.id} is not 32 bytes.`);
    return secret;
  }
  if (row.secret === null) throw new Error(`Batch ${row.id} has no stored secret.`);
  const secret = Uint8Array.from(row.secret);
  // Encrypt the legacy plaintext; if another request got there first, its ciphertext stays.
  await db.query('update batches set secret_encrypted = $2, secret = null where id = $1 and secret_encrypted is null', [row.id, encryptSecret(cipher, row.id, secret)]);
  return secret;
}


/** Columns of `batches b join products p`; dates as text so no driver shifts them by a time zone. */
export const BATCH_COLUMNS = `b.id, b.merchant_id, b.product_id, p.gtin, b.lot,
  to_char(b.production_date, 'YYYY-MM-DD') as production_date, to_char(b.expiry_date, 'YYYY-MM-DD') as expiry_date,
  b.quantity, b.codes_issued, b.recall_reason, b.recalled_at, b.metadata, b.created_at, b.secret_encrypted, b.secret`;

/** The API shape of a batch row. */
export function toBatch(row: BatchRow): Batch {
  return {
    id: row.id,
    object: 'batch',
    merchant_id: row.merchant_id,
    product_id: row.product_id,
    gtin: row.gtin,
    lot: row.lot,
    production_date: row.production_date,
    expiry_date: row.expiry_date,
    quantity: row.quantity,
    codes_issued: row.codes_issued,
    status: row.recalled_at ? 'recalled' : 'active',
    recall: row.recalled_at ? { reason: row.recall_reason ?? '', recalled_at: iso(row.recalled_at) } : null,
    metadata: row.metadata,
    created: iso(row.created_at),
  };
}

/** Creates a batch of one of the merchant's products with a fresh 32-byte secret, stored encrypted. */
export async function insertBatch(db: Db, cipher: FieldCipher, merchantId: string, params: BatchCreateParams): Promise<Batch> {
  return db.transaction(async (tx) => {
    const product = await tx.query<{ id: string }>('select id from products where id = $1 and merchant_id = $2', [params.product, merchantId]);
    if (!product.rows[0]) throw notFound('product', params.product, 'product');
    const clash = await tx.query<{ id: string }>('select id from batches where product_id = $1 and lot = $2', [params.product, params.lot]);
    if (clash.rows[0]) {
      throw new HttpError('conflict', 'batch_exists', `Product ${params.product} already has a batch with lot '${params.lot}' (${clash.rows[0].id}); use another lot number.`, {
        param: 'lot',
      });
    }
    const id = newId('bat');
    await tx.query(
      `insert into batches (id, merchant_id, product_id, lot, production_date, expiry_date, quantity, secret_encrypted, metadata)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        merchantId,
        params.product,
        params.lot,
        params.production_date ?? null,
        params.expiry_date ?? null,
        params.quantity ?? null,
        encryptSecret(cipher, id, randomBytes(32)),
        JSON.stringify(params.metadata ?? {}),
      ],
    );
    return toBatch((await findBatchRow(tx, id, merchantId))!);
  });
}

/** A batch row visible to `merchantId` (any when null). `forUpdate` locks it inside a transaction. */
export async function findBatchRow(db: Db, id: string, merchantId: string | null, forUpdate = false): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    `select ${BATCH_COLUMNS} from batches b join products p on p.id = b.product_id
     where b.id = $1 and ($2::text is null or b.merchant_id = $2)${forUpdate ? ' for update of b' : ''}`,
    [id, merchantId],
  );
  return rows[0];
}

/** A merchant's batches, newest first, optionally of one product. */
export async function listBatches(db: Db, merchantId: string, params: { limit: number; startingAfter?: string | undefined; product?: string | undefined }): Promise<Page<Batch>> {
  const { rows } = await db.query<BatchRow>(
    `select ${BATCH_COLUMNS} from batches b join products p on p.id = b.product_id
     where b.merchant_id = $1 and ($2::text is null or b.id < $2) and ($3::text is null or b.product_id = $3)
     order by b.id desc limit $4`,
    [merchantId, params.startingAfter ?? null, params.product ?? null, params.limit + 1],
  );
  return { object: 'list', data: rows.slice(0, params.limit).map(toBatch), has_more: rows.length > params.limit };
}

/** Marks a batch recalled; 409 when it already is. */
export async function recallBatch(db: Db, id: string, merchantId: string | null, reason: string): Promise<Batch> {
  return db.transaction(async (tx) => {
    const row = await findBatchRow(tx, id, merchantId, true);
    if (!row) throw notFound('batch', id);
    if (row.recalled_at) {
      throw new HttpError('conflict', 'batch_already_recalled', `Batch ${id} was already recalled at ${iso(row.recalled_at)} ('${row.recall_reason ?? ''}').`);
    }
    await tx.query('update batches set recall_reason = $2, recalled_at = now() where id = $1', [id, reason]);
    return toBatch((await findBatchRow(tx, id, null))!);
  });
}

/**
 * Reserves `count` new indices of a batch (inside the caller's transaction, row locked):
 * returns the first. Refuses recalled batches and going beyond `quantity`.
 */
export async function reserveCodes(tx: Db, id: string, merchantId: string | null, count: number, maxIndex: number): Promise<{ row: BatchRow; start: number }> {
  const row = await findBatchRow(tx, id, merchantId, true);
  if (!row) throw notFound('batch', id);
  if (row.recalled_at) throw new HttpError('conflict', 'batch_recalled', `Batch ${id} has been recalled; codes cannot be issued for it.`);
  const limit = Math.min(row.quantity ?? maxIndex, maxIndex);
  if (row.codes_issued + count > limit) {
    const left = limit - row.codes_issued;
    throw invalid(
      'count',
      'count_exceeds_quantity',
      row.quantity !== null && limit === row.quantity
        ? `count ${count} would exceed the batch quantity of ${row.quantity} (${row.codes_issued} issued, ${left} left); lower count or create another batch.`
        : `count ${count} would exceed the ${maxIndex} codes a batch can hold (${left} left); create another batch.`,
    );
  }
  await tx.query('update batches set codes_issued = codes_issued + $2 where id = $1', [id, count]);
  return { row, start: row.codes_issued };
}
