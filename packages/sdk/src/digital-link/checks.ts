/** @module digital-link/checks — value checks named in the AI table: check digits, dates, times. */

import type { DigitalLinkErrorCode } from './errors.js';
import { CSET82 } from './chars.js';
import { mod10 } from './mod10.js';

/** Checks `s[from, to)`; returns why it is wrong, or undefined when it is fine. */
type CheckFn = (s: string, from: number, to: number) => string | undefined;

export interface Check {
  readonly code: DigitalLinkErrorCode;
  readonly fn: CheckFn;
}

const csum: CheckFn = (s, from, to) => {
  const expected = mod10(s, from, to - 1);
  const actual = s.charCodeAt(to - 1) - 48;
  return actual === expected ? undefined : `its check digit is ${actual} but should be ${expected}; re-check the number for a typing error`;
};

/*
 * Alphanumeric check-character pair (GMN, AI 8013): the CSET 82 index of each
 * data character, weighted by successive primes from the right, summed mod 1021;
 * the 10-bit result is written as two characters of CSET 32.
 */
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
let primes: number[] | undefined;
function primeList(): number[] {
  if (primes) return primes;
  primes = [];
  for (let n = 2; primes.length < 100; n++) {
    if (primes.every((p) => n % p !== 0)) primes.push(n);
  }
  return primes;
}

const csumalpha: CheckFn = (s, from, to) => {
  if (to - from < 2) return 'it needs at least the two check characters';
  const weights = primeList();
  let sum = 0;
  for (let i = to - 3, w = 0; i >= from; i--, w++) sum += CSET82.indexOf(s[i]!) * weights[w]!;
  sum %= 1021;
  const expected = CSET32[sum >> 5]! + CSET32[sum & 31]!;
  const actual = s.slice(to - 2, to);
  return actual === expected ? undefined : `its check characters are ${actual} but should be ${expected}`;
};

function num(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

let thisYear = 0;
/** Full year for a two-digit year: within 49 years back or 50 ahead of now (GS1 rule). */
function fullYear(yy: number): number {
  thisYear ||= new Date().getUTCFullYear();
  const century = thisYear - (thisYear % 100);
  const diff = yy - (thisYear % 100);
  return century + yy + (diff >= 51 ? -100 : diff > -50 ? 0 : 100);
}

function dateProblem(year: number, month: number, day: number, allowDay00: boolean): string | undefined {
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} does not exist`;
  if (day === 0) return allowDay00 ? undefined : 'day 00 is not allowed here';
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day > days ? `day ${day} is past the end of month ${month} of ${year}` : undefined;
}

const yymmd0: CheckFn = (s, from) => {
  const p = dateProblem(fullYear(num(s, from, 2)), num(s, from + 2, 2), num(s, from + 4, 2), true);
  return p && `it is not a date in YYMMDD form (DD may be 00 for "unspecified day"): ${p}`;
};
const yymmdd: CheckFn = (s, from) => {
  const p = dateProblem(fullYear(num(s, from, 2)), num(s, from + 2, 2), num(s, from + 4, 2), false);
  return p && `it is not a date in YYMMDD form: ${p}`;
};
const yyyymmdd: CheckFn = (s, from) => {
  const p = dateProblem(num(s, from, 4), num(s, from + 4, 2), num(s, from + 6, 2), false);
  return p && `it is not a date in YYYYMMDD form: ${p}`;
};
const hh: CheckFn = (s, from) => (num(s, from, 2) > 23 ? `hour ${s.slice(from, from + 2)} is not 00-23` : undefined);
const mi: CheckFn = (s, from) => (num(s, from, 2) > 59 ? `minute ${s.slice(from, from + 2)} is not 00-59` : undefined);
const ss: CheckFn = (s, from) => (num(s, from, 2) > 59 ? `second ${s.slice(from, from + 2)} is not 00-59` : undefined);
const hhmi: CheckFn = (s, from, to) => hh(s, from, to) ?? mi(s, from + 2, to);

const zero: CheckFn = (s, from, to) => (num(s, from, to - from) === 0 ? undefined : 'it must start with the digit 0');
const nozeroprefix: CheckFn = (s, from, to) =>
  to - from > 1 && s.charCodeAt(from) === 48 ? 'it must not start with 0 (unless it is just "0")' : undefined;
/** `PPTT`: piece PP of TT, neither zero, piece not above total. */
const pieceoftotal: CheckFn = (s, from, to) => {
  const half = (to - from) >> 1;
  const piece = num(s, from, half);
  const total = num(s, from + half, half);
  return piece === 0 || total === 0 || piece > total ? `piece ${piece} of total ${total} is not a valid piece number` : undefined;
};

/** Checks by the names used in the AI table. */
export const CHECKS: Readonly<Record<string, Check>> = {
  csum: { code: 'bad_check_digit', fn: csum },
  csumalpha: { code: 'bad_check_digit', fn: csumalpha },
  yymmd0: { code: 'bad_date', fn: yymmd0 },
  yymmdd: { code: 'bad_date', fn: yymmdd },
  yyyymmdd: { code: 'bad_date', fn: yyyymmdd },
  hhmi: { code: 'bad_date', fn: hhmi },
  hh: { code: 'bad_date', fn: hh },
  mi: { code: 'bad_date', fn: mi },
  ss: { code: 'bad_date', fn: ss },
  zero: { code: 'bad_value', fn: zero },
  nozeroprefix: { code: 'bad_value', fn: nozeroprefix },
  pieceoftotal: { code: 'bad_value', fn: pieceoftotal },
};
