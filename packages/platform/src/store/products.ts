/** @module Products table: one row per GTIN a merchant sells. */
import type { Page, Product, ProductCreateParams, ProductUpdateParams } from '@mashang/sdk';
import { normalizeGtin } from '@mashang/sdk/digital-link';
import type { Db } from '../db/index.js';
import { HttpError } from '../errors.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

/** A `products` row. */
export interface ProductRow {
  id: string;
  merchant_id: string;
  gtin: string;
  name: string;
  brand: string | null;
  origin: string | null;
  specification: string | null;
  description: string | null;
  images: string[];
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, merchant_id, gtin, name, brand, origin, specification, description, images, metadata, created_at, updated_at';

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    object: 'product',
    merchant_id: row.merchant_id,
    gtin: row.gtin,
    name: row.name,
    brand: row.brand,
    origin: row.origin,
    specification: row.specification,
    description: row.description,
    images: row.images,
    metadata: row.metadata,
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Inserts a product; 409 `product_exists` when the merchant already has this GTIN. */
export async function insertProduct(db: Db, merchantId: string, params: ProductCreateParams): Promise<Product> {
  const gtin = normalizeGtin(params.gtin);
  const existing = await db.query<{ id: string }>('select id from products where merchant_id = $1 and gtin = $2', [merchantId, gtin]);
  if (existing.rows[0]) throw productExists(gtin, existing.rows[0].id);
  try {
    const { rows } = await db.query<ProductRow>(
      `insert into products (id, merchant_id, gtin, name, brand, origin, specification, description, images, metadata)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
      [
        newId('prd'),
        merchantId,
        gtin,
        params.name,
        params.brand ?? null,
        params.origin ?? null,
        params.specification ?? null,
        params.description ?? null,
        JSON.stringify(params.images ?? []),
        JSON.stringify(params.metadata ?? {}),
      ],
    );
    return toProduct(rows[0]!);
  } catch (error) {
    // A concurrent create of the same GTIN lost the race.
    if (isUniqueViolation(error)) throw productExists(gtin);
    throw error;
  }
}

function productExists(gtin: string, id?: string): HttpError {
  return new HttpError('conflict', 'product_exists', `This merchant already has a product with GTIN ${gtin}${id ? ` (${id})` : ''}; update that product instead.`, {
    param: 'gtin',
  });
}

/** A product of `merchantId` (any merchant's when null, for the operator). */
export async function findProduct(db: Db, id: string, merchantId: string | null): Promise<Product | undefined> {
  const { rows } = await db.query<ProductRow>(`select ${COLUMNS} from products where id = $1 and ($2::text is null or merchant_id = $2)`, [id, merchantId]);
  return rows[0] && toProduct(rows[0]);
}

/** Applies a partial update; undefined when not visible. */
export async function updateProduct(db: Db, id: string, merchantId: string, params: ProductUpdateParams): Promise<Product | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [id, merchantId];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  for (const column of ['name', 'brand', 'origin', 'specification', 'description'] as const) {
    if (params[column] !== undefined) set(column, params[column]);
  }
  if (params.images !== undefined) set('images', JSON.stringify(params.images));
  if (params.metadata !== undefined) set('metadata', JSON.stringify(params.metadata));
  sets.push('updated_at = now()');
  const { rows } = await db.query<ProductRow>(`update products set ${sets.join(', ')} where id = $1 and merchant_id = $2 returning ${COLUMNS}`, values);
  return rows[0] && toProduct(rows[0]);
}

/** A merchant's products, newest first, keyset-paginated by id. */
export async function listProducts(db: Db, merchantId: string, limit: number, startingAfter?: string): Promise<Page<Product>> {
  const { rows } = await db.query<ProductRow>(
    `select ${COLUMNS} from products where merchant_id = $1 and ($2::text is null or id < $2) order by id desc limit $3`,
    [merchantId, startingAfter ?? null, limit + 1],
  );
  return { object: 'list', data: rows.slice(0, limit).map(toProduct), has_more: rows.length > limit };
}
