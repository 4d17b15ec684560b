/** @module Webhook delivery timing, read from the environment so tests and operators can tune it. */

/** How the delivery worker paces itself. */
export interface WebhookSettings {
  /** First retry delay; attempt n waits `retryBaseMs × 2^(n−1)` (± 20 % jitter). `MASHANG_WEBHOOK_RETRY_BASE_MS`. @default 30000 */
  retryBaseMs: number;
  /** Longest wait between two attempts. `MASHANG_WEBHOOK_MAX_BACKOFF_MS`. @default 21600000 (6 h) */
  maxBackoffMs: number;
  /** Automatic attempts before a delivery is marked `failed`. `MASHANG_WEBHOOK_MAX_ATTEMPTS`. @default 10 */
  maxAttempts: number;
  /** How often the worker looks for due deliveries and unpublished events. `MASHANG_WEBHOOK_POLL_MS`. @default 500 */
  pollMs: number;
  /** Per-attempt timeout for the receiver to answer. `MASHANG_WEBHOOK_TIMEOUT_MS`. @default 10000 */
  timeoutMs: number;
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got '${raw}'`);
  return n;
}

/** Reads {@link WebhookSettings} from `env` with the documented defaults. */
export function webhookSettings(env: Record<string, string | undefined> = process.env): WebhookSettings {
  return {
    retryBaseMs: positive(env, 'MASHANG_WEBHOOK_RETRY_BASE_MS', 30_000),
    maxBackoffMs: positive(env, 'MASHANG_WEBHOOK_MAX_BACKOFF_MS', 6 * 60 * 60 * 1000),
    maxAttempts: positive(env, 'MASHANG_WEBHOOK_MAX_ATTEMPTS', 10),
    pollMs: positive(env, 'MASHANG_WEBHOOK_POLL_MS', 500, 5),
    timeoutMs: positive(env, 'MASHANG_WEBHOOK_TIMEOUT_MS', 10_000, 100),
  };
}

/** The wait before the attempt after `attempts` failed ones. */
export function backoffMs(settings: WebhookSettings, attempts: number, random = Math.random): number {
  const exponential = settings.retryBaseMs * 2 ** Math.max(attempts - 1, 0);
  const jitter = 0.8 + random() * 0.4;
  return Math.round(Math.min(exponential, settings.maxBackoffMs) * jitter);
}
