/** @module Prefixed, time-ordered object ids (`mch_01JD…`) and random secrets. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A new id: prefix, 10 characters of millisecond time, 16 random characters (Crockford base32).
 * Ids sort by creation time, which keyset pagination relies on.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += CROCKFORD[b & 31];
  return `${prefix}_${time}${rand}`;
}

/** A random token of `length` base62 characters (≈ 5.95 bits each). */
export function randomToken(length = 32): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const b of bytes) {
    if (b < 248) out += BASE62[b % 62]; // 248 = 4 × 62: keeps the distribution uniform
    if (out.length === length) return out;
  }
  return out + randomToken(length - out.length);
}

/** SHA-256 hex of a secret, the only form in which keys are stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
