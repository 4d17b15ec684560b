/** @module The single error class thrown by the EMV QR codec. */

/**
 * Why an EMV QR payload or value was rejected.
 * - `crc_mismatch`: tag 63 does not match the data (damaged or edited code)
 * - `bad_length`: a TLV length is not two digits, overruns the data, or a value is too long/short
 * - `missing_field`: a mandatory data object is absent
 * - `bad_format`: not TLV, a template that does not parse, a duplicate ID, wrong character set
 * - `bad_value`: well-formed but not an allowed value
 *
 * @category EMV QR
 */
export type EmvQrErrorCode = 'crc_mismatch' | 'bad_length' | 'missing_field' | 'bad_format' | 'bad_value';

/**
 * Thrown by {@link decodeEmvQr} and {@link encodeEmvQr}. The message names the tag
 * (nested tags as `62.05`) and says how to fix the input.
 *
 * @example
 * ```ts
 * try {
 *   decodeEmvQr(scanned);
 * } catch (error) {
 *   if (isEmvQrError(error) && error.code === 'crc_mismatch') showRescanHint();
 *   else throw error;
 * }
 * ```
 * @category EMV QR
 */
export class EmvQrError extends Error {
  override readonly name = 'EmvQrError';
  /** Stable reason code. */
  readonly code: EmvQrErrorCode;
  /** The tag at fault, e.g. `'59'`, or `'62.05'` for a sub-field of a template. */
  readonly tag: string | undefined;

  constructor(code: EmvQrErrorCode, message: string, tag?: string) {
    super(message);
    this.code = code;
    this.tag = tag;
  }
}

/**
 * Whether `error` is an {@link EmvQrError}, also when it comes from another realm or another
 * copy of this package (where `instanceof` fails).
 *
 * @example
 * ```ts
 * if (isEmvQrError(error)) console.warn(error.code, error.tag);
 * ```
 * @category EMV QR
 */
export function isEmvQrError(error: unknown): error is EmvQrError {
  return (
    error instanceof EmvQrError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'EmvQrError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
