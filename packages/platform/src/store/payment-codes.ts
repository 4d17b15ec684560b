/** @module Payment codes table (静态收款码). */
import type { Page, PaymentCode, PaymentCodeCreateParams, PaymentCodeUpdateParams } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId, randomToken } from '../internal/ids.js';
import { iso } from '../internal/time.js';
import { DEFAULT_CITY_LATIN, DEFAULT_MCC, DEFAULT_NAME_LATIN, codePayload } from '../payments/emv.js';

/** A payment code row with its merchant's display name. */
export interface PaymentCodeRow {
  id: string;
  merchant_id: string;
  merchant_name: string;
  merchant_status: string;
  token: string;
  merchant_name_latin: string;
  merchant_city_latin: string;
  merchant_city: string | null;
  mcc: string;
  store_label: string | null;
  terminal_label: string | null;
  description: string | null;
  status: PaymentCode['status'];
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

/** What turning a row into the API object needs besides the row. */
export interface PaymentView {
  publicUrl: string;
  staticDailyLimit: number;
}

const SELECT = `select pc.id, pc.merchant_id, coalesce(m.short_name, m.name) as merchant_name, m.status as merchant_status, pc.token,
  pc.merchant_name_latin, pc.merchant_city_latin, pc.merchant_city, pc.mcc, pc.store_label, pc.terminal_label, pc.description,
  pc.status, pc.metadata, pc.created_at, pc.updated_at
  from payment_codes pc join merchants m on m.id = pc.merchant_id`;

export function toPaymentCode(row: PaymentCodeRow, view: PaymentView): PaymentCode {
  return {
    id: row.id,
    object: 'payment_code',
    merchant_id: row.merchant_id,
    merchant_name: row.merchant_name,
    merchant_name_latin: row.merchant_name_latin,
    merchant_city_latin: row.merchant_city_latin,
    merchant_city: row.merchant_city,
    mcc: row.mcc,
    store_label: row.store_label,
    terminal_label: row.terminal_label,
    description: row.description,
    status: row.status,
    currency: 'CNY',
    daily_limit_per_payer: view.staticDailyLimit,
    payload: codePayload(view.publicUrl, row),
    metadata: row.metadata,
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

/**
 * Inserts a code for `merchantId`. Latin name and city fall back to the merchant's, then to the
 * documented placeholders; the first ones given become the merchant's when it has none.
 */
export async function insertPaymentCode(db: Db, merchantId: string, params: PaymentCodeCreateParams): Promise<PaymentCodeRow> {
  return db.transaction(async (tx) => {
    const { rows: merchants } = await tx.query<{ name_latin: string | null; city_latin: string | null }>(
      'select name_latin, city_latin from merchants where id = $1 for update',
      [merchantId],
    );
    const merchant = merchants[0]!;
    if (params.merchant_name_latin || params.merchant_city_latin) {
      await tx.query('update merchants set name_latin = coalesce(name_latin, $2), city_latin = coalesce(city_latin, $3) where id = $1', [
        merchantId,
        params.merchant_name_latin ?? null,
        params.merchant_city_latin ?? null,
      ]);
    }
    const id = newId('pc');
    await tx.query(
      `insert into payment_codes (id, merchant_id, token, merchant_name_latin, merchant_city_latin, merchant_city, mcc, store_label, terminal_label, description, metadata)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        merchantId,
        randomToken(22),
        params.merchant_name_latin ?? merchant.name_latin ?? DEFAULT_NAME_LATIN,
        params.merchant_city_latin ?? merchant.city_latin ?? DEFAULT_CITY_LATIN,
        params.merchant_city ?? null,
        params.mcc ?? DEFAULT_MCC,
        params.store_label ?? null,
        params.terminal_label ?? null,
        params.description ?? null,
        JSON.stringify(params.metadata ?? {}),
      ],
    );
    return (await findPaymentCode(tx, id))!;
  });
}

/** A code by id, optionally only if it belongs to `merchantId`. */
export async function findPaymentCode(db: Db, id: string, merchantId?: string): Promise<PaymentCodeRow | undefined> {
  const { rows } = await db.query<PaymentCodeRow>(`${SELECT} where pc.id = $1 and ($2::text is null or pc.merchant_id = $2)`, [id, merchantId ?? null]);
  return rows[0];
}

/** A code by the token of its URL. */
export async function findPaymentCodeByToken(db: Db, token: string): Promise<PaymentCodeRow | undefined> {
  const { rows } = await db.query<PaymentCodeRow>(`${SELECT} where pc.token = $1`, [token]);
  return rows[0];
}

/** Applies a partial update; undefined when the code is not the merchant's. */
export async function updatePaymentCode(db: Db, id: string, merchantId: string, params: PaymentCodeUpdateParams): Promise<PaymentCodeRow | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [id, merchantId];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (params.status !== undefined) set('status', params.status);
  if (params.store_label !== undefined) set('store_label', params.store_label);
  if (params.terminal_label !== undefined) set('terminal_label', params.terminal_label);
  if (params.description !== undefined) set('description', params.description);
  if (params.metadata !== undefined) set('metadata', JSON.stringify(params.metadata));
  sets.push('updated_at = now()');
  const { rowCount } = await db.query(`update payment_codes set ${sets.join(', ')} where id = $1 and merchant_id = $2`, values);
  return rowCount > 0 ? findPaymentCode(db, id, merchantId) : undefined;
}

/** Newest first, keyset-paginated by id. */
export async function listPaymentCodes(
  db: Db,
  merchantId: string,
  query: { limit: number; starting_after?: string | undefined; status?: PaymentCode['status'] | undefined },
): Promise<Page<PaymentCodeRow>> {
  const { rows } = await db.query<PaymentCodeRow>(
    `${SELECT} where pc.merchant_id = $1 and ($2::text is null or pc.id < $2) and ($3::text is null or pc.status = $3)
     order by pc.id desc limit $4`,
    [merchantId, query.starting_after ?? null, query.status ?? null, query.limit + 1],
  );
  return { object: 'list', data: rows.slice(0, query.limit), has_more: rows.length > query.limit };
}
