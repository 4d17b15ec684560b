/** @module A small per-client token bucket for public endpoints that guard secrets (PIN checks). */

/** Allows `perMinute` calls per key on average, bursts up to `burst`. */
export class MinuteLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMinute: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(perMinute: number, burst = perMinute, now: () => number = Date.now) {
    this.#perMinute = perMinute;
    this.#burst = burst;
    this.#now = now;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: t };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((t - bucket.at) / 60_000) * this.#perMinute);
    bucket.at = t;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 100_000) this.#buckets.clear(); // bound memory under address scans
    if (bucket.tokens < 1) return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.#perMinute));
    bucket.tokens -= 1;
    return 0;
  }
}
