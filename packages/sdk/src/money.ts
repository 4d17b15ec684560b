/** @module Exact conversions between decimal yuan strings and integer 分 (fen), with no floating-point arithmetic. */

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a decimal yuan amount such as `"12.5"`, `"12.50"` or `"0.01"` into an integer number
 * of 分 (fen). Parsing is done on the digits, so `"0.29"` is exactly 29 — never 28.999….
 *
 * Rejected, with a message saying why: numbers (pass a string), empty strings, signs,
 * whitespace, exponents (`"1e3"`), `NaN`/`Infinity`, thousands separators, more than two
 * decimals, a bare `"."`/`"12."`/`".5"`, and amounts beyond `Number.MAX_SAFE_INTEGER` fen.
 *
 * @throws TypeError when `yuan` is not a string
 * @throws RangeError when `yuan` is not a plain non-negative decimal with at most 2 decimals
 * @example
 * ```ts
 * yuanToFen('12.5');  // 1250
 * yuanToFen('0.01');  // 1
 * yuanToFen('100');   // 10000
 * yuanToFen('1.005'); // RangeError: … has 3 decimals; 分 allow at most 2 …
 * ```
 * @category Money
 */
export function yuanToFen(yuan: string): number {
  if (typeof yuan !== 'string') {
    throw new TypeError(
      `yuanToFen expects a decimal string such as "12.50", got ${typeof yuan === 'number' ? `the number ${yuan}` : typeof yuan}; ` +
        'amounts that are already numbers of fen need no conversion',
    );
  }
  const match = DECIMAL.exec(yuan);
  if (!match) throw new RangeError(describeBadYuan(yuan));
  const [, whole = '', fraction = ''] = match;
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`yuan amount "${yuan}" is too large: at most ${Number.MAX_SAFE_INTEGER} fen can be represented exactly`);
  }
  return Number(fen);
}

function describeBadYuan(yuan: string): string {
  const shown = JSON.stringify(yuan);
  if (yuan === '') return 'yuan amount is empty; pass a decimal string such as "12.50"';
  if (yuan.trim() !== yuan) return `yuan amount ${shown} has surrounding whitespace; trim it first`;
  if (/^[+-]/.test(yuan)) return `yuan amount ${shown} has a sign; amounts must be non-negative, without "+" or "-"`;
  if (/^\d*\.?\d*[eE]/.test(yuan)) return `yuan amount ${shown} uses exponent notation; write the digits out, e.g. "1000.00"`;
  if (/^\d+\.\d{3,}$/.test(yuan)) {
    const decimals = yuan.length - yuan.indexOf('.') - 1;
    return `yuan amount ${shown} has ${decimals} decimals; 分 allow at most 2 — round it explicitly before converting`;
  }
  if (/^\d+\.$/.test(yuan) || /^\.\d+$/.test(yuan)) {
    return `yuan amount ${shown} needs digits on both sides of the decimal point, e.g. "12.00" or "0.50"`;
  }
  if (/,/.test(yuan)) return `yuan amount ${shown} contains a separator; write digits only, e.g. "1234.50"`;
  return `yuan amount ${shown} is not a decimal number; pass digits with an optional "." and up to 2 decimals, e.g. "12.50"`;
}

/**
 * Formats an integer number of 分 (fen) as a yuan amount with exactly two decimals, the form
 * used in EMV QR tag 54 (Transaction Amount): `1250` → `"12.50"`.
 *
 * @throws RangeError when `fen` is not a non-negative safe integer
 * @example
 * ```ts
 * fenToAmountString(1250); // "12.50"
 * fenToAmountString(1);    // "0.01"
 * fenToAmountString(0);    // "0.00"
 * ```
 * @category Money
 */
export function fenToAmountString(fen: number): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(
      `fen must be a non-negative safe integer number of 分 (1250 = ¥12.50), got ${typeof fen === 'number' ? fen : typeof fen}`,
    );
  }
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
