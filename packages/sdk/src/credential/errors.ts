/** The error thrown by status-list and key-set helpers. @module */

/**
 * What went wrong. The `STATUS_*` and `RANGE_ERROR` codes are those of W3C Bitstring Status List
 * §3.6; `JWKS_RETRIEVAL_ERROR` follows the same pattern for key sets.
 */
export type CredentialErrorCode =
  | 'STATUS_RETRIEVAL_ERROR'
  | 'STATUS_VERIFICATION_ERROR'
  | 'STATUS_LIST_LENGTH_ERROR'
  | 'RANGE_ERROR'
  | 'JWKS_RETRIEVAL_ERROR';

/**
 * Thrown by {@link decodeStatusList}, {@link fetchStatusList} and {@link fetchJwks}.
 * {@link verifyCreditCode} never throws; it reports a `reason` instead.
 *
 * @example
 * ```ts
 * try {
 *   await fetchStatusList(url, { jwks });
 * } catch (error) {
 *   if (isCredentialError(error) && error.code === 'STATUS_RETRIEVAL_ERROR') showOffline();
 * }
 * ```
 */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  readonly code: CredentialErrorCode;

  constructor(code: CredentialErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True for a {@link CredentialError}, also one from another realm (iframe, worker, duplicate
 * package copy), where `instanceof` fails.
 *
 * @example
 * ```ts
 * if (isCredentialError(error)) console.warn(error.code);
 * ```
 */
export function isCredentialError(error: unknown): error is CredentialError {
  return (
    error instanceof CredentialError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'CredentialError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
