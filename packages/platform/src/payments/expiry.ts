/** @module The expiry worker: pending orders past `expires_at` become `expired`, server-side. */
import type { Platform } from '../context.js';
import type { Payments } from './service.js';

/**
 * Sweeps due orders every `limits.expirySweepMs`. Reads and SSE streams also expire an order
 * at its exact time, so the sweep only bounds how late a webhook-less, unwatched order flips.
 * Returns the function that stops it.
 */
export function startExpiryWorker(platform: Platform, payments: Payments): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = payments.expire().catch((error: unknown) => {
      platform.log({ level: 'error', msg: 'order expiry sweep failed', error: error instanceof Error ? error.message : String(error) });
    });
  }, payments.limits.expirySweepMs);
  timer.unref?.();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
