/** @module digital-link/parse — reads an uncompressed GS1 Digital Link URI into its AIs. */

import { CONVENIENCE_ALPHAS } from './ai-table.js';
import { decodeComponent, describeChar, firstNonUriChar, isAllDigits, isHostChar } from './chars.js';
import { DigitalLinkError, quote } from './errors.js';
import { label, lookupAi, type AiDef } from './registry.js';
import { attributeDef, knownAi, orderQualifiers } from './rules.js';
import type { AiValue, DigitalLink, ParseDigitalLinkOptions } from './types.js';
import { checkValue } from './validate.js';

/** Length of the scheme and `://` (all lower or all upper case), or 0. */
export function schemeLength(uri: string): number {
  if (uri.startsWith('https://') || uri.startsWith('HTTPS://')) return 8;
  if (uri.startsWith('http://') || uri.startsWith('HTTP://')) return 7;
  return 0;
}

/** Checks scheme and host of `uri[0, end)`; returns the index just past the host. */
export function readOrigin(uri: string, end: number, what: string): { hostStart: number; hostEnd: number } {
  const bad = firstNonUriChar(uri, end);
  if (bad !== -1) {
    throw new DigitalLinkError('bad_uri', `${what} has ${describeChar(uri, bad)} at position ${bad + 1}, which a URI may not contain; percent-encode it (e.g. a space as %20)`);
  }
  const hostStart = schemeLength(uri);
  if (hostStart === 0) {
    throw new DigitalLinkError('bad_uri', `${what} must start with https:// or http:// (scheme all lower or all upper case), got ${quote(uri.slice(0, 16))}`);
  }
  let hostEnd = hostStart;
  for (; hostEnd < end; hostEnd++) {
    const c = uri.charCodeAt(hostEnd);
    if (c === 47 || c === 63) break; // '/' or '?'
    if (!isHostChar(c)) {
      throw new DigitalLinkError('bad_uri', `${what} has ${describeChar(uri, hostEnd)} in its host name at position ${hostEnd + 1}; a host has letters, digits, '-', '.', ':' and IPv6 brackets only`);
    }
  }
  if (hostEnd === hostStart) throw new DigitalLinkError('bad_uri', `${what} has no host name after ${quote(uri.slice(0, hostStart))}`);
  return { hostStart, hostEnd };
}

const COMPRESSED = /^[A-Za-z0-9_-]{8,}$/;

function compressedError(segment: string, partly: boolean): DigitalLinkError {
  return new DigitalLinkError(
    'compressed',
    `path segment ${quote(segment)} looks like a ${partly ? 'partially ' : ''}compressed GS1 Digital Link; only the uncompressed form ` +
      '(/01/<GTIN>/10/<lot>...) is supported, as GS1 recommends. Ask the issuer for the uncompressed link',
  );
}

/** Explains why no primary key was found at an /AI/value position. */
function missingKeyError(segments: readonly string[], path: string): DigitalLinkError {
  const n = segments.length;
  for (let i = n - 1; i >= 0; i--) {
    if (!lookupAi(segments[i]!)?.qualifierSequences) continue;
    if (i === n - 1) return new DigitalLinkError('empty_value', `${label(segments[i]!)} at the end of the path has no value; add /<value> after it`, segments[i]);
    const last = segments[n - 1]!;
    if (isAllDigits(last) && lookupAi(last)) {
      return new DigitalLinkError('empty_value', `${label(last)} at the end of the path has no value; add /<value> after it`, last);
    }
    if (COMPRESSED.test(last) && i === n - 3) return compressedError(last, true);
    return new DigitalLinkError(
      'bad_uri',
      `path segment ${quote(last)} after ${label(segments[i]!)} is not part of an /AI/value pair; non-GS1 data belongs in the query string`,
    );
  }
  const alpha = segments.find((s) => CONVENIENCE_ALPHAS.includes(` ${s.toLowerCase()} `));
  if (alpha !== undefined) {
    return new DigitalLinkError(
      'missing_key',
      `path uses the name ${quote(alpha)}; GS1 Digital Link 1.3 removed such names, use numeric AIs (e.g. /01/<GTIN> for gtin, /10/ for lot, /21/ for ser)`,
    );
  }
  const last = segments[n - 1]!;
  // Compressed links are base64url noise: expect upper case, lower case and digits together.
  if (n <= 2 && last.length >= 10 && COMPRESSED.test(last) && /[A-Z]/.test(last) && /[a-z]/.test(last) && /[0-9]/.test(last)) {
    return compressedError(last, false);
  }
  return new DigitalLinkError(
    'missing_key',
    `no GS1 primary key in the path ${quote(path)}; a Digital Link path starts with a key and its value, e.g. /01/<GTIN>, /00/<SSCC> or /414/<GLN>`,
  );
}

function padShortGtin(ai: string, value: string, options: ParseDigitalLinkOptions | undefined): string {
  if (ai !== '01' || !options?.permitZeroSuppressedGtin) return value;
  const n = value.length;
  return n === 8 || n === 12 || n === 13 ? value.padStart(14, '0') : value;
}

function setExtension(extensions: Record<string, string>, key: string, value: string): void {
  if (Object.prototype.hasOwnProperty.call(extensions, key)) return;
  // defineProperty keeps a key such as "__proto__" an ordinary own property.
  Object.defineProperty(extensions, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Renders AIs as `(01)…(10)…`. */
export function toElementString(primaryKey: AiValue, qualifiers: readonly AiValue[], attributes: readonly AiValue[]): string {
  let out = `(${primaryKey.ai})${primaryKey.value}`;
  for (const q of qualifiers) out += `(${q.ai})${q.value}`;
  for (const a of attributes) out += `(${a.ai})${a.value}`;
  return out;
}

/**
 * Parses and validates an uncompressed GS1 Digital Link URI (DL URI Syntax
 * 1.4+): http(s) scheme, any host, optional path stem, a primary key with its
 * qualifiers in GS1 order, GS1 data attributes and other parameters in the
 * query. Values are percent-decoded, then checked for length, character set,
 * check digit and date format. The fragment is ignored.
 *
 * @throws {DigitalLinkError} with a `code` and a message naming the offending part.
 * @example
 * ```ts
 * const dl = parseDigitalLink('https://example.com/01/09520123456788/10/ABC1/21/12345?17=180426');
 * dl.primaryKey;    // { ai: '01', value: '09520123456788' }
 * dl.qualifiers;    // [{ ai: '10', value: 'ABC1' }, { ai: '21', value: '12345' }]
 * dl.attributes;    // [{ ai: '17', value: '180426' }]
 * dl.elementString; // '(01)09520123456788(10)ABC1(21)12345(17)180426'
 * ```
 * @category Digital Link
 */
export function parseDigitalLink(uri: string, options?: ParseDigitalLinkOptions): DigitalLink {
  if (typeof uri !== 'string') {
    throw new DigitalLinkError('bad_input', `parseDigitalLink expects the URI as a string, got ${uri === null ? 'null' : typeof uri}`);
  }
  const hash = uri.indexOf('#');
  const end = hash === -1 ? uri.length : hash;
  const { hostStart, hostEnd } = readOrigin(uri, end, 'the URI');
  if (hostEnd === end || uri.charCodeAt(hostEnd) === 63) {
    throw new DigitalLinkError('missing_key', 'the URI has no path; a Digital Link path starts with a primary key, e.g. /01/<GTIN>');
  }
  const question = uri.indexOf('?', hostEnd);
  const pathEnd = question === -1 || question > end ? end : question;
  const path = uri.slice(hostEnd, pathEnd);
  const segments = path.slice(1).split('/');
  const n = segments.length;

  for (let i = 0; i < n; i++) {
    if (segments[i] !== '') continue;
    if (i === n - 1) {
      if (n === 1) throw missingKeyError(segments, path);
      throw new DigitalLinkError('bad_uri', `the path ${quote(path)} ends with '/'; remove the trailing slash`);
    }
    const before = segments[i - 1];
    if (before !== undefined && isAllDigits(before) && lookupAi(before)) {
      throw new DigitalLinkError('empty_value', `${label(before)} has an empty value ('//' in the path); give it a value`, before);
    }
    throw new DigitalLinkError('bad_uri', `the path ${quote(path)} has an empty segment ('//'); remove the extra '/'`);
  }

  // The key is the rightmost primary-key AI at an /AI/value position; anything before it is the stem.
  let p = n - 2;
  let key: AiDef | undefined;
  for (; p >= 0; p -= 2) {
    key = lookupAi(segments[p]!);
    if (key?.qualifierSequences) break;
  }
  if (p < 0 || !key) throw missingKeyError(segments, path);

  const primaryKey: AiValue = { ai: key.ai, value: padShortGtin(key.ai, decodeComponent(segments[p + 1]!, false, label(key.ai)), options) };
  checkValue(key, primaryKey.value);

  const qualifiers: AiValue[] = [];
  for (let i = p + 2; i < n; i += 2) {
    const ai = segments[i]!;
    qualifiers.push({ ai, value: decodeComponent(segments[i + 1]!, false, `${quote(ai)} in the path`) });
  }
  orderQualifiers(key, qualifiers, true);
  for (const q of qualifiers) checkValue(lookupAi(q.ai)!, q.value);

  const attributes: AiValue[] = [];
  const extensions: Record<string, string> = {};
  if (pathEnd < end) readQuery(uri, pathEnd + 1, end, key, qualifiers, attributes, extensions, options);

  return {
    base: uri.slice(0, hostStart).toLowerCase() + uri.slice(hostStart, hostEnd) + (p > 0 ? `/${segments.slice(0, p).join('/')}` : ''),
    primaryKey,
    qualifiers,
    attributes,
    extensions,
    elementString: toElementString(primaryKey, qualifiers, attributes),
  };
}

function readQuery(
  uri: string,
  start: number,
  end: number,
  key: AiDef,
  qualifiers: readonly AiValue[],
  attributes: AiValue[],
  extensions: Record<string, string>,
  options: ParseDigitalLinkOptions | undefined,
): void {
  let from = start;
  while (from <= end) {
    let to = from;
    while (to < end && uri.charCodeAt(to) !== 38 && uri.charCodeAt(to) !== 59) to++; // '&' or ';'
    if (to > from) {
      const param = uri.slice(from, to);
      const eq = param.indexOf('=');
      const name = decodeComponent(eq === -1 ? param : param.slice(0, eq), true, `query parameter ${quote(param)}`);
      const raw = eq === -1 ? '' : param.slice(eq + 1);
      if (isAllDigits(name)) {
        knownAi(name, 'in the query string');
        if (raw === '') {
          throw new DigitalLinkError('empty_value', `${label(name)} in the query string has no value; write ?${name}=<value> or leave it out`, name);
        }
        attributes.push({ ai: name, value: raw });
        const def = attributeDef(key, qualifiers, attributes, attributes.length - 1);
        const value = padShortGtin(name, decodeComponent(raw, true, label(name)), options);
        attributes[attributes.length - 1]!.value = value;
        checkValue(def, value);
      } else if (name !== '') {
        setExtension(extensions, name, decodeComponent(raw, true, `query parameter ${quote(name)}`));
      }
    }
    from = to + 1;
  }
}

/**
 * True when `uri` parses as a valid GS1 Digital Link (see {@link parseDigitalLink}).
 *
 * @example
 * ```ts
 * isDigitalLink('https://id.gs1.org/01/09520123456788'); // true
 * isDigitalLink('https://example.com/menu');             // false
 * ```
 * @category Digital Link
 */
export function isDigitalLink(uri: unknown, options?: ParseDigitalLinkOptions): boolean {
  try {
    parseDigitalLink(uri as string, options);
    return true;
  } catch (err) {
    if (err instanceof DigitalLinkError) return false;
    throw err;
  }
}
