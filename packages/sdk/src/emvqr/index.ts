/** @module EMVCo Merchant-Presented QR codec (decode, encode, CRC-16/CCITT-FALSE) and exact yuan/fen money helpers. */

export { decodeEmvQr, type DecodeEmvQrOptions } from './decode.js';
export { encodeEmvQr, type EncodeEmvQrOptions } from './encode.js';
export { crc16ccittFalse } from './crc.js';
export { EmvQrError, isEmvQrError, type EmvQrErrorCode } from './errors.js';
export { isMerchantAccountTemplate } from './guards.js';
export type {
  AdditionalData,
  EmvQr,
  EmvQrInput,
  EmvTemplate,
  EmvTlv,
  LanguageTemplate,
  MerchantAccount,
  MerchantAccountPrimitive,
  PointOfInitiation,
  TipIndicator,
} from './types.js';
export { fenToAmountString, yuanToFen } from '../money.js';
