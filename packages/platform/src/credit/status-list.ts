/** Bitstring helpers for the platform's revocation status lists (W3C Bitstring Status List). @module */
import { MIN_STATUS_LIST_ENTRIES } from '@mashang/sdk/credential';

export { decodeBitstring, encodeBitstring, getBit } from '@mashang/sdk/credential';

/**
 * Creates an all-zero bitstring of `size` entries (bits). `size` must be a multiple of 8 and at
 * least 131,072 (16 KiB), the W3C minimum that gives holders herd privacy.
 *
 * @example
 * ```ts
 * const bits = createBitstring(); // 131072 entries, 16384 bytes
 * ```
 */
export function createBitstring(size: number = MIN_STATUS_LIST_ENTRIES): Uint8Array {
  if (!Number.isInteger(size) || size < MIN_STATUS_LIST_ENTRIES || size % 8 !== 0) {
    throw new RangeError(
      `a status list needs a multiple of 8 entries, at least ${MIN_STATUS_LIST_ENTRIES}; got ${String(size)}`,
    );
  }
  return new Uint8Array(size / 8);
}

/**
 * Sets (or with `value` false, clears) entry `index` in place. Index 0 is the left-most bit of
 * byte 0. Revocation is permanent, so a revocation list should only ever have bits set.
 *
 * @example
 * ```ts
 * setBit(bits, 94567); // revoke the credential whose status index is 94567
 * ```
 */
export function setBit(bits: Uint8Array, index: number, value = true): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`status index must be an integer from 0 to ${bits.length * 8 - 1}, got ${String(index)}`);
  }
  const mask = 0x80 >>> (index & 7);
  const byte = index >>> 3;
  bits[byte] = value ? bits[byte]! | mask : bits[byte]! & ~mask;
}
