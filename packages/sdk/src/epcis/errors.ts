/** @module epcis/errors — the error type the EPCIS helpers throw. */

/**
 * Machine-readable reason for an {@link EpcisError}.
 *
 * - `bad_input`: an argument has the wrong type or shape.
 * - `bad_key`: a GS1 key (GTIN, GLN, SSCC) or its serial/lot is malformed or fails its check digit.
 * - `bad_time`: a timestamp or time-zone offset is not in EPCIS form.
 * - `bad_event`: an event lacks what the EPCIS standard requires (e.g. `eventTime`).
 * - `outbox_store`: the outbox store could not read or write its data.
 *
 * @category EPCIS
 */
export type EpcisErrorCode = 'bad_input' | 'bad_key' | 'bad_time' | 'bad_event' | 'outbox_store';

/**
 * Thrown by the EPCIS builders, hash and outbox on invalid input. `message` says what is
 * wrong and how to fix it; `code` is stable for programs.
 *
 * @example
 * ```ts
 * try {
 *   sgtinDigitalLink('06901234567891', 'A1');
 * } catch (err) {
 *   if (isEpcisError(err) && err.code === 'bad_key') console.warn(err.message);
 * }
 * ```
 * @category EPCIS
 */
export class EpcisError extends Error {
  override readonly name = 'EpcisError';
  readonly code: EpcisErrorCode;

  constructor(code: EpcisErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `value` is an {@link EpcisError}, also across realms where `instanceof` fails.
 *
 * @example
 * ```ts
 * if (isEpcisError(err)) console.log(err.code);
 * ```
 * @category EPCIS
 */
export function isEpcisError(value: unknown): value is EpcisError {
  if (value instanceof EpcisError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { name, code, message } = value as { name?: unknown; code?: unknown; message?: unknown };
  return name === 'EpcisError' && typeof code === 'string' && typeof message === 'string';
}

/** Quotes a user-supplied value for an error message, shortening long ones. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
