/** @module digital-link/chars — GS1 character sets and URI percent-encoding, as lookup tables built once. */

import { DigitalLinkError, quote } from './errors.js';

/** Character-set ids used by the AI table: digits, CSET 82, CSET 39, CSET 64. */
export const N = 0;
export const X = 1;
export const Y = 2;
export const Z = 3;
export type Cset = typeof N | typeof X | typeof Y | typeof Z;

/** GS1 AI encodable character set 82, in GS1 order (the order matters for the GMN check pair). */
export const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CSET64 = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** `CHARSET_BITS[code]` has bit (1 << cset) set when the ASCII char belongs to that set. */
const CHARSET_BITS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CHARSET_BITS[c]! |= 1 << N;
for (const [set, chars] of [[X, CSET82], [Y, CSET39], [Z, CSET64]] as const) {
  for (let i = 0; i < chars.length; i++) CHARSET_BITS[chars.charCodeAt(i)]! |= 1 << set;
}

/** Names used in messages. */
export const CSET_NAMES = ['digits 0-9', 'GS1 character set 82', 'GS1 character set 39 (0-9 A-Z # - /)', 'base64url (A-Z a-z 0-9 - _)'] as const;

/** Index of the first character of `s[from, to)` outside `cset`, or -1. */
export function firstOutside(s: string, from: number, to: number, cset: Cset): number {
  const bit = 1 << cset;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || (CHARSET_BITS[c]! & bit) === 0) return i;
  }
  return -1;
}

/** Describes one character for an error message: `'#'`, `space`, `U+0001`. */
export function describeChar(s: string, i: number): string {
  const c = s.codePointAt(i)!;
  if (c === 32) return 'a space';
  if (c < 32 || c === 127) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(c)}'`;
}

/*
 * Percent-encoding. GS1 keeps the RFC 3986 unreserved set A-Z a-z 0-9 - . _ ~
 * as is and escapes everything else as uppercase %XX; `+` becomes %2B (GS1's
 * preference), a space becomes %20 in the path and `+` in the query.
 */
const UNRESERVED = new Uint8Array(128);
const HEX_ESCAPE: string[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  UNRESERVED[c] = /[A-Za-z0-9\-._~]/.test(ch) ? 1 : 0;
  HEX_ESCAPE.push(`%${c.toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Percent-encodes a path segment or query component. Returns `s` itself when
 * nothing needs escaping (the common case for GS1 values).
 */
export function encodeComponent(s: string, inQuery: boolean): string {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c > 127 || UNRESERVED[c] === 0) break;
    i++;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      out += UNRESERVED[c] === 1 ? s[i] : c === 32 && inQuery ? '+' : HEX_ESCAPE[c];
    } else {
      // Non-ASCII only occurs in extension parameters: UTF-8, via the platform encoder.
      const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      try {
        out += encodeURIComponent(s.slice(i, i + wide));
      } catch {
        throw new DigitalLinkError('bad_charset', `${quote(s)} contains an unpaired UTF-16 surrogate at position ${i + 1}; pass well-formed text`);
      }
      i += wide - 1;
    }
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Decodes one percent-encoded path segment or query component. In the query a
 * `+` is a space; in the path it is a literal `+`. `what` names the part in errors.
 */
export function decodeComponent(raw: string, inQuery: boolean, what: string): string {
  const hasPlus = inQuery && raw.includes('+');
  if (!hasPlus && !raw.includes('%')) return raw;
  const s = hasPlus ? raw.replaceAll('+', ' ') : raw;
  for (let i = s.indexOf('%'); i !== -1; i = s.indexOf('%', i + 1)) {
    if (i + 2 >= s.length || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
      throw new DigitalLinkError('bad_uri', `${what} has a '%' not followed by two hex digits in ${quote(raw)}; write a literal % as %25`);
    }
    if (s.charCodeAt(i + 1) === 48 && s.charCodeAt(i + 2) === 48) {
      throw new DigitalLinkError('bad_uri', `${what} contains %00 (a NUL character) in ${quote(raw)}; NUL is never allowed`);
    }
  }
  try {
    return decodeURIComponent(s);
  } catch {
    throw new DigitalLinkError('bad_uri', `${what} has percent-encoded bytes that are not valid UTF-8 in ${quote(raw)}`);
  }
}

/*
 * Characters allowed anywhere in a URI (RFC 3986): unreserved, reserved and '%'.
 * Anything else (space, '"', '<', '>', '\', '^', '`', '{', '|', '}', controls,
 * non-ASCII) must arrive percent-encoded.
 */
const URI_CHAR = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") {
  URI_CHAR[ch.charCodeAt(0)] = 1;
}

/** Index of the first character in `s[0, end)` that may not appear in a URI, or -1. */
export function firstNonUriChar(s: string, end: number): number {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || URI_CHAR[c] === 0) return i;
  }
  return -1;
}

/** Host characters: letters, digits, '-', '.', and ':' '[' ']' for ports and IPv6. */
export function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 45 || c === 46 || c === 91 || c === 93;
}

/** True when `s` is non-empty and all ASCII digits. */
export function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
