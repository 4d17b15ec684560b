/** @module Base class of every error the SDK throws. */

const BRAND = Symbol.for('mashang.error');

/**
 * Base class of every error thrown by `@mashang/sdk`.
 *
 * Use {@link isMashangError} rather than `instanceof` when errors may cross realms
 * (iframes, workers, duplicated bundles).
 * @category Errors
 */
export class MashangError extends Error {
  override name = 'MashangError';
  /** @internal */
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * True when `value` is any {@link MashangError}, also across realms.
 * @category Errors
 */
export function isMashangError(value: unknown): value is MashangError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
