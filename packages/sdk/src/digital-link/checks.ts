/** @module digital-link/checks — value checks named in the AI table: check digits, dates, times. */

import type { DigitalLinkErrorCode } from './errors.js';
import { CSET82 } from './chars.js';
import { mod10 } from './mod10.js';

/** Checks `s[from, to)`; returns what is wrong, or undefined when it is fine. */
type CheckFn = (s: string, from: number, to: number) => string | undefined;

export interface Check {
  readonly code: DigitalLinkErrorCode;
  readonly fn: CheckFn;
}

const num = (s: string, from: number, length: number): number => +s.slice(from, from + length);

const csum: CheckFn = (s, from, to) => {
  const check = mod10(s, from, to - 1);
  return check === num(s, to - 1, 1) ? undefined : `check digit should be ${check}`;
};

/*
 * Alphanumeric check-character pair (GMN, AI 8013): the CSET 82 index of each
 * data character, weighted by successive primes from the right, summed mod 1021;
 * the 10-bit result is written as two characters of CSET 32.
 */
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const csumalpha: CheckFn = (s, from, to) => {
  let sum = 0;
  for (let i = to - 3, prime = 2; i >= from; i--) {
    sum += CSET82.indexOf(s[i]!) * prime;
    do prime++;
    while (!isPrime(prime));
  }
  sum %= 1021;
  const pair = CSET32[sum >> 5]! + CSET32[sum & 31]!;
  return to - from > 1 && s.endsWith(pair, to) ? undefined : `check characters should be ${pair}`;
};

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

let thisYear = 0;
/** Full year of a two-digit year: at most 49 years back and 50 ahead of now (GS1 rule). */
function fullYear(yy: number): number {
  thisYear ||= new Date().getUTCFullYear();
  const diff = yy - (thisYear % 100);
  return thisYear - (thisYear % 100) + yy + (diff >= 51 ? -100 : diff > -50 ? 0 : 100);
}

/** A date check: `yearDigits` 2 or 4; `day00` allows DD=00 ("day not given"). */
function date(yearDigits: number, day00: boolean): CheckFn {
  return (s, from) => {
    const y = num(s, from, yearDigits);
    const year = yearDigits === 2 ? fullYear(y) : y;
    const month = num(s, from + yearDigits, 2);
    const day = num(s, from + yearDigits + 2, 2);
    const days = month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : 30 + ((month + (month >> 3)) & 1);
    const bad = month < 1 || month > 12 || day > days || (day === 0 && !day00);
    return bad ? `${year}-${s.slice(from + yearDigits, from + yearDigits + 2)}-${s.slice(from + yearDigits + 2, from + yearDigits + 4)} is not a valid date` : undefined;
  };
}

const upTo = (max: number, what: string): CheckFn => (s, from) => (num(s, from, 2) > max ? `${what} ${s.slice(from, from + 2)} is over ${max}` : undefined);
const hh = upTo(23, 'hour');
const mi = upTo(59, 'minute');

/** Checks by the names used in the AI table. */
export const CHECKS: Readonly<Record<string, Check>> = {
  csum: { code: 'bad_check_digit', fn: csum },
  csumalpha: { code: 'bad_check_digit', fn: csumalpha },
  yymmd0: { code: 'bad_date', fn: date(2, true) },
  yymmdd: { code: 'bad_date', fn: date(2, false) },
  yyyymmdd: { code: 'bad_date', fn: date(4, false) },
  hhmi: { code: 'bad_date', fn: (s, from, to) => hh(s, from, to) ?? mi(s, from + 2, to) },
  hh: { code: 'bad_date', fn: hh },
  mi: { code: 'bad_date', fn: mi },
  ss: { code: 'bad_date', fn: upTo(59, 'second') },
  zero: { code: 'bad_value', fn: (s, from) => (s[from] === '0' ? undefined : 'must start with 0') },
  nozeroprefix: { code: 'bad_value', fn: (s, from, to) => (to - from > 1 && s[from] === '0' ? 'no leading 0 allowed' : undefined) },
  /** `PPTT`: piece PP of TT, neither zero, piece not above total. */
  pieceoftotal: {
    code: 'bad_value',
    fn: (s, from, to) => {
      const half = (to - from) >> 1;
      const piece = num(s, from, half);
      const total = num(s, from + half, half);
      return piece && total && piece <= total ? undefined : `piece ${piece} of ${total} is impossible`;
    },
  },
};
