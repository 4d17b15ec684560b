/** @module Unified Social Credit Code (统一社会信用代码) validation per GB 32100-2015. */

import { computeOrgCodeCheckChar } from './org-code.js';
import {
  describeChar,
  findChar,
  normaliseInput,
  type IdentifierFailure,
  type IdentifierIssue,
} from './result.js';
import { REGISTRATION_AUTHORITIES, isPlausibleDivision } from './tables.js';

/** The 31 characters a USCC may use, in value order 0–30 (no I, O, Z, S, V). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 3^(i−1) mod 31 for i = 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Look-alikes users type for the excluded letters. */
const LOOKALIKE: Readonly<Record<string, string>> = { O: '0', I: '1', Z: '2', S: '5' };

/**
 * The parts of a USCC.
 *
 * @category Identifiers
 */
export interface UsccParts {
  /** Position 1, registration-authority code (登记管理部门代码), e.g. `9` = 工商. */
  registrationAuthority: string;
  /** Position 2, entity-type code (机构类别代码) within that authority, e.g. `1` = 企业 under `9`. */
  entityType: string;
  /** Positions 3–8, administrative-division code of the registering authority (GB/T 2260). */
  division: string;
  /** Positions 9–17, the subject identifier: a GB 11714 organization code including its check character. */
  organizationCode: string;
  /** Position 18. */
  checkChar: string;
  /** Chinese name of the registration authority, when the code is in the table. */
  registrationAuthorityName?: string;
  /** Chinese name of the entity type, when the code is in the table. */
  entityTypeName?: string;
}

/**
 * A USCC that passed validation.
 *
 * @category Identifiers
 */
export interface UsccValid {
  valid: true;
  /** The normalised code: trimmed, upper-case. */
  code: string;
  parts: UsccParts;
  /**
   * Present only with `allowNonStandard: true`: the deviations that were accepted (an unknown
   * position-1/2 code, an implausible division, or a check character that only early
   * pilot-region codes get wrong). Show them to an operator for manual confirmation.
   */
  nonStandard?: IdentifierIssue[];
}

/**
 * A USCC that failed validation.
 *
 * @category Identifiers
 */
export interface UsccFailure extends IdentifierFailure {
  /**
   * True when every problem found is one that some legally issued codes have (see
   * {@link ValidateUsccOptions.allowNonStandard}); offer a manual override instead of a dead end.
   */
  overridable: boolean;
}

/** @category Identifiers */
export type UsccResult = UsccValid | UsccFailure;

/** @category Identifiers */
export interface ValidateUsccOptions {
  /**
   * Accept "valid-but-nonstandard" codes. Some early pilot-region codes are legal although
   * character 18 does not match GB 32100 (their embedded organization code still checks out),
   * and the position-1/2 tables have been extended before. With this set, a code whose only
   * problems are of that kind is returned as valid with the deviations in `nonStandard`.
   * Use it after a person has confirmed the code against the licence.
   *
   * @default false
   */
  allowNonStandard?: boolean;
}

/**
 * Computes the GB 32100 check character (position 18) for the first 17 characters of a USCC.
 *
 * @param first17 - 17 characters of `0-9A-Z` without I, O, Z, S, V (case-insensitive)
 * @throws RangeError when `first17` is not 17 characters of the USCC character set
 * @example
 * ```ts
 * computeUsccCheckChar('91350100M000100Y4'); // '3'
 * ```
 * @category Identifiers
 */
export function computeUsccCheckChar(first17: string): string {
  const body = typeof first17 === 'string' ? first17.toUpperCase() : '';
  if (body.length !== 17 || [...body].some((ch) => !USCC_CHARSET.includes(ch))) {
    throw new RangeError(
      `computeUsccCheckChar needs exactly 17 characters of ${USCC_CHARSET}, got ${JSON.stringify(first17)}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body.charAt(i)) * WEIGHTS[i]!;
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Validates a Unified Social Credit Code (统一社会信用代码) per GB 32100-2015: character set,
 * length, registration-authority and entity-type tables, division code, the GB 11714 check of the
 * embedded organization code (positions 9–17) and the check character (position 18).
 *
 * Surrounding whitespace and letter case are normalised. Failures report the first problem
 * from left to right, with a stable `code`, an English `reason` and, where one character is at
 * fault, its 1-based `position` — suitable for showing while the user types.
 *
 * @example
 * ```ts
 * validateUscc(' 91350100m000100y43 ');
 * // { valid: true, code: '91350100M000100Y43', parts: { registrationAuthority: '9', entityType: '1', … } }
 *
 * validateUscc('91350100M000100Y44');
 * // { valid: false, code: 'bad_check_char', position: 18, expected: '3',
 * //   reason: "character 18 (check character) is '4' but the first 17 characters give '3'; …" }
 * ```
 * @category Identifiers
 */
export function validateUscc(code: string, options: ValidateUsccOptions = {}): UsccResult {
  const normalised = normaliseInput(code, 'USCC');
  if (!normalised.ok) return { ...normalised.failure, overridable: false };
  const value = normalised.value;

  const bad = findChar(value, (ch, position) =>
    position >= 3 && position <= 8 ? !/^\d$/.test(ch) : !USCC_CHARSET.includes(ch),
  );
  if (bad && bad.position <= 18) return hard({ code: 'bad_char', position: bad.position, reason: badCharReason(bad.ch, bad.position) });

  if (value.length !== 18) {
    const hint = /^\d{15}$/.test(value)
      ? '; this looks like a pre-2015 15-digit business registration number (注册号) — ask for the 18-character code on the current licence'
      : '';
    return hard({ code: 'bad_length', reason: `USCC has ${[...value].length} characters; it must have exactly 18${hint}` });
  }

  const parts = splitParts(value);
  const soft: IdentifierIssue[] = [];
  const authority = REGISTRATION_AUTHORITIES[parts.registrationAuthority];
  if (!authority) {
    soft.push({
      code: 'bad_registration_authority',
      position: 1,
      reason:
        `character 1 (registration authority) is '${parts.registrationAuthority}', which is not in the ` +
        `GB 32100 table (${Object.keys(REGISTRATION_AUTHORITIES).join(', ')}); most businesses start with 9`,
    });
  } else if (!authority.entityTypes[parts.entityType]) {
    soft.push({
      code: 'bad_entity_type',
      position: 2,
      reason:
        `character 2 (entity type) is '${parts.entityType}', which authority '${parts.registrationAuthority}' ` +
        `(${authority.name}) does not issue; expected one of ${Object.keys(authority.entityTypes).join(', ')}`,
    });
  }
  if (!isPlausibleDivision(parts.division, true)) {
    soft.push({
      code: 'bad_division',
      position: 3,
      reason: `characters 3–8 (division code) are ${parts.division}, which is not a GB/T 2260 province-level prefix or 100000`,
    });
  }

  const orgExpected = computeOrgCodeCheckChar(parts.organizationCode.slice(0, 8));
  const orgOk = orgExpected === parts.organizationCode.charAt(8);
  const expected = computeUsccCheckChar(value.slice(0, 17));
  if (expected !== parts.checkChar) {
    const reason =
      `character 18 (check character) is '${parts.checkChar}' but the first 17 characters give ` +
      `'${expected}'; one of the characters was probably mistyped — compare every character with the licence`;
    if (orgOk) {
      soft.push({
        code: 'bad_check_char',
        position: 18,
        expected,
        reason: `${reason} (a few early pilot-region codes legally carry a non-standard check character)`,
      });
    } else {
      return hard({
        code: 'bad_check_char',
        position: 18,
        expected,
        reason: `${reason}; characters 9–17 (organization code) also fail their GB 11714 check, so the typo is most likely there`,
      });
    }
  } else if (!orgOk) {
    return hard({
      code: 'bad_org_code',
      position: 17,
      expected: orgExpected,
      reason:
        `characters 9–17 (organization code ${parts.organizationCode}) fail the GB 11714 check: character 17 ` +
        `should be '${orgExpected}' for the 8 characters before it; check characters 9–17 against the licence`,
    });
  }

  if (soft.length === 0) return { valid: true, code: value, parts };
  if (options?.allowNonStandard) return { valid: true, code: value, parts, nonStandard: soft };
  return { valid: false, ...soft[0]!, overridable: true };
}

function hard(issue: IdentifierIssue): UsccFailure {
  return { valid: false, ...issue, overridable: false };
}

function badCharReason(ch: string, position: number): string {
  if (position >= 3 && position <= 8) {
    return `character ${position} is ${describeChar(ch)}, but characters 3–8 are the division code and must be digits`;
  }
  const lookalike = LOOKALIKE[ch];
  if (lookalike !== undefined || ch === 'V') {
    const hint = lookalike === undefined ? '' : `; if you meant the digit, type '${lookalike}'`;
    return `character ${position} is '${ch}', a letter USCCs never use (I, O, Z, S and V are excluded)${hint}`;
  }
  return `character ${position} is ${describeChar(ch)}; a USCC has only digits and the upper-case letters ${USCC_CHARSET.slice(10)}, with no spaces or separators`;
}

function splitParts(value: string): UsccParts {
  const registrationAuthority = value.charAt(0);
  const entityType = value.charAt(1);
  const authority = REGISTRATION_AUTHORITIES[registrationAuthority];
  const parts: UsccParts = {
    registrationAuthority,
    entityType,
    division: value.slice(2, 8),
    organizationCode: value.slice(8, 17),
    checkChar: value.charAt(17),
  };
  if (authority) {
    parts.registrationAuthorityName = authority.name;
    const typeName = authority.entityTypes[entityType];
    if (typeName !== undefined) parts.entityTypeName = typeName;
  }
  return parts;
}

/**
 * Options for {@link generateUscc}. Every field has a default, so `generateUscc()` works.
 *
 * @category Identifiers
 */
export interface GenerateUsccOptions {
  /** Position 1. @default '9' (工商) */
  registrationAuthority?: string;
  /** Position 2. @default '1' (企业) */
  entityType?: string;
  /** Positions 3–8. @default '330500' (湖州市) */
  division?: string;
  /**
   * The first 8 characters of the organization code (its GB 11714 check character is computed).
   * When omitted they are derived from `seed`.
   */
  organizationCodeBody?: string;
  /** Seed for the organization-code body when `organizationCodeBody` is not given. @default 0 */
  seed?: number;
}

/**
 * Builds a well-formed USCC for tests and sandbox data. Deterministic: the same options always
 * give the same code. The organization-code and USCC check characters are computed, so the
 * result passes {@link validateUscc} whenever the position-1/2 codes and division are valid.
 *
 * @throws RangeError when an option is malformed
 * @example
 * ```ts
 * generateUscc({ seed: 42 });                  // '9133050000BK8WLF6Y', every time
 * generateUscc({ entityType: '2', seed: 7 });  // an 个体工商户 code
 * ```
 * @category Identifiers
 */
export function generateUscc(options: GenerateUsccOptions = {}): string {
  const { registrationAuthority = '9', entityType = '1', division = '330500', seed = 0 } = options;
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}$/.test(registrationAuthority + entityType)) {
    throw new RangeError(
      `registrationAuthority and entityType must each be one character of ${USCC_CHARSET}, got ` +
        `${JSON.stringify(registrationAuthority)} and ${JSON.stringify(entityType)}`,
    );
  }
  if (!/^\d{6}$/.test(division)) throw new RangeError(`division must be 6 digits, got ${JSON.stringify(division)}`);
  let body = options.organizationCodeBody;
  if (body === undefined) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, got ${String(seed)}`);
    }
    body = bodyFromSeed(seed);
  } else if (!/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(body)) {
    throw new RangeError(`organizationCodeBody must be 8 characters of ${USCC_CHARSET}, got ${JSON.stringify(body)}`);
  }
  const first17 = registrationAuthority + entityType + division + body + computeOrgCodeCheckChar(body);
  return first17 + computeUsccCheckChar(first17);
}

/** Spreads consecutive seeds over the 31^8 bodies (multiplier coprime to 31) so codes look varied. */
function bodyFromSeed(seed: number): string {
  const space = 31 ** 8;
  let n = Number((BigInt(seed) * 7_919_731n + 104_729n) % BigInt(space));
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = USCC_CHARSET.charAt(n % 31) + out;
    n = Math.floor(n / 31);
  }
  return out;
}
