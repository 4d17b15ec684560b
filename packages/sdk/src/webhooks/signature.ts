/** @module HMAC-SHA256 webhook signatures (`Mashang-Signature: t=<unix>,v1=<hex>`), with Web Crypto so it runs anywhere. */

const encoder = new TextEncoder();

function toBytes(value: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value);
}

function hex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * The hex HMAC-SHA256 of `${timestamp}.${rawBody}` with `secret`: the `v1` value.
 * @category Webhooks
 */
export async function computeSignature(rawBody: string | Uint8Array, secret: string, timestamp: number): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = encoder.encode(`${timestamp}.`);
  const body = toBytes(rawBody);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return hex(await globalThis.crypto.subtle.sign('HMAC', key, message));
}

/**
 * Builds a `Mashang-Signature` header value: `t=<unix seconds>` and one `v1=` per secret
 * (several during secret rotation).
 * @category Webhooks
 */
export async function signatureHeader(rawBody: string | Uint8Array, secrets: readonly string[], timestamp: number): Promise<string> {
  const parts = [`t=${timestamp}`];
  for (const secret of secrets) parts.push(`v1=${await computeSignature(rawBody, secret, timestamp)}`);
  return parts.join(',');
}

/** Parsed `Mashang-Signature`: the timestamp and every `v1` signature. Unknown schemes are ignored. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** Compares two equal-length hex strings without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
