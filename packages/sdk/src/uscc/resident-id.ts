/** @module Citizen identity number (公民身份号码) validation per GB 11643-1999. */

import { describeChar, findChar, normaliseInput, type IdentifierFailure } from './result.js';
import { isPlausibleDivision } from './tables.js';

/** 2^(18−i) mod 11 for i = 1..17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by Σ mod 11, i.e. (1 − Σ) mod 11 with 10 written as X (ISO 7064 MOD 11-2). */
const CHECK = '10X98765432';
const MAX_AGE_YEARS = 150;
/** China Standard Time offset: birth dates and "today" are civil dates in China. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The parts of an 18-character resident identity number.
 *
 * @category Identifiers
 */
export interface ResidentIdParts {
  /** Positions 1–6, administrative-division code of the permanent residence at issue (GB/T 2260). */
  division: string;
  /** Positions 7–14 as `YYYY-MM-DD`. */
  birthDate: string;
  /** Positions 15–17, sequence code; odd for men, even for women. */
  sequence: string;
  sex: 'male' | 'female';
  /** Position 18: a digit or `X`. */
  checkChar: string;
}

/** @category Identifiers */
export interface ResidentIdValid {
  valid: true;
  /** The normalised number: trimmed, `x` upper-cased. */
  id: string;
  parts: ResidentIdParts;
}

/** @category Identifiers */
export type ResidentIdResult = ResidentIdValid | IdentifierFailure;

/** @category Identifiers */
export interface ValidateResidentIdOptions {
  /**
   * The current time, for the "not in the future" and "not older than 150 years" checks.
   * Dates are compared as civil dates in China Standard Time (UTC+8).
   *
   * @default new Date()
   */
  now?: Date;
}

/**
 * Computes the GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits.
 *
 * @throws RangeError when `first17` is not 17 digits
 * @example
 * ```ts
 * computeResidentIdCheckChar('11010519491231002'); // 'X'
 * ```
 * @category Identifiers
 */
export function computeResidentIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new RangeError(`computeResidentIdCheckChar needs exactly 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK.charAt(sum % 11);
}

/**
 * Validates an 18-character citizen identity number (居民身份证号码) per GB 11643-1999:
 * digits with an optional final `X`, a plausible division code, a real birth date that is not in
 * the future nor more than 150 years ago, and the MOD 11-2 check character.
 *
 * Surrounding whitespace is trimmed and a final `x` is accepted as `X`. Failures carry a stable
 * `code`, an English `reason` and, where one character is at fault, its 1-based `position`.
 * Never log the input: it is personal information.
 *
 * @example
 * ```ts
 * validateResidentId('11010519491231002x');
 * // { valid: true, id: '11010519491231002X',
 * //   parts: { division: '110105', birthDate: '1949-12-31', sequence: '002', sex: 'female', checkChar: 'X' } }
 *
 * validateResidentId('110105194912310021');
 * // { valid: false, code: 'bad_check_char', position: 18, expected: 'X', reason: … }
 * ```
 * @category Identifiers
 */
export function validateResidentId(id: string, options: ValidateResidentIdOptions = {}): ResidentIdResult {
  const now = options?.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new RangeError(`options.now must be a valid Date, got ${String(now)}`);
  }
  const normalised = normaliseInput(id, 'ID number');
  if (!normalised.ok) return normalised.failure;
  const value = normalised.value;

  const bad = findChar(value, (ch, position) => (position === 18 ? !/^[0-9X]$/.test(ch) : !/^\d$/.test(ch)));
  if (bad && bad.position <= 18) {
    const extra = bad.ch === 'X' ? '; X may only be the last (18th) character' : '';
    return failure('bad_char', `character ${bad.position} is ${describeChar(bad.ch)}; an ID number is 17 digits followed by a digit or X${extra}`, bad.position);
  }
  if (value.length !== 18) {
    const hint = /^\d{15}$/.test(value)
      ? '; 15-digit first-generation numbers are no longer valid — ask for the 18-digit number on the current card'
      : '';
    return failure('bad_length', `ID number has ${[...value].length} characters; it must have exactly 18${hint}`);
  }

  const division = value.slice(0, 6);
  if (!isPlausibleDivision(division, false)) {
    return failure('bad_division', `characters 1–6 (division code) are ${division}, which does not start with a GB/T 2260 province code`, 1);
  }

  const dateFailure = checkBirthDate(value.slice(6, 14), now);
  if (dateFailure) return dateFailure;

  const expected = computeResidentIdCheckChar(value.slice(0, 17));
  const checkChar = value.charAt(17);
  if (expected !== checkChar) {
    return {
      ...failure(
        'bad_check_char',
        `character 18 (check character) is '${checkChar}' but the first 17 digits give '${expected}'; ` +
          'one of the digits was probably mistyped — compare every digit with the ID card',
        18,
      ),
      expected,
    };
  }

  const sequence = value.slice(14, 17);
  return {
    valid: true,
    id: value,
    parts: {
      division,
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      sequence,
      sex: (sequence.charCodeAt(2) - 48) % 2 === 1 ? 'male' : 'female',
      checkChar,
    },
  };
}

function checkBirthDate(yyyymmdd: string, now: Date): IdentifierFailure | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const shown = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return failure('bad_birth_date', `characters 7–14 (birth date) give ${shown}, which is not a calendar date`, month < 1 || month > 12 ? 11 : 13);
  }
  const today = new Date(now.getTime() + CST_OFFSET_MS);
  const y = today.getUTCFullYear();
  const md = (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  const birth = year * 10000 + month * 100 + day;
  if (birth > y * 10000 + md) {
    return failure('birth_date_in_future', `characters 7–14 (birth date) give ${shown}, which is in the future`, 7);
  }
  if (birth < (y - MAX_AGE_YEARS) * 10000 + md) {
    return failure('birth_date_too_old', `characters 7–14 (birth date) give ${shown}, more than ${MAX_AGE_YEARS} years ago`, 7);
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function failure(code: IdentifierFailure['code'], reason: string, position?: number): IdentifierFailure {
  return position === undefined ? { valid: false, code, reason } : { valid: false, code, reason, position };
}
