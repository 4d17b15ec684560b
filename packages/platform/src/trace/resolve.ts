/**
 * @module Resolves a scanned GS1 Digital Link to the product, batch and item it names.
 * A serial is checked by its MAC against the batch key: a forged serial is rejected before
 * any per-code state is read, and a malformed one before any query at all.
 */
import type { DigitalLink } from '@mashang/sdk/digital-link';
import type { Db } from '../db/index.js';
import type { FieldCipher } from '../internal/crypto.js';
import { BATCH_COLUMNS, batchSecret, type BatchRow } from '../store/batches.js';
import type { ProductRow } from '../store/products.js';
import { batchKey, serialIndex, verifySerial, type BatchKey } from './serial.js';

/** A product with the merchant that sells it. */
export interface ResolvedProduct extends Omit<ProductRow, 'metadata' | 'created_at' | 'updated_at'> {
  merchant_name: string;
  merchant_uscc: string | null;
}

/** What a code names. `product`/`batch`/`index` are set as far as the code is genuine. */
export interface Resolution {
  level: 'product' | 'batch' | 'item';
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  known: boolean;
  product: ResolvedProduct | null;
  batch: BatchRow | null;
  /** The item's index inside its batch. */
  index: number | null;
  /** The batch's MAC key, when the serial was verified under it (for the PIN check). */
  key: BatchKey | null;
}

/** Most batches tried for a serial given without its lot. */
const MAX_BATCH_CANDIDATES = 500;

function qualifier(dl: DigitalLink, ai: string): string | null {
  return dl.qualifiers.find((q) => q.ai === ai)?.value ?? dl.attributes.find((a) => a.ai === ai)?.value ?? null;
}

/**
 * Resolves a parsed Digital Link. Only AI (01) keys are issued here; others resolve to unknown.
 * `cipher` (the data cipher) opens the secrets of the candidate batches when there is a serial.
 */
export async function resolveDigitalLink(db: Db, cipher: FieldCipher, dl: DigitalLink): Promise<Resolution> {
  const gtin = dl.primaryKey.ai === '01' ? dl.primaryKey.value : null;
  const lot = qualifier(dl, '10');
  const serial = dl.qualifiers.find((q) => q.ai === '21')?.value ?? null;
  const level = serial !== null ? 'item' : lot !== null ? 'batch' : 'product';
  const unknown: Resolution = { level, gtin, lot, serial, known: false, product: null, batch: null, index: null, key: null };
  if (gtin === null || dl.qualifiers.some((q) => q.ai === '235')) return unknown;
  // A serial that is not even shaped like ours costs no query.
  if (serial !== null && serialIndex(serial) < 0) return unknown;

  const products = (
    await db.query<ResolvedProduct>(
      `select p.id, p.merchant_id, p.gtin, p.name, p.brand, p.origin, p.specification, p.description, p.images,
              m.name as merchant_name, m.uscc as merchant_uscc
       from products p join merchants m on m.id = p.merchant_id
       where p.gtin = $1 order by p.created_at, p.id limit 20`,
      [gtin],
    )
  ).rows;
  if (products.length === 0) return unknown;
  if (level === 'product') return { ...unknown, known: true, product: products[0]! };

  const batches = (
    await db.query<BatchRow>(
      `select ${BATCH_COLUMNS} from batches b join products p on p.id = b.product_id
       where b.product_id = any($1) and ($2::text is null or b.lot = $2) and ($3 or b.codes_issued > 0)
       order by b.created_at, b.id limit ${MAX_BATCH_CANDIDATES}`,
      [products.map((p) => p.id), lot, serial === null],
    )
  ).rows;
  for (const batch of batches) {
    const product = products.find((p) => p.id === batch.product_id)!;
    if (serial === null) return { ...unknown, known: true, product, batch };
    const key = batchKey(await batchSecret(db, cipher, batch));
    const index = verifySerial(key, serial, batch.codes_issued);
    if (index >= 0) return { ...unknown, lot: batch.lot, known: true, product, batch, index, key };
  }
  return unknown;
}

/** Today's date in China Standard Time (UTC+8, no daylight saving), `YYYY-MM-DD`. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `recalled` beats `expired` beats `genuine`; anything not known is `unknown_code`. */
export function statusOf(resolution: Resolution, now = new Date()): 'genuine' | 'unknown_code' | 'recalled' | 'expired' {
  if (!resolution.known) return 'unknown_code';
  const batch = resolution.batch;
  if (batch?.recalled_at) return 'recalled';
  if (batch?.expiry_date && batch.expiry_date < chinaToday(now)) return 'expired';
  return 'genuine';
}
