/** @module Types of decoded and to-be-encoded EMV Merchant-Presented QR payloads. */

/**
 * One data object: a 2-digit ID and its value (nested templates kept as raw text).
 *
 * @category EMV QR
 */
export interface EmvTlv {
  id: string;
  value: string;
}

/**
 * Merchant account information in IDs 02–25, reserved for card networks (02–03 Visa,
 * 04–05 Mastercard, 15–16 UnionPay, …). A plain value.
 *
 * @category EMV QR
 */
export interface MerchantAccountPrimitive {
  /** `'02'`–`'25'`. */
  id: string;
  value: string;
}

/**
 * A template: merchant account information in IDs 26–51 (additional payment networks, e.g.
 * WeChat Pay, PromptPay, PIX) or an unreserved template in IDs 80–99. Sub-ID 00 is the globally
 * unique identifier of whoever defines the other sub-fields.
 *
 * @category EMV QR
 */
export interface EmvTemplate {
  /** `'26'`–`'51'` or `'80'`–`'99'`. */
  id: string;
  /**
   * Sub-ID 00: an AID, a UUID without hyphens or a reverse domain name, at most 32 characters.
   * Absent only when a leniently decoded payload lacked it (there is a warning).
   */
  globallyUniqueId?: string;
  /** Sub-IDs 01–99 in payload order. */
  fields: EmvTlv[];
}

/**
 * IDs 02–51.
 *
 * @category EMV QR
 */
export type MerchantAccount = MerchantAccountPrimitive | EmvTemplate;

/**
 * Tag 62, Additional Data Field Template. A value of `***` in sub-IDs 01–08 asks the payer's
 * app to prompt the consumer for it.
 *
 * @category EMV QR
 */
export interface AdditionalData {
  /** 62.01, ≤ 25. */
  billNumber?: string;
  /** 62.02, ≤ 25. */
  mobileNumber?: string;
  /** 62.03, ≤ 25. */
  storeLabel?: string;
  /** 62.04, ≤ 25. */
  loyaltyNumber?: string;
  /** 62.05, ≤ 25. */
  referenceLabel?: string;
  /** 62.06, ≤ 25. */
  customerLabel?: string;
  /** 62.07, ≤ 25. */
  terminalLabel?: string;
  /** 62.08, Purpose of Transaction, ≤ 25. */
  purpose?: string;
  /** 62.09, Additional Consumer Data Request: each of `A` (address), `M` (mobile), `E` (email) at most once. */
  consumerDataRequest?: string;
  /**
   * Every sub-field in payload order, the named ones included. When encoding, the named
   * properties win; this list supplies the order and the sub-fields that have no named property
   * (10–49 EMVCo RFU, 50–99 payment-system templates).
   */
  fields?: EmvTlv[];
}

/**
 * Tag 64, Merchant Information — Language Template: the merchant's name and city in another
 * language and script. Chinese names go here (tags 59/60 allow Latin only).
 *
 * @category EMV QR
 */
export interface LanguageTemplate {
  /** 64.00, ISO 639 two-letter code, e.g. `ZH`. Mandatory in the template. */
  languagePreference?: string;
  /** 64.01, ≤ 25 characters in any script. Mandatory in the template. */
  merchantNameAlt?: string;
  /** 64.02, ≤ 15 characters in any script. */
  merchantCityAlt?: string;
  /** Every sub-field in payload order; same rule as {@link AdditionalData.fields}. */
  fields?: EmvTlv[];
}

/**
 * Tag 01: `'static'` (`11`, the same code for many payments) or `'dynamic'` (`12`, one code
 * per transaction).
 *
 * @category EMV QR
 */
export type PointOfInitiation = 'static' | 'dynamic';

/**
 * Tag 55: `'prompt'` (`01`, the app asks the consumer for a tip), `'fixed'` (`02`, fee in tag 56)
 * or `'percentage'` (`03`, fee in tag 57).
 *
 * @category EMV QR
 */
export type TipIndicator = 'prompt' | 'fixed' | 'percentage';

/**
 * A payload to encode. Only `merchantAccounts` is always needed; see {@link encodeEmvQr} for
 * which fields are mandatory and how `tlvs` is used.
 *
 * @category EMV QR
 */
export interface EmvQrInput {
  /** Tag 00. @default '01' */
  payloadFormatIndicator?: string;
  /** Tag 01. Omitted when undefined. */
  pointOfInitiation?: PointOfInitiation;
  /** IDs 02–51, at least one. */
  merchantAccounts: MerchantAccount[];
  /** Tag 52, ISO 18245 Merchant Category Code, 4 digits (e.g. `5812` restaurants). */
  mcc?: string;
  /** Tag 53, ISO 4217 numeric currency, 3 digits (`156` = CNY). */
  currency?: string;
  /** Tag 54, as written in the payload: digits, optional `.` and up to 2 decimals, ≤ 13 characters. See `fenToAmountString`. */
  amount?: string;
  /** Tag 55. */
  tipIndicator?: TipIndicator;
  /** Tag 56, fixed convenience fee, same format as `amount`; required when `tipIndicator` is `'fixed'`. */
  convenienceFeeFixed?: string;
  /** Tag 57, percentage convenience fee `00.01`–`99.99`; required when `tipIndicator` is `'percentage'`. */
  convenienceFeePercentage?: string;
  /** Tag 58, ISO 3166-1 alpha-2 (`CN`). */
  countryCode?: string;
  /** Tag 59, ≤ 25 Latin characters (EMV format ans). Put Chinese in `languageTemplate`. */
  merchantName?: string;
  /** Tag 60, ≤ 15 Latin characters (EMV format ans). Put Chinese in `languageTemplate`. */
  merchantCity?: string;
  /** Tag 61, ≤ 10 characters. */
  postalCode?: string;
  /** Tag 62. */
  additionalData?: AdditionalData;
  /** Tag 64. */
  languageTemplate?: LanguageTemplate;
  /** IDs 80–99. */
  unreservedTemplates?: EmvTemplate[];
  /**
   * Root data objects in payload order, as returned by {@link decodeEmvQr}. The encoder uses
   * this list only for **order**: values always come from the named properties.
   */
  tlvs?: EmvTlv[];
}

/**
 * A decoded payload. Every data object is also in `tlvs`, in payload order, with nested
 * templates as raw text; IDs 65–79 (reserved for EMVCo) appear only there.
 *
 * @category EMV QR
 */
export interface EmvQr extends EmvQrInput {
  payloadFormatIndicator: string;
  unreservedTemplates: EmvTemplate[];
  /** Tag 63 as written in the payload (4 upper-case hex digits); verified. The encoder ignores it and recomputes. */
  crc: string;
  /** Deviations from EMV MPM that real wallets tolerate. Empty for a fully conforming payload. */
  warnings: string[];
  tlvs: EmvTlv[];
}
