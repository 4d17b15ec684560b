/** @module digital-link/gtin — GTIN check digit, validation and normalisation to 14 digits. */

import { isAllDigits } from './chars.js';
import { fail, quote } from './errors.js';
import { mod10 } from './mod10.js';

const GTIN_LENGTH = /^(\d{8}|\d{12,14})$/;
/** GTIN-8, -12 or -13: written as 14 digits in a Digital Link. */
export const SHORT_GTIN = /^(\d{8}|\d{12,13})$/;

function digitsOf(s: unknown, what: string): string {
  if (typeof s !== 'string') fail('bad_input', `${what} must be a string of digits`);
  if (!isAllDigits(s)) fail(s ? 'bad_charset' : 'bad_length', `${what} ${quote(s)} must be digits only`);
  return s;
}

/**
 * The GS1 mod-10 check digit for a key without its check digit: 7 digits for
 * GTIN-8, 11 for GTIN-12, 12 for GTIN-13 or GLN, 13 for GTIN-14, 17 for SSCC
 * (any length from 1 to 17 is accepted).
 *
 * @throws {DigitalLinkError} `bad_charset` for non-digits, `bad_length` outside 1-17 digits.
 * @example
 * ```ts
 * gtinCheckDigit('952012345678'); // 8  → GTIN-13 9520123456788
 * ```
 * @category Digital Link
 */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  const s = digitsOf(digitsWithoutCheck, 'digitsWithoutCheck');
  if (s.length > 17) fail('bad_length', 'digitsWithoutCheck must be 1 to 17 digits');
  return mod10(s, 0, s.length);
}

/**
 * True when `gtin` is a GTIN-8, -12, -13 or -14 with a correct check digit.
 * Never throws.
 *
 * @example
 * ```ts
 * isValidGtin('09520123456788'); // true
 * isValidGtin('09520123456789'); // false (check digit)
 * ```
 * @category Digital Link
 */
export function isValidGtin(gtin: unknown): boolean {
  return typeof gtin === 'string' && GTIN_LENGTH.test(gtin) && mod10(gtin, 0, gtin.length - 1) === +gtin[gtin.length - 1]!;
}

/**
 * Validates a GTIN-8/12/13/14 and returns it as 14 digits (left-padded with
 * zeros), the form GS1 Digital Link requires.
 *
 * @throws {DigitalLinkError} `bad_charset`, `bad_length` or `bad_check_digit`.
 * @example
 * ```ts
 * normalizeGtin('9520123456788'); // '09520123456788'
 * normalizeGtin('02345673');      // '00000002345673'
 * ```
 * @category Digital Link
 */
export function normalizeGtin(gtin: string): string {
  if (isValidGtin(gtin)) return gtin.padStart(14, '0');
  const s = digitsOf(gtin, 'GTIN');
  const length = GTIN_LENGTH.test(s);
  return fail(length ? 'bad_check_digit' : 'bad_length', `GTIN ${quote(s)}: ${length ? `check digit should be ${mod10(s, 0, s.length - 1)}` : 'needs 8, 12, 13 or 14 digits'}`, '01');
}
