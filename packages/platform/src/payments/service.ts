/** @module Order life cycle: create, cancel, expire, and pay (dynamic orders and static codes). */
import type { Order, OrderCreateParams } from '@mashang/sdk';
import { fenToAmountString } from '@mashang/sdk/emvqr';
import type { Platform } from '../context.js';
import type { Db } from '../db/index.js';
import { HttpError, invalid, notFound } from '../errors.js';
import { randomToken } from '../internal/ids.js';
import { mintClientSecret } from '../store/client-secrets.js';
import { emitEvent } from '../webhooks/events.js';
import {
  expireDue,
  extendExpiry,
  findOrder,
  findOrderByAttempt,
  findOrderByToken,
  insertOrder,
  insertStaticPayment,
  markCancelled,
  markPaid,
  recordAttempt,
  staticPaidSince,
  toOrder,
  type OrderRow,
} from '../store/orders.js';
import { findPaymentCode, findPaymentCodeByToken, type PaymentCodeRow, type PaymentView } from '../store/payment-codes.js';
import { shanghaiDayStart, type PaymentLimits } from './config.js';
import { DEFAULT_CITY_LATIN, DEFAULT_MCC, DEFAULT_NAME_LATIN } from './emv.js';
import type { PaymentNetwork } from './network.js';
import { OrderNotifier } from './notifier.js';

/** Client secrets outlive their order by a day, so a page can still show how it ended. */
const CLIENT_SECRET_GRACE_S = 86_400;

/** How a wallet payment ended. */
export type PayResult =
  | { outcome: 'paid'; order: Order }
  | { outcome: 'refused'; code: string; message: string; order?: Order; code_row?: PaymentCodeRow };

/** Everything the payment routes share for one platform. */
export class Payments {
  readonly notifier = new OrderNotifier();
  readonly #platform: Platform;
  readonly network: PaymentNetwork;
  readonly limits: PaymentLimits;

  constructor(platform: Platform, network: PaymentNetwork, limits: PaymentLimits) {
    this.#platform = platform;
    this.network = network;
    this.limits = limits;
  }

  get db(): Db {
    return this.#platform.db;
  }

  get view(): PaymentView {
    return { publicUrl: this.#platform.publicUrl(), staticDailyLimit: this.limits.staticDailyLimit };
  }

  /** Records an `order.*` event (webhooks and `platform.bus`), inside `tx` when given. */
  async #event(type: string, order: Order, tx?: Db): Promise<void> {
    await emitEvent(this.#platform, { type, merchantId: order.merchant_id, data: { object: order } }, tx);
  }

  toOrder(row: OrderRow): Order {
    return toOrder(row, this.view);
  }

  /** Re-reads an order and tells live listeners. */
  async publish(id: string): Promise<Order | undefined> {
    const row = await findOrder(this.db, id);
    if (!row) return undefined;
    const order = this.toOrder(row);
    this.notifier.publish(order);
    return order;
  }

  /** Creates a dynamic order and its client secret in one transaction. */
  async createOrder(merchantId: string, params: OrderCreateParams): Promise<Order> {
    const amount = params.amount;
    if (amount > this.limits.orderAmountLimit) {
      throw invalid(
        'amount',
        'amount_too_large',
        `amount: ${amount} 分 (¥${fenToAmountString(amount)}) is over the limit of ${this.limits.orderAmountLimit} 分 (¥${fenToAmountString(this.limits.orderAmountLimit)}) per order on this platform`,
      );
    }
    const merchant = await this.#activeMerchant(merchantId);
    let code: PaymentCodeRow | undefined;
    if (params.payment_code) {
      code = await findPaymentCode(this.db, params.payment_code, merchantId);
      if (!code) throw notFound('payment code', params.payment_code, 'payment_code');
      if (code.status !== 'active') throw invalid('payment_code', 'payment_code_disabled', `payment_code: '${code.id}' is disabled; enable it or create the order without it`);
    }
    const expiresIn = params.expires_in ?? 900;
    const expiresAt = new Date(Date.now() + expiresIn * 1000);
    const { id, secret } = await this.db.transaction(async (tx) => {
      const id = await insertOrder(tx, {
        merchantId,
        type: 'dynamic',
        paymentCodeId: code?.id ?? null,
        token: randomToken(22),
        amount,
        description: params.description ?? null,
        reference: params.reference ?? null,
        merchantNameLatin: params.merchant_name_latin ?? code?.merchant_name_latin ?? merchant.name_latin ?? DEFAULT_NAME_LATIN,
        merchantCityLatin: code?.merchant_city_latin ?? merchant.city_latin ?? DEFAULT_CITY_LATIN,
        merchantCity: code?.merchant_city ?? null,
        mcc: code?.mcc ?? DEFAULT_MCC,
        storeLabel: code?.store_label ?? null,
        terminalLabel: code?.terminal_label ?? null,
        expiresAt,
        metadata: params.metadata ?? {},
      });
      const secret = await mintClientSecret(tx, id, merchantId, expiresIn + CLIENT_SECRET_GRACE_S);
      return { id, secret: secret.client_secret };
    });
    const row = (await findOrder(this.db, id))!;
    return { ...this.toOrder(row), client_secret: secret };
  }

  /** An order as the API shows it; a pending order past its time is expired first, so reads are exact. */
  async retrieve(id: string, merchantId?: string): Promise<Order | undefined> {
    let row = await findOrder(this.db, id, merchantId);
    if (row && row.status === 'pending' && new Date(row.expires_at) <= new Date()) {
      await this.expire(id);
      row = await findOrder(this.db, id, merchantId);
    }
    return row && this.toOrder(row);
  }

  /** Cancels a pending order (409 when it is paid, expired or already cancelled). */
  async cancel(id: string, merchantId: string): Promise<Order> {
    const current = await this.retrieve(id, merchantId);
    if (!current) throw notFound('order', id);
    if (current.status === 'cancelled') return current;
    const cancelled = await this.db.transaction(async (tx) => {
      if (!(await markCancelled(tx, id, new Date()))) return undefined;
      const order = this.toOrder((await findOrder(tx, id))!);
      await this.#event('order.cancelled', order, tx);
      return order;
    });
    if (!cancelled) {
      const now = await this.retrieve(id, merchantId);
      throw new HttpError('conflict', 'order_not_pending', `Order '${id}' is ${now?.status ?? current.status}; only pending orders can be cancelled.`);
    }
    this.notifier.publish(cancelled);
    return cancelled;
  }

  /** Gives a pending order more time (409 when it is paid, expired or cancelled). */
  async extend(id: string, seconds: number): Promise<Order> {
    const current = await this.retrieve(id);
    if (!current) throw notFound('order', id);
    const extended = await extendExpiry(this.db, id, seconds, new Date());
    if (!extended) {
      const now = await this.retrieve(id);
      throw new HttpError('conflict', 'order_not_pending', `Order '${id}' is ${now?.status ?? current.status}; only pending orders can be extended.`);
    }
    return (await this.publish(id))!;
  }

  /** Expires due pending orders (or one of them) and tells listeners. */
  async expire(id?: string): Promise<string[]> {
    const orders = await this.db.transaction(async (tx) => {
      const ids = await expireDue(tx, new Date(), id);
      const out: Order[] = [];
      for (const expired of ids) {
        const order = this.toOrder((await findOrder(tx, expired))!);
        await this.#event('order.expired', order, tx);
        out.push(order);
      }
      return out;
    });
    for (const order of orders) this.notifier.publish(order);
    return orders.map((o) => o.id);
  }

  /** Pays a dynamic order from the wallet page. `attempt` makes a resubmitted form pay once. */
  async payOrder(token: string, payer: string, attempt: string | null): Promise<PayResult> {
    const replay = attempt ? await findOrderByAttempt(this.db, attempt) : undefined;
    if (replay) return { outcome: 'paid', order: this.toOrder(replay) };
    const row = await findOrderByToken(this.db, token);
    if (!row) throw notFound('order', token, 'token');
    const current = (await this.retrieve(row.id))!;
    const amount = current.amount;
    const refuse = async (code: string, message: string): Promise<PayResult> => {
      const order = await this.db.transaction(async (tx) => {
        await recordAttempt(tx, { orderId: row.id, paymentCodeId: null, amount, payer, outcome: code, message });
        const order = this.toOrder((await findOrder(tx, row.id))!);
        await this.#event('order.payment_refused', order, tx);
        return order;
      });
      this.#platform.log({ level: 'warn', msg: 'payment refused', order_id: row.id, code });
      this.notifier.publish(order);
      return { outcome: 'refused', code, message, order };
    };
    const refusal = notPayable(current);
    if (refusal) return refuse(refusal.code, refusal.message);
    if (row.merchant_status !== 'active') return refuse('merchant_unavailable', 'This merchant cannot take payments at the moment.');

    const charge = await this.network.charge({ orderId: row.id, merchantId: row.merchant_id, amount, currency: 'CNY', payer });
    if (!charge.ok) return refuse(charge.code, charge.message);
    const paid = await this.db.transaction(async (tx) => {
      if (!(await markPaid(tx, row.id, { network: this.network.name, transactionId: charge.transactionId, payer, attempt }, new Date()))) return undefined;
      const order = this.toOrder((await findOrder(tx, row.id))!);
      await this.#event('order.paid', order, tx);
      return order;
    });
    if (!paid) {
      // Expired, cancelled or paid meanwhile (the same form sent twice, say): give the money back.
      await this.network.reverse(charge.transactionId);
      const twin = attempt ? await findOrderByAttempt(this.db, attempt) : undefined;
      if (twin?.id === row.id) return { outcome: 'paid', order: this.toOrder(twin) };
      const after = (await this.retrieve(row.id))!;
      return refuse(notPayable(after)?.code ?? 'order_not_pending', `${notPayable(after)?.message ?? 'The order changed while paying.'} The charge was reversed.`);
    }
    this.notifier.publish(paid);
    return { outcome: 'paid', order: paid };
  }

  /**
   * Pays a static code with the amount the consumer typed, within the per-payer daily limit
   * for static codes. The payment becomes an order of type `static`, already paid.
   */
  async payStatic(token: string, amount: number, payer: string, attempt: string | null): Promise<PayResult> {
    const replay = attempt ? await findOrderByAttempt(this.db, attempt) : undefined;
    if (replay) return { outcome: 'paid', order: this.toOrder(replay) };
    const code = await findPaymentCodeByToken(this.db, token);
    if (!code) throw notFound('payment code', token, 'token');
    const limit = this.limits.staticDailyLimit;
    const refuse = async (outcome: string, message: string): Promise<PayResult> => {
      await recordAttempt(this.db, { orderId: null, paymentCodeId: code.id, amount, payer, outcome, message });
      this.#platform.log({ level: 'warn', msg: 'payment refused', payment_code_id: code.id, code: outcome });
      return { outcome: 'refused', code: outcome, message, code_row: code };
    };
    if (code.status !== 'active') return refuse('payment_code_disabled', 'This payment code is no longer in use. Ask the merchant for a current one.');
    if (code.merchant_status !== 'active') return refuse('merchant_unavailable', 'This merchant cannot take payments at the moment.');
    const remaining = async (db: Db) => limit - (await staticPaidSince(db, payer, shanghaiDayStart(new Date())));
    const overLimit = (left: number) =>
      `¥${fenToAmountString(amount)} is over what you may still pay through static codes today: ¥${fenToAmountString(Math.max(0, left))} of ¥${fenToAmountString(limit)} a day (PBOC 条码支付业务规范, static codes). Ask the merchant for a dynamic code.`;
    const before = await remaining(this.db);
    if (amount > before) return refuse('static_daily_limit_exceeded', overLimit(before));

    const charge = await this.network.charge({ orderId: code.id, merchantId: code.merchant_id, amount, currency: 'CNY', payer });
    if (!charge.ok) return refuse(charge.code, charge.message);
    const paid = await this.db.transaction(async (tx) => {
      // One payer's concurrent payments must not both fit under the limit.
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`static-limit:${payer}`]);
      const twin = attempt ? await findOrderByAttempt(tx, attempt) : undefined;
      if (twin) return { left: 0, order: undefined, twin: this.toOrder(twin) };
      const left = await remaining(tx);
      if (amount > left) return { left, order: undefined, twin: undefined };
      const id = await insertStaticPayment(
        tx,
        {
          merchantId: code.merchant_id,
          paymentCodeId: code.id,
          amount,
          description: code.description,
          merchantNameLatin: code.merchant_name_latin,
          merchantCityLatin: code.merchant_city_latin,
          merchantCity: code.merchant_city,
          mcc: code.mcc,
          storeLabel: code.store_label,
          terminalLabel: code.terminal_label,
        },
        { network: this.network.name, transactionId: charge.transactionId, payer, attempt },
        new Date(),
      );
      const order = this.toOrder((await findOrder(tx, id))!);
      await this.#event('order.paid', order, tx);
      return { left, order, twin: undefined };
    });
    if (!paid.order) {
      await this.network.reverse(charge.transactionId);
      // The same form sent twice at once: the first one paid.
      if (paid.twin) return { outcome: 'paid', order: paid.twin };
      return refuse('static_daily_limit_exceeded', overLimit(paid.left));
    }
    return { outcome: 'paid', order: paid.order };
  }

  async #activeMerchant(merchantId: string): Promise<{ name_latin: string | null; city_latin: string | null }> {
    const { rows } = await this.db.query<{ status: string; name_latin: string | null; city_latin: string | null }>(
      'select status, name_latin, city_latin from merchants where id = $1',
      [merchantId],
    );
    const merchant = rows[0];
    if (!merchant) throw notFound('merchant', merchantId, 'Mashang-Merchant');
    if (merchant.status !== 'active') {
      throw new HttpError('conflict', 'merchant_not_active', `Merchant '${merchantId}' is ${merchant.status}; it can take payments once onboarding has approved it.`);
    }
    return merchant;
  }
}

/** Why an order cannot be paid now, or undefined when it can. */
function notPayable(order: Order): { code: string; message: string } | undefined {
  switch (order.status) {
    case 'pending':
      return undefined;
    case 'expired':
      return { code: 'order_expired', message: `This order expired at ${order.expires_at} and can no longer be paid. Ask the merchant for a new code.` };
    case 'cancelled':
      return { code: 'order_cancelled', message: 'The merchant cancelled this order. Ask the merchant for a new code.' };
    case 'paid':
      return { code: 'order_already_paid', message: `This order was already paid at ${order.paid_at}.` };
  }
}

