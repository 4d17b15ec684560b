/** @module Orders table (dynamic orders and payments to static codes) and payment attempts. */
import type { Order, Page } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';
import { codePayload } from '../payments/emv.js';
import type { PaymentView } from './payment-codes.js';

/** An order row with its merchant's display name and last refused attempt. */
export interface OrderRow {
  id: string;
  merchant_id: string;
  merchant_name: string;
  merchant_status: string;
  type: Order['type'];
  payment_code_id: string | null;
  token: string | null;
  amount: string | number;
  currency: 'CNY';
  description: string | null;
  reference: string | null;
  merchant_name_latin: string;
  merchant_city_latin: string;
  merchant_city: string | null;
  mcc: string;
  store_label: string | null;
  terminal_label: string | null;
  status: Order['status'];
  expires_at: Date;
  paid_at: Date | null;
  expired_at: Date | null;
  cancelled_at: Date | null;
  network: string | null;
  network_transaction_id: string | null;
  payer: string | null;
  metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
  error_code: string | null;
  error_message: string | null;
  error_at: Date | null;
}

const SELECT = `select o.id, o.merchant_id, coalesce(m.short_name, m.name) as merchant_name, m.status as merchant_status, o.type, o.payment_code_id,
  o.token, o.amount, o.currency, o.description, o.reference, o.merchant_name_latin, o.merchant_city_latin, o.merchant_city, o.mcc,
  o.store_label, o.terminal_label, o.status, o.expires_at, o.paid_at, o.expired_at, o.cancelled_at, o.network, o.network_transaction_id,
  o.payer, o.metadata, o.created_at, o.updated_at, a.outcome as error_code, a.message as error_message, a.created_at as error_at
  from orders o join merchants m on m.id = o.merchant_id
  left join lateral (select outcome, message, created_at from payment_attempts pa where pa.order_id = o.id order by pa.id desc limit 1) a on true`;

export function toOrder(row: OrderRow, view: Pick<PaymentView, 'publicUrl'>): Order {
  const amount = Number(row.amount);
  return {
    id: row.id,
    object: 'order',
    merchant_id: row.merchant_id,
    merchant_name: row.merchant_name,
    type: row.type,
    payment_code: row.payment_code_id,
    amount,
    currency: row.currency,
    description: row.description,
    reference: row.reference,
    status: row.status,
    expires_at: iso(row.expires_at),
    paid_at: iso(row.paid_at),
    expired_at: iso(row.expired_at),
    cancelled_at: iso(row.cancelled_at),
    payment: row.network && row.network_transaction_id && row.payer ? { network: row.network, transaction_id: row.network_transaction_id, payer: row.payer } : null,
    last_payment_error: row.error_code && row.error_message && row.error_at ? { code: row.error_code, message: row.error_message, at: iso(row.error_at) } : null,
    payload: row.type === 'dynamic' && row.token ? codePayload(view.publicUrl, { ...row, token: row.token }, { amount, billNumber: row.reference }) : null,
    metadata: row.metadata,
    created: iso(row.created_at),
    updated: iso(row.updated_at),
  };
}

/** The columns an insert sets. */
export interface NewOrder {
  merchantId: string;
  type: Order['type'];
  paymentCodeId: string | null;
  token: string | null;
  amount: number;
  description: string | null;
  reference: string | null;
  merchantNameLatin: string;
  merchantCityLatin: string;
  merchantCity: string | null;
  mcc: string;
  storeLabel: string | null;
  terminalLabel: string | null;
  expiresAt: Date;
  metadata: Record<string, string>;
}

/** Inserts a pending order; returns its id. */
export async function insertOrder(db: Db, order: NewOrder): Promise<string> {
  const id = newId('ord');
  await db.query(
    `insert into orders (id, merchant_id, type, payment_code_id, token, amount, currency, description, reference, merchant_name_latin,
       merchant_city_latin, merchant_city, mcc, store_label, terminal_label, status, expires_at, metadata)
     values ($1, $2, $3, $4, $5, $6, 'CNY', $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $16)`,
    [
      id,
      order.merchantId,
      order.type,
      order.paymentCodeId,
      order.token,
      order.amount,
      order.description,
      order.reference,
      order.merchantNameLatin,
      order.merchantCityLatin,
      order.merchantCity,
      order.mcc,
      order.storeLabel,
      order.terminalLabel,
      order.expiresAt,
      JSON.stringify(order.metadata),
    ],
  );
  return id;
}

/** An order by id, optionally only if it belongs to `merchantId`. */
export async function findOrder(db: Db, id: string, merchantId?: string): Promise<OrderRow | undefined> {
  const { rows } = await db.query<OrderRow>(`${SELECT} where o.id = $1 and ($2::text is null or o.merchant_id = $2)`, [id, merchantId ?? null]);
  return rows[0];
}

/** A dynamic order by the token of its URL. */
export async function findOrderByToken(db: Db, token: string): Promise<OrderRow | undefined> {
  const { rows } = await db.query<OrderRow>(`${SELECT} where o.token = $1`, [token]);
  return rows[0];
}

/** The order a wallet form submission already created or paid, for replays of the same form. */
export async function findOrderByAttempt(db: Db, attempt: string): Promise<OrderRow | undefined> {
  const { rows } = await db.query<OrderRow>(`${SELECT} where o.wallet_attempt = $1`, [attempt]);
  return rows[0];
}

/** Filters of {@link listOrders}. */
export interface OrderFilters {
  limit: number;
  starting_after?: string | undefined;
  status?: Order['status'] | undefined;
  type?: Order['type'] | undefined;
  payment_code?: string | undefined;
  reference?: string | undefined;
  created_gte?: string | undefined;
  created_lt?: string | undefined;
}

/** Newest first, keyset-paginated by id. */
export async function listOrders(db: Db, merchantId: string, f: OrderFilters): Promise<Page<OrderRow>> {
  const { rows } = await db.query<OrderRow>(
    `${SELECT} where o.merchant_id = $1 and ($2::text is null or o.id < $2) and ($3::text is null or o.status = $3)
       and ($4::text is null or o.type = $4) and ($5::text is null or o.payment_code_id = $5) and ($6::text is null or o.reference = $6)
       and ($7::timestamptz is null or o.created_at >= $7) and ($8::timestamptz is null or o.created_at < $8)
     order by o.id desc limit $9`,
    [
      merchantId,
      f.starting_after ?? null,
      f.status ?? null,
      f.type ?? null,
      f.payment_code ?? null,
      f.reference ?? null,
      f.created_gte ?? null,
      f.created_lt ?? null,
      f.limit + 1,
    ],
  );
  return { object: 'list', data: rows.slice(0, f.limit), has_more: rows.length > f.limit };
}

/** Marks a pending, unexpired order paid; false when it no longer is (expired or cancelled meanwhile). */
export async function markPaid(
  db: Db,
  id: string,
  payment: { network: string; transactionId: string; payer: string; attempt: string | null },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update orders set status = 'paid', paid_at = $2, network = $3, network_transaction_id = $4, payer = $5, wallet_attempt = $6, updated_at = $2
     where id = $1 and status = 'pending' and expires_at > $2`,
    [id, now, payment.network, payment.transactionId, payment.payer, payment.attempt],
  );
  return rowCount > 0;
}

/** The longest an order may live through extensions, from its creation. */
export const MAX_ORDER_LIFETIME_S = 3_600;

/**
 * Moves a pending, unexpired order's expiry to `now + seconds`, capped at one hour after
 * creation (or the original expiry, if later) and never earlier than now. Returns the new
 * expiry, or undefined when the order is not pending any more.
 */
export async function extendExpiry(db: Db, id: string, seconds: number, now: Date): Promise<Date | undefined> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `update orders set expires_at = greatest(expires_at, least($2::timestamptz + make_interval(secs => $3),
         greatest(created_at + make_interval(secs => $4), expires_at))), updated_at = $2
     where id = $1 and status = 'pending' and expires_at > $2 returning expires_at`,
    [id, now, seconds, MAX_ORDER_LIFETIME_S],
  );
  return rows[0]?.expires_at;
}

/** Cancels a pending order; false when it is not pending. */
export async function markCancelled(db: Db, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(`update orders set status = 'cancelled', cancelled_at = $2, updated_at = $2 where id = $1 and status = 'pending'`, [
    id,
    now,
  ]);
  return rowCount > 0;
}

/**
 * Expires pending orders whose time has come (all of them, or only `id`). `expired_at` is the
 * order's own expiry time, not the time of the sweep. Returns the ids expired.
 */
export async function expireDue(db: Db, now: Date, id?: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update orders set status = 'expired', expired_at = expires_at, updated_at = $1
     where status = 'pending' and expires_at <= $1 and ($2::text is null or id = $2) returning id`,
    [now, id ?? null],
  );
  return rows.map((r) => r.id);
}

/** Sum of what `payer` paid through static codes since `since`, in 分. */
export async function staticPaidSince(db: Db, payer: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ total: string }>(
    `select coalesce(sum(amount), 0)::text as total from orders where type = 'static' and status = 'paid' and payer = $1 and paid_at >= $2`,
    [payer, since],
  );
  return Number(rows[0]!.total);
}

/** Inserts a payment made to a static code: the order is created already paid. */
export async function insertStaticPayment(
  db: Db,
  order: Omit<NewOrder, 'type' | 'token' | 'expiresAt' | 'reference' | 'metadata'>,
  payment: { network: string; transactionId: string; payer: string; attempt: string | null },
  now: Date,
): Promise<string> {
  const id = newId('ord');
  await db.query(
    `insert into orders (id, merchant_id, type, payment_code_id, amount, currency, description, merchant_name_latin, merchant_city_latin,
       merchant_city, mcc, store_label, terminal_label, status, expires_at, paid_at, network, network_transaction_id, payer, wallet_attempt,
       created_at, updated_at)
     values ($1, $2, 'static', $3, $4, 'CNY', $5, $6, $7, $8, $9, $10, $11, 'paid', $12, $12, $13, $14, $15, $16, $12, $12)`,
    [
      id,
      order.merchantId,
      order.paymentCodeId,
      order.amount,
      order.description,
      order.merchantNameLatin,
      order.merchantCityLatin,
      order.merchantCity,
      order.mcc,
      order.storeLabel,
      order.terminalLabel,
      now,
      payment.network,
      payment.transactionId,
      payment.payer,
      payment.attempt,
    ],
  );
  return id;
}

/** Records a refused or failed payment attempt. */
export async function recordAttempt(
  db: Db,
  attempt: { orderId: string | null; paymentCodeId: string | null; amount: number; payer: string; outcome: string; message: string },
): Promise<void> {
  await db.query('insert into payment_attempts (order_id, payment_code_id, amount, payer, outcome, message) values ($1, $2, $3, $4, $5, $6)', [
    attempt.orderId,
    attempt.paymentCodeId,
    attempt.amount,
    attempt.payer,
    attempt.outcome,
    attempt.message,
  ]);
}
