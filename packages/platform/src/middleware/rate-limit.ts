/** @module Token-bucket rate limiting per API key (or client address): 429 + `Retry-After`. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpError } from '../errors.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Sustained requests per second per caller; 0 turns limiting off. */
  perSecond: number;
  /** Bucket size. @default 2 × perSecond */
  burst?: number;
  /** Clock in ms, for tests. @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Limits each caller to `perSecond` requests per second with bursts up to `burst`. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { perSecond } = options;
  const burst = options.burst ?? Math.max(1, perSecond * 2);
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  return async function rateLimit(c, next) {
    if (perSecond <= 0) return next();
    const principal = c.var.principal;
    const who =
      principal?.keyId ??
      `ip:${c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress ?? 'local'}`;
    const t = now();
    const bucket = buckets.get(who) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(who, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new HttpError('rate_limit_error', 'rate_limited', `Too many requests; retry after ${retryAfter} s.`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    bucket.tokens -= 1;
    buckets.set(who, bucket);
    if (buckets.size > 100_000) buckets.clear(); // bound memory under address scans
    return next();
  };
}
