/** @module Payment limits and timings, read from the environment with documented defaults. */

/** Limits of the payment-code capability. */
export interface PaymentLimits {
  /**
   * Largest amount of one order, in 分 (`MASHANG_ORDER_AMOUNT_LIMIT`). The default matches the
   * PBOC daily limit for dynamic codes of risk level B (¥5,000).
   * @default 500000
   */
  orderAmountLimit: number;
  /**
   * Most one payer may pay through static codes per day (Asia/Shanghai calendar day), in 分
   * (`MASHANG_STATIC_DAILY_LIMIT`). Static codes are risk level D under the PBOC
   * 条码支付业务规范 (银发〔2017〕296号), limited to ¥500 per payer per day.
   * @default 50000
   */
  staticDailyLimit: number;
  /** How often pending orders past their time are swept to `expired`, ms. @default 1000 */
  expirySweepMs: number;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${value}'`);
  return n;
}

/** Reads the limits from `env` (normally `process.env`). */
export function paymentLimits(env: Record<string, string | undefined> = process.env): PaymentLimits {
  return {
    orderAmountLimit: positiveInt(env['MASHANG_ORDER_AMOUNT_LIMIT'], 500_000, 'MASHANG_ORDER_AMOUNT_LIMIT'),
    staticDailyLimit: positiveInt(env['MASHANG_STATIC_DAILY_LIMIT'], 50_000, 'MASHANG_STATIC_DAILY_LIMIT'),
    expirySweepMs: positiveInt(env['MASHANG_EXPIRY_SWEEP_MS'], 1_000, 'MASHANG_EXPIRY_SWEEP_MS'),
  };
}

/** Start of the Asia/Shanghai (UTC+8, no daylight saving) calendar day containing `now`. */
export function shanghaiDayStart(now: Date): Date {
  const offset = 8 * 3_600_000;
  const day = 86_400_000;
  return new Date(Math.floor((now.getTime() + offset) / day) * day - offset);
}
