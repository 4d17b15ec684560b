/** @module Merchants table. */
import type { Merchant, MerchantCreateParams, MerchantUpdateParams, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

interface MerchantRow {
  id: string;
  isv_id: string;
  name: string;
  short_name: string | null;
  uscc: string | null;
  contact_email: string | null;
  status: Merchant['status'];
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, isv_id, name, short_name, uscc, contact_email, status, metadata, created_at, updated_at';

function toMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    object: 'merchant',
    isv_id: row.isv_id,
    name: row.name,
    short_name: row.short_name,
    uscc: row.uscc,
    contact_email: row.contact_email,
    status: row.status,
    metadata: row.metadata,
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

/** Inserts a merchant under `isvId`. */
export async function insertMerchant(db: Db, isvId: string, params: MerchantCreateParams, status: Merchant['status'] = 'pending'): Promise<Merchant> {
  const { rows } = await db.query<MerchantRow>(
    `insert into merchants (id, isv_id, name, short_name, uscc, contact_email, status, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
    [newId('mch'), isvId, params.name, params.short_name ?? null, params.uscc ?? null, params.contact_email ?? null, status, JSON.stringify(params.metadata ?? {})],
  );
  return toMerchant(rows[0]!);
}

/** A merchant visible to `isvId` (any merchant when `isvId` is null, for the operator). */
export async function findMerchant(db: Db, id: string, isvId: string | null): Promise<Merchant | undefined> {
  const { rows } = await db.query<MerchantRow>(`select ${COLUMNS} from merchants where id = $1 and ($2::text is null or isv_id = $2)`, [id, isvId]);
  return rows[0] && toMerchant(rows[0]);
}

/** Applies a partial update; returns undefined when not visible. */
export async function updateMerchant(db: Db, id: string, isvId: string | null, params: MerchantUpdateParams): Promise<Merchant | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [id, isvId];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (params.name !== undefined) set('name', params.name);
  if (params.short_name !== undefined) set('short_name', params.short_name);
  if (params.contact_email !== undefined) set('contact_email', params.contact_email);
  if (params.metadata !== undefined) set('metadata', JSON.stringify(params.metadata));
  sets.push('updated_at = now()');
  const { rows } = await db.query<MerchantRow>(
    `update merchants set ${sets.join(', ')} where id = $1 and ($2::text is null or isv_id = $2) returning ${COLUMNS}`,
    values,
  );
  return rows[0] && toMerchant(rows[0]);
}

/** Sets a merchant's status (onboarding approval, suspension). */
export async function setMerchantStatus(db: Db, id: string, status: Merchant['status'], fields: { uscc?: string; name?: string } = {}): Promise<void> {
  await db.query('update merchants set status = $2, uscc = coalesce($3, uscc), name = coalesce($4, name), updated_at = now() where id = $1', [
    id,
    status,
    fields.uscc ?? null,
    fields.name ?? null,
  ]);
}

/** Newest first, keyset-paginated by id. */
export async function listMerchants(db: Db, isvId: string | null, limit: number, startingAfter?: string): Promise<Page<Merchant>> {
  const { rows } = await db.query<MerchantRow>(
    `select ${COLUMNS} from merchants
     where ($1::text is null or isv_id = $1) and ($2::text is null or id < $2)
     order by id desc limit $3`,
    [isvId, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map(toMerchant), has_more: rows.length > limit };
}
