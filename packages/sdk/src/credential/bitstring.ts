/** W3C Bitstring Status List codec: GZIP + multibase base64url, bit 0 left-most. @module */
import { base64url } from 'jose';
import { CredentialError } from './errors.js';

/**
 * Largest bitstring {@link decodeBitstring} expands: 16 MiB (134 million entries). It stops a
 * small "GZIP bomb" from exhausting a phone's memory.
 */
export const MAX_BITSTRING_BYTES = 16 * 1024 * 1024;

/**
 * Compresses a bitstring with GZIP and writes it as multibase base64url: `u` + base64url without
 * padding, the `encodedList` format of W3C Bitstring Status List.
 *
 * @example
 * ```ts
 * const encoded = await encodeBitstring(new Uint8Array(16384)); // 'uH4sIAAAAAAAA…'
 * ```
 */
export async function encodeBitstring(bits: Uint8Array): Promise<string> {
  const gz = await transform(bits, new CompressionStream('gzip'), Number.POSITIVE_INFINITY);
  return `u${base64url.encode(gz)}`;
}

/**
 * Expands an `encodedList` (multibase base64url of a GZIP-compressed bitstring) into its bytes.
 * Throws a {@link CredentialError} `STATUS_VERIFICATION_ERROR` when the input is not such a string
 * or expands beyond {@link MAX_BITSTRING_BYTES}.
 *
 * @example
 * ```ts
 * const bits = await decodeBitstring('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
 * bits.length; // 16384 bytes = 131072 entries, all 0
 * ```
 */
export async function decodeBitstring(encoded: string): Promise<Uint8Array> {
  if (typeof encoded !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encoded)) {
    throw new CredentialError(
      'STATUS_VERIFICATION_ERROR',
      'encodedList must be multibase base64url: "u" followed by base64url characters without padding',
    );
  }
  try {
    const gz = base64url.decode(encoded.slice(1));
    return await transform(gz, new DecompressionStream('gzip'), MAX_BITSTRING_BYTES);
  } catch (cause) {
    if (cause instanceof CredentialError) throw cause;
    throw new CredentialError('STATUS_VERIFICATION_ERROR', 'encodedList is not valid GZIP data', { cause });
  }
}

/**
 * Reads entry `index` of a bitstring. Index 0 is the left-most (most significant) bit of byte 0,
 * as W3C Bitstring Status List specifies. Throws a {@link CredentialError} `RANGE_ERROR` when the
 * index is outside the list.
 *
 * @example
 * ```ts
 * getBit(new Uint8Array([0b1000_0000]), 0); // true
 * ```
 */
export function getBit(bits: Uint8Array, index: number): boolean {
  assertIndex(bits, index);
  return ((bits[index >>> 3]! >>> (7 - (index & 7))) & 1) === 1;
}

// Throws `RANGE_ERROR` unless `index` is an integer entry of `bits`.
function assertIndex(bits: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new CredentialError(
      'RANGE_ERROR',
      `status index must be an integer from 0 to ${bits.length * 8 - 1}, got ${String(index)}`,
    );
  }
}

async function transform(input: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reader; swallow them here so they are not reported as unhandled.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      throw new CredentialError('STATUS_VERIFICATION_ERROR', `bitstring expands beyond ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
