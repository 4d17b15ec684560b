/** @module Runtime detection. */

/** True in a web page (a window with a document); false in Node, workers and service workers. */
export function isBrowserPage(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window === 'object' && typeof g.document === 'object';
}

/** A random id for `Idempotency-Key`, from WebCrypto. */
export function randomKey(): string {
  return globalThis.crypto.randomUUID();
}
