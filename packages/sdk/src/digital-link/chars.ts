/** @module digital-link/chars — GS1 character sets and URI percent-encoding, as regular expressions compiled once. */

import { fail, quote } from './errors.js';

/** Character-set ids used by the AI table: digits, CSET 82, CSET 39, CSET 64. */
export const N = 0;
export const X = 1;
export const Y = 2;
export const Z = 3;
export type Cset = typeof N | typeof X | typeof Y | typeof Z;

/** GS1 AI encodable character set 82, in GS1 order (the order matters for the GMN check pair). */
export const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;

/** A character outside each set. CSET 82 is `!`, `"`, `%` to `?`, `A-Z`, `_`, `a-z`. */
const OUTSIDE = [/[^0-9]/, /[^!"%-?A-Z_a-z]/, /[^#\-/0-9A-Z]/, /[^\w-]/] as const;

/** Names used in messages. */
export const CSET_NAMES = ['digits only', 'GS1 CSET 82', 'GS1 CSET 39', 'base64url'] as const;

/** Index of the first character of `s[from, to)` outside `cset`, or -1. */
export function firstOutside(s: string, from: number, to: number, cset: Cset): number {
  const i = s.slice(from, to).search(OUTSIDE[cset]);
  return i < 0 ? i : from + i;
}

/** Quotes the character at `i` for an error message: `"#"`, `" "`, `"\u0001"`. */
export function describeChar(s: string, i: number): string {
  return JSON.stringify(String.fromCodePoint(s.codePointAt(i)!));
}

/*
 * Percent-encoding. GS1 keeps the RFC 3986 unreserved set A-Z a-z 0-9 - . _ ~
 * as is and escapes everything else as uppercase %XX; `+` becomes %2B (GS1's
 * preference), a space becomes %20 in the path and `+` in the query.
 */
const UNRESERVED = /^[\w.~-]*$/;
const KEPT_BY_PLATFORM = /[!'()*]/g;

/** Percent-encodes a path segment or query component; returns `s` itself when nothing needs escaping. */
export function encodeComponent(s: string, inQuery: boolean): string {
  if (UNRESERVED.test(s)) return s;
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    fail('bad_charset', `${quote(s)} has an unpaired surrogate`);
  }
  out = out.replace(KEPT_BY_PLATFORM, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return inQuery ? out.replaceAll('%20', '+') : out;
}

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/**
 * Decodes one percent-encoded path segment or query component. In the query a
 * `+` is a space; in the path it is a literal `+`. `what` (an AI or parameter
 * name) is only used to build an error message.
 */
export function decodeComponent(raw: string, inQuery: boolean, what: string): string {
  const s = inQuery ? raw.replaceAll('+', ' ') : raw;
  if (!s.includes('%')) return s;
  const where = `(${what}) ${quote(raw)}`;
  if (BAD_ESCAPE.test(s) || s.includes('%00')) fail('bad_uri', `${where}: %00 or a bad %-escape (write % as %25)`);
  try {
    return decodeURIComponent(s);
  } catch {
    return fail('bad_uri', `${where}: escapes are not UTF-8`);
  }
}

/** A character that may not appear in a URI (RFC 3986 allows unreserved, reserved and '%'). */
export const NON_URI = /[^\w.~:/?#[\]@!$&'()*+,;=%-]/;
/** A character that may not appear in a host: letters, digits, '-', '.', and ':' '[' ']' for ports and IPv6. */
export const NON_HOST = /[^A-Za-z0-9.:[\]-]/;

/** True when `s` is non-empty and all ASCII digits. */
export function isAllDigits(s: string): boolean {
  return /^\d+$/.test(s);
}
