/** @module Payment codes (收款码) and orders: static codes, dynamic orders and their live status. */
import * as z from 'zod/mini';
import { ListParams, Metadata, Timestamp, prefixedId } from './common.js';

/** The only currency: 人民币, amounts in 分. @category Schemas */
export const Currency = z.enum(['CNY'], {
  error: (issue) => (issue.input === undefined ? 'is required: send "CNY"' : 'must be "CNY": amounts are integer 分 of 人民币 and no other currency is supported'),
});
export type Currency = z.infer<typeof Currency>;

/** An amount: a positive integer number of 分 (`1250` = ¥12.50). @category Schemas */
export const Amount = z.int('must be an integer number of 分 (1250 = ¥12.50), not yuan with decimals').check(
  z.minimum(1, 'must be at least 1 分 (¥0.01)'),
  z.maximum(Number.MAX_SAFE_INTEGER, 'is too large'),
);

/**
 * Text for EMV fields of format "ans" (tags 59, 60 and the 62 labels): printable ASCII only.
 * Chinese names go to the language template (tag 64), which the platform fills in itself.
 */
function ans(max: number, what: string) {
  return z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters (the EMV limit of ${what})`),
    z.regex(/^[\x20-\x7E]*$/, `must use Latin letters, digits, spaces and ASCII punctuation only: ${what} cannot carry Chinese characters`),
  );
}

/** Latin merchant name for EMV tag 59, e.g. `MASHANG NOODLES` (≤ 25). @category Schemas */
export const MerchantNameLatin = ans(25, 'EMV tag 59 (Merchant Name); the Chinese name goes in tag 64 automatically');
/** Latin city for EMV tag 60, e.g. `HUZHOU` (≤ 15). @category Schemas */
export const MerchantCityLatin = ans(15, 'EMV tag 60 (Merchant City)');
const StoreLabel = ans(25, 'EMV tag 62-03 (Store Label)');
const TerminalLabel = ans(25, 'EMV tag 62-07 (Terminal Label)');
const Reference = ans(25, 'EMV tag 62-01 (Bill Number)');
const CityChinese = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(15, 'must be at most 15 characters (EMV tag 64-02)'));
const Mcc = z.string().check(z.regex(/^\d{4}$/, 'must be a 4-digit ISO 18245 merchant category code, e.g. "5812" (restaurants)'));
const Description = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(140, 'must be at most 140 characters'));

/** Both forms of a code: the aggregated URL and the EMVCo merchant-presented payload. @category Schemas */
export const PaymentPayload = z.object({
  /** `https://<platform>/p/<token>`: what Chinese aggregated codes (聚合码) carry; opens the wallet page. */
  url: z.string(),
  /** EMV QRCPS merchant-presented payload (starts `000201`, ends with the CRC in tag 63). */
  emv: z.string(),
});
export type PaymentPayload = z.infer<typeof PaymentPayload>;

/** `active` codes take payments; `disabled` ones are refused. @category Schemas */
export const PaymentCodeStatus = z.enum(['active', 'disabled']);
export type PaymentCodeStatus = z.infer<typeof PaymentCodeStatus>;

/** A static payment code (静态收款码): one printed code, the consumer types the amount. @category Schemas */
export const PaymentCode = z.object({
  id: z.string(),
  object: z.literal('payment_code'),
  merchant_id: z.string(),
  /** The name shown to consumers (the merchant's short name, else its name). */
  merchant_name: z.string(),
  merchant_name_latin: z.string(),
  merchant_city_latin: z.string(),
  /** Chinese city name for tag 64-02, when given. */
  merchant_city: z.nullable(z.string()),
  mcc: z.string(),
  store_label: z.nullable(z.string()),
  terminal_label: z.nullable(z.string()),
  /** What the code is for, shown on the counter card (e.g. `一楼收银台`). */
  description: z.nullable(z.string()),
  status: PaymentCodeStatus,
  currency: Currency,
  /**
   * Most one payer may pay through static codes per day, in 分. Static codes are risk level D
   * under the PBOC 条码支付业务规范 (银发〔2017〕296号): ≤ ¥500 per payer per day.
   */
  daily_limit_per_payer: z.number(),
  payload: PaymentPayload,
  metadata: Metadata,
  created: Timestamp,
  updated: Timestamp,
});
export type PaymentCode = z.infer<typeof PaymentCode>;

/** Body of `POST /v1/payment-codes`. @category Schemas */
export const PaymentCodeCreateParams = z.strictObject({
  /** Latin name for EMV tag 59. @default the merchant's Latin name, else `MERCHANT` */
  merchant_name_latin: z.optional(MerchantNameLatin),
  /** Latin city for EMV tag 60. @default the merchant's Latin city, else `CHINA` */
  merchant_city_latin: z.optional(MerchantCityLatin),
  /** Chinese city for EMV tag 64-02, e.g. `湖州`. */
  merchant_city: z.optional(CityChinese),
  /** ISO 18245 merchant category code. @default '5999' */
  mcc: z.optional(Mcc),
  /** Store label (EMV 62-03), e.g. `WUXING-01`. */
  store_label: z.optional(StoreLabel),
  /** Terminal/till label (EMV 62-07), e.g. `TILL-3`. */
  terminal_label: z.optional(TerminalLabel),
  description: z.optional(Description),
  metadata: z.optional(Metadata),
});
export type PaymentCodeCreateParams = z.input<typeof PaymentCodeCreateParams>;

/** Body of `POST /v1/payment-codes/{id}`. @category Schemas */
export const PaymentCodeUpdateParams = z.strictObject({
  status: z.optional(PaymentCodeStatus),
  store_label: z.optional(z.nullable(StoreLabel)),
  terminal_label: z.optional(z.nullable(TerminalLabel)),
  description: z.optional(z.nullable(Description)),
  metadata: z.optional(Metadata),
});
export type PaymentCodeUpdateParams = z.input<typeof PaymentCodeUpdateParams>;

/** Query of `GET /v1/payment-codes`. @category Schemas */
export const PaymentCodeListParams = z.strictObject({
  ...ListParams.shape,
  status: z.optional(PaymentCodeStatus),
});
export type PaymentCodeListParams = z.input<typeof PaymentCodeListParams>;

/** `pending → paid | expired | cancelled`; only `pending` changes. @category Schemas */
export const OrderStatus = z.enum(['pending', 'paid', 'expired', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** `dynamic`: created by your till with an amount; `static`: a consumer paid a static code. @category Schemas */
export const OrderType = z.enum(['dynamic', 'static']);
export type OrderType = z.infer<typeof OrderType>;

/** How an order was paid. @category Schemas */
export const OrderPayment = z.object({
  /** The payment network that took the money (`sandbox` here). */
  network: z.string(),
  transaction_id: z.string(),
  /** The network's pseudonymous payer id. */
  payer: z.string(),
});
export type OrderPayment = z.infer<typeof OrderPayment>;

/** The last refused payment attempt, e.g. a late payment to an expired order. @category Schemas */
export const PaymentError = z.object({
  code: z.string(),
  message: z.string(),
  at: Timestamp,
});
export type PaymentError = z.infer<typeof PaymentError>;

/** An order (动态收款码 / 订单). @category Schemas */
export const Order = z.object({
  id: z.string(),
  object: z.literal('order'),
  merchant_id: z.string(),
  /** The name shown to consumers. */
  merchant_name: z.string(),
  type: OrderType,
  /** The static code paid, or the till's code a dynamic order was created for. */
  payment_code: z.nullable(z.string()),
  amount: z.number(),
  currency: Currency,
  description: z.nullable(z.string()),
  reference: z.nullable(z.string()),
  status: OrderStatus,
  expires_at: Timestamp,
  paid_at: z.nullable(Timestamp),
  expired_at: z.nullable(Timestamp),
  cancelled_at: z.nullable(Timestamp),
  payment: z.nullable(OrderPayment),
  last_payment_error: z.nullable(PaymentError),
  /** What to show as a QR code; null for payments made to a static code. */
  payload: z.nullable(PaymentPayload),
  /**
   * For your web page's `<mashang-payment-code order=… client-secret=…>`: reads this order
   * and follows its status, nothing else. Present in the answer that created the order only.
   */
  client_secret: z.optional(z.string()),
  metadata: Metadata,
  created: Timestamp,
  updated: Timestamp,
});
export type Order = z.infer<typeof Order>;

/** Body of `POST /v1/orders`. @category Schemas */
export const OrderCreateParams = z.strictObject({
  /** Integer 分: `1250` = ¥12.50. */
  amount: Amount,
  currency: Currency,
  /** Shown to the payer, e.g. `两碗牛肉面`. */
  description: z.optional(Description),
  /** Your bill number (EMV 62-01), printable ASCII ≤ 25. */
  reference: z.optional(Reference),
  /**
   * Seconds until the order expires, 5 to 86400.
   * @default 900
   */
  expires_in: z.optional(
    z.int('must be an integer number of seconds').check(z.minimum(5, 'must be at least 5 seconds'), z.maximum(86_400, 'must be at most 86400 seconds (one day)')),
  ),
  /** A payment code (the till's): its labels, names and MCC are used and the order is linked to it. */
  payment_code: z.optional(prefixedId('pc')),
  /** Latin name for EMV tag 59. @default the payment code's, else the merchant's, else `MERCHANT` */
  merchant_name_latin: z.optional(MerchantNameLatin),
  metadata: z.optional(Metadata),
});
export type OrderCreateParams = z.input<typeof OrderCreateParams>;

/**
 * Body of `POST /v1/orders/{id}/extend`: more time for a pending order, e.g. when an older
 * customer asks for it (适老化: no silent time-outs). The new expiry is `now + seconds`, never
 * earlier than the current one, and never later than one hour after the order was created
 * (or its original expiry, if that is later).
 * @category Schemas
 */
export const OrderExtendParams = z.strictObject({
  /** Seconds from now, 60 to 600. @default 300 */
  seconds: z.optional(z.int('must be an integer number of seconds').check(z.minimum(60, 'must be at least 60 seconds'), z.maximum(600, 'must be at most 600 seconds'))),
});
export type OrderExtendParams = z.input<typeof OrderExtendParams>;

/** Query of `GET /v1/orders`. @category Schemas */
export const OrderListParams = z.strictObject({
  ...ListParams.shape,
  status: z.optional(OrderStatus),
  type: z.optional(OrderType),
  payment_code: z.optional(prefixedId('pc')),
  reference: z.optional(z.string().check(z.minLength(1), z.maxLength(25))),
  /** Created at or after this time (RFC 3339). */
  created_gte: z.optional(z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time such as 2026-11-22T08:00:00Z' })),
  /** Created before this time (RFC 3339). */
  created_lt: z.optional(z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time such as 2026-11-22T09:00:00Z' })),
});
export type OrderListParams = z.input<typeof OrderListParams>;

/** Path parameter of order routes. @category Schemas */
export const OrderId = prefixedId('ord');
/** Path parameter of payment code routes. @category Schemas */
export const PaymentCodeId = prefixedId('pc');

/**
 * Answer of the sandbox wallet (`POST /p/{token}` with `Accept: application/json`): what a
 * payment app would tell the consumer. Status 200 when paid, 402 when refused.
 * @category Schemas
 */
export const WalletPayResult = z.object({
  outcome: z.enum(['paid', 'refused']),
  /** Why it was refused: `order_expired`, `order_cancelled`, `order_already_paid`, `static_daily_limit_exceeded`, `card_declined`, … */
  code: z.optional(z.string()),
  message: z.string(),
  order: z.optional(Order),
});
export type WalletPayResult = z.infer<typeof WalletPayResult>;
