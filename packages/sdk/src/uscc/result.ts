/** @module Result shapes, stable failure codes and input normalisation shared by the identifier validators. */

/**
 * Stable machine-readable reasons a USCC or resident ID number fails validation.
 * UIs switch on these to show localised text; the English `reason` is for logs and developers.
 *
 * @category Identifiers
 */
export type IdentifierErrorCode =
  | 'bad_type'
  | 'empty'
  | 'full_width'
  | 'bad_char'
  | 'bad_length'
  | 'bad_registration_authority'
  | 'bad_entity_type'
  | 'bad_division'
  | 'bad_org_code'
  | 'bad_check_char'
  | 'bad_birth_date'
  | 'birth_date_in_future'
  | 'birth_date_too_old';

/**
 * Every {@link IdentifierErrorCode}, for building message catalogues.
 *
 * @category Identifiers
 */
export const IDENTIFIER_ERROR_CODES: readonly IdentifierErrorCode[] = Object.freeze([
  'bad_type',
  'empty',
  'full_width',
  'bad_char',
  'bad_length',
  'bad_registration_authority',
  'bad_entity_type',
  'bad_division',
  'bad_org_code',
  'bad_check_char',
  'bad_birth_date',
  'birth_date_in_future',
  'birth_date_too_old',
]);

/**
 * One thing wrong with an identifier.
 *
 * @category Identifiers
 */
export interface IdentifierIssue {
  /** Stable reason code. */
  code: IdentifierErrorCode;
  /** Precise English explanation saying what is wrong and how to fix it. */
  reason: string;
  /** 1-based position of the offending character in the trimmed input, when one character is at fault. */
  position?: number;
  /** The character (or characters) expected at `position`, when known — e.g. the correct check character. */
  expected?: string;
}

/**
 * A failed validation: the first problem found, scanning left to right.
 *
 * @category Identifiers
 */
export interface IdentifierFailure extends IdentifierIssue {
  valid: false;
}

/** Result of {@link normaliseInput}: either the cleaned string or the failure to report. */
export type Normalised = { ok: true; value: string } | { ok: false; failure: IdentifierFailure };

const FULL_WIDTH = /^[\uFF01-\uFF5E\u3000]$/;

/**
 * Trims surrounding whitespace, rejects full-width characters and upper-cases ASCII letters.
 * Only ASCII is upper-cased: `String#toUpperCase` can change the length of other scripts
 * (ß → SS), which would make reported positions wrong.
 */
export function normaliseInput(input: unknown, what: string): Normalised {
  if (typeof input !== 'string') {
    return fail('bad_type', `${what} must be a string, got ${input === null ? 'null' : typeof input}`);
  }
  const value = input.trim();
  if (value === '') return fail('empty', `${what} is empty; enter all of its characters`);
  const found = findChar(value, (ch) => FULL_WIDTH.test(ch));
  if (found) {
    const { ch, position } = found;
    const ascii = ch === '\u3000' ? 'a normal space' : `'${String.fromCharCode(ch.charCodeAt(0) - 0xfee0)}'`;
    return {
      ok: false,
      failure: {
        valid: false,
        code: 'full_width',
        position,
        reason:
          `character ${position} is the full-width (全角) '${ch}'; switch the input method to ` +
          `half-width (半角) and type ${ascii} instead`,
      },
    };
  }
  return { ok: true, value: value.replace(/[a-z]+/g, (s) => s.toUpperCase()) };
}

function fail(code: IdentifierErrorCode, reason: string): Normalised {
  return { ok: false, failure: { valid: false, code, reason } };
}

/**
 * Finds the first character (code point) matching `test`, with its 1-based position.
 * Positions count code points, so an emoji earlier in the input does not shift them.
 */
export function findChar(
  value: string,
  test: (ch: string, position: number) => boolean,
): { ch: string; position: number } | undefined {
  let position = 0;
  for (const ch of value) {
    position += 1;
    if (test(ch, position)) return { ch, position };
  }
  return undefined;
}

/** Describes one character for an error message, naming invisible ones. */
export function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  if (/\s/.test(ch)) return 'a whitespace character';
  if (ch === '-') return "a hyphen '-'";
  return `'${ch}'`;
}
