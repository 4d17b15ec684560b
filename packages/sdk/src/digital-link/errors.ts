/** @module digital-link/errors — the one error type the Digital Link codec throws. */

/**
 * Machine-readable reason for a {@link DigitalLinkError}.
 *
 * - `bad_input`: the argument has the wrong shape (not a string, missing field).
 * - `bad_uri`: not an http(s) URI we can read: scheme, host, illegal character,
 *   malformed percent-encoding, `%00`, empty or trailing path segment.
 * - `compressed`: a compressed Digital Link; only the uncompressed form is supported.
 * - `missing_key`: no GS1 primary key (e.g. `/01/<GTIN>`) in the path.
 * - `unknown_ai`: an all-digit key that is not a GS1 Application Identifier.
 * - `bad_qualifier`: a path AI that cannot qualify this primary key.
 * - `bad_order`: key qualifiers out of order, or from two alternative sequences.
 * - `duplicate_ai`: the same AI appears twice.
 * - `qualifier_in_query`: a key qualifier sent as a query attribute although it
 *   fits in the path.
 * - `not_attribute`: an AI that GS1 does not permit as a Digital Link data attribute.
 * - `empty_value`: an AI without a value.
 * - `bad_length`, `bad_charset`, `bad_check_digit`, `bad_date`, `bad_value`:
 *   the AI value breaks its format (checked after percent-decoding).
 *
 * @category Digital Link
 */
export type DigitalLinkErrorCode =
  | 'bad_input'
  | 'bad_uri'
  | 'compressed'
  | 'missing_key'
  | 'unknown_ai'
  | 'bad_qualifier'
  | 'bad_order'
  | 'duplicate_ai'
  | 'qualifier_in_query'
  | 'not_attribute'
  | 'empty_value'
  | 'bad_length'
  | 'bad_charset'
  | 'bad_check_digit'
  | 'bad_date'
  | 'bad_value';

/**
 * Thrown by every Digital Link function on invalid input. `message` names the
 * offending part and says how to fix it; `code` is stable for programs; `ai` is
 * the Application Identifier concerned, when there is one.
 *
 * @example
 * ```ts
 * try {
 *   parseDigitalLink('https://example.com/01/12312312312334');
 * } catch (err) {
 *   if (isDigitalLinkError(err) && err.code === 'bad_check_digit') showFieldError(err.message);
 * }
 * ```
 * @category Digital Link
 */
export class DigitalLinkError extends Error {
  override readonly name = 'DigitalLinkError';
  readonly code: DigitalLinkErrorCode;
  readonly ai: string | undefined;

  constructor(code: DigitalLinkErrorCode, message: string, ai?: string) {
    super(message);
    this.code = code;
    this.ai = ai;
  }
}

/**
 * True when `value` is a {@link DigitalLinkError}, also across realms (iframes,
 * duplicated package copies) where `instanceof` fails.
 *
 * @example
 * ```ts
 * if (isDigitalLinkError(err)) console.log(err.code);
 * ```
 * @category Digital Link
 */
export function isDigitalLinkError(value: unknown): value is DigitalLinkError {
  const v = value as Partial<DigitalLinkError> | null;
  return value instanceof DigitalLinkError || (v?.name === 'DigitalLinkError' && typeof v.code === 'string');
}

/** Throws a {@link DigitalLinkError}; lets checks read as one line. */
export function fail(code: DigitalLinkErrorCode, message: string, ai?: string): never {
  throw new DigitalLinkError(code, message, ai);
}

/** Shortens a user-supplied string for an error message. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}
