/** @module digital-link/gtin — GTIN check digit, validation and normalisation to 14 digits. */

import { DigitalLinkError, quote } from './errors.js';
import { mod10 } from './mod10.js';

function firstNonDigit(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return i;
  }
  return -1;
}

function requireDigits(s: unknown, what: string): string {
  if (typeof s !== 'string') throw new DigitalLinkError('bad_input', `${what} must be a string of digits, got ${typeof s}`);
  const bad = firstNonDigit(s);
  if (bad !== -1) {
    throw new DigitalLinkError('bad_charset', `${what} ${quote(s)} has a non-digit at position ${bad + 1}; use digits only (no spaces or dashes)`);
  }
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
  const s = requireDigits(digitsWithoutCheck, 'digitsWithoutCheck');
  if (s.length < 1 || s.length > 17) {
    throw new DigitalLinkError('bad_length', `digitsWithoutCheck must be 1 to 17 digits (a GS1 key without its check digit), got ${s.length}`);
  }
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
  if (typeof gtin !== 'string') return false;
  const n = gtin.length;
  if ((n !== 8 && n !== 12 && n !== 13 && n !== 14) || firstNonDigit(gtin) !== -1) return false;
  return mod10(gtin, 0, n - 1) === gtin.charCodeAt(n - 1) - 48;
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
  const s = requireDigits(gtin, 'GTIN');
  const n = s.length;
  if (n !== 8 && n !== 12 && n !== 13 && n !== 14) {
    throw new DigitalLinkError('bad_length', `GTIN ${quote(s)} has ${n} digits; a GTIN has 8, 12, 13 or 14 digits including the check digit`, '01');
  }
  const expected = mod10(s, 0, n - 1);
  if (expected !== s.charCodeAt(n - 1) - 48) {
    throw new DigitalLinkError('bad_check_digit', `GTIN ${quote(s)} has check digit ${s[n - 1]} but should end in ${expected}; re-check the number`, '01');
  }
  return n === 14 ? s : s.padStart(14, '0');
}
