/** @module The two payload formats of a code: the aggregated URL and the EMV merchant-presented payload. */
import { encodeEmvQr, fenToAmountString, type EmvQrInput } from '@mashang/sdk/emvqr';

/**
 * Globally unique identifier of this platform in EMV merchant account template 26 (sub-ID 00):
 * a reverse domain name, ≤ 32 characters. Sub-ID 01 is the merchant id, 02 the code or order id.
 */
export const MASHANG_GUI = 'CN.MASHANG.PAY';

/** Placeholders for tags 59/60 when a merchant has no Latin name or city (documented). */
export const DEFAULT_NAME_LATIN = 'MERCHANT';
export const DEFAULT_CITY_LATIN = 'CHINA';
/** ISO 18245 "miscellaneous and specialty retail", used when no MCC is given. */
export const DEFAULT_MCC = '5999';

/** What the EMV payload of a code or an order is built from. */
export interface EmvSource {
  /** `pc_…` (static) or `ord_…` (dynamic). */
  objectId: string;
  merchantId: string;
  /** The Chinese display name (tag 64-01, cut to 25 characters). */
  merchantName: string;
  merchantNameLatin: string;
  merchantCityLatin: string;
  merchantCity: string | null;
  mcc: string;
  /** Integer 分 for dynamic orders; absent for static codes (the payer types it). */
  amount?: number;
  billNumber?: string | null;
  storeLabel?: string | null;
  terminalLabel?: string | null;
}

function cut(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

/** Encodes the EMV payload (always valid: `encodeEmvQr` is strict). */
export function emvPayload(source: EmvSource): string {
  const additional: NonNullable<EmvQrInput['additionalData']> = {};
  if (source.billNumber) additional.billNumber = source.billNumber;
  if (source.storeLabel) additional.storeLabel = source.storeLabel;
  if (source.terminalLabel) additional.terminalLabel = source.terminalLabel;
  const qr: EmvQrInput = {
    pointOfInitiation: source.amount === undefined ? 'static' : 'dynamic',
    merchantAccounts: [
      {
        id: '26',
        globallyUniqueId: MASHANG_GUI,
        fields: [
          { id: '01', value: source.merchantId },
          { id: '02', value: source.objectId },
        ],
      },
    ],
    mcc: source.mcc,
    currency: '156',
    ...(source.amount === undefined ? {} : { amount: fenToAmountString(source.amount) }),
    countryCode: 'CN',
    merchantName: source.merchantNameLatin,
    merchantCity: source.merchantCityLatin,
    ...(Object.keys(additional).length > 0 ? { additionalData: additional } : {}),
    languageTemplate: {
      languagePreference: 'ZH',
      merchantNameAlt: cut(source.merchantName, 25),
      ...(source.merchantCity ? { merchantCityAlt: cut(source.merchantCity, 15) } : {}),
    },
  };
  return encodeEmvQr(qr);
}

/** `https://<public host>/p/<token>`. */
export function walletUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/p/${token}`;
}

/** The columns a payment-code or order row carries for its payload. */
export interface PayloadRow {
  id: string;
  token: string;
  merchant_id: string;
  merchant_name: string;
  merchant_name_latin: string;
  merchant_city_latin: string;
  merchant_city: string | null;
  mcc: string;
  store_label: string | null;
  terminal_label: string | null;
}

/** Both payload formats of a code or order: the wallet URL and the EMV payload. */
export function codePayload(publicUrl: string, row: PayloadRow, order?: { amount: number; billNumber: string | null }): { url: string; emv: string } {
  return {
    url: walletUrl(publicUrl, row.token),
    emv: emvPayload({
      objectId: row.id,
      merchantId: row.merchant_id,
      merchantName: row.merchant_name,
      merchantNameLatin: row.merchant_name_latin,
      merchantCityLatin: row.merchant_city_latin,
      merchantCity: row.merchant_city,
      mcc: row.mcc,
      ...(order ? { amount: order.amount, billNumber: order.billNumber } : {}),
      storeLabel: row.store_label,
      terminalLabel: row.terminal_label,
    }),
  };
}

