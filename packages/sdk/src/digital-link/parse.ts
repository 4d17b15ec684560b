/** @module digital-link/parse — reads an uncompressed GS1 Digital Link URI into its AIs. */

import { NON_HOST, NON_URI, decodeComponent, describeChar, isAllDigits } from './chars.js';
import { DigitalLinkError, fail, quote } from './errors.js';
import { label, lookupAi, type AiDef } from './registry.js';
import { attributeDef, orderQualifiers } from './rules.js';
import { SHORT_GTIN } from './gtin.js';
import type { AiValue, DigitalLink, ParseDigitalLinkOptions } from './types.js';
import { checkValue } from './validate.js';

/** Scheme (all lower or all upper case) and host. */
const ORIGIN = /^(?:https?|HTTPS?):\/\/([^/?#]*)/;

/**
 * Checks the characters, scheme and host of `uri` (up to the fragment) and
 * returns where the host starts and ends. `what` names the URI in errors.
 */
export function readOrigin(uri: string, what: string): [hostStart: number, hostEnd: number] {
  const bad = uri.search(NON_URI);
  if (bad >= 0) fail('bad_uri', `${what}: percent-encode ${describeChar(uri, bad)} at ${bad + 1}`);
  const [origin, host] = ORIGIN.exec(uri) ?? fail('bad_uri', `${what} must start with https:// or http://`);
  if (!host || NON_HOST.test(host)) fail('bad_uri', `${what}: bad host ${quote(host!)}`);
  return [origin.length - host!.length, origin.length];
}

const BASE64URL = /^[\w-]{8,}$/;
/** Compressed links are base64url noise: upper case, lower case and digits together. */
const FULLY_COMPRESSED = /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[\w-]{10,}$/;
/** Convenience names removed in DL 1.3, recognised only to explain the error. */
const CONVENIENCE_NAMES = /\/(gtin|cpv|lot|ser|sscc|gln)\//;
const COMPRESSED = 'only uncompressed Digital Links (/01/<GTIN>/...) are supported';

/** Throws the most helpful error when no primary key sits at an /AI/value position. */
function missingKey(segments: readonly string[], path: string): never {
  const n = segments.length;
  const last = segments[n - 1]!;
  let key = n - 1;
  while (key >= 0 && !lookupAi(segments[key]!)?.qualifierSequences) key--;
  if (key >= 0) {
    const unpaired = key === n - 1 ? segments[key]! : last;
    if (isAllDigits(unpaired) && lookupAi(unpaired)) fail('empty_value', `${label(unpaired)} at the end of the path has no value`, unpaired);
    if (key === n - 3 && BASE64URL.test(last)) fail('compressed', `${quote(last)} looks compressed; ${COMPRESSED}`);
    fail('bad_uri', `${quote(last)} is not part of an /AI/value pair; put other data in the query`);
  }
  if (CONVENIENCE_NAMES.test(path)) fail('missing_key', `${quote(path)}: use numeric AIs (/01/, /10/, /21/); names like gtin were removed in DL 1.3`);
  if (n < 3 && FULLY_COMPRESSED.test(last)) fail('compressed', `${quote(last)} looks compressed; ${COMPRESSED}`);
  fail('missing_key', `no GS1 primary key in the path ${quote(path)}, e.g. /01/<GTIN>`);
}

/** GTIN-8/12/13 in AI (01) padded to 14 digits, when the caller permits them. */
function padGtin(ai: string, value: string, options: ParseDigitalLinkOptions | undefined): string {
  return ai === '01' && options?.permitZeroSuppressedGtin && SHORT_GTIN.test(value) ? value.padStart(14, '0') : value;
}

/** Renders AIs as `(01)…(10)…`. */
function toElementString(all: readonly AiValue[]): string {
  let out = '';
  for (const { ai, value } of all) out += `(${ai})${value}`;
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
  if (typeof uri !== 'string') fail('bad_input', 'parseDigitalLink expects a string');
  const hash = uri.indexOf('#');
  const link = hash < 0 ? uri : uri.slice(0, hash);
  const [hostStart, hostEnd] = readOrigin(link, 'URI');
  const question = link.indexOf('?');
  const path = link.slice(hostEnd, question < 0 ? link.length : question);
  const segments = path.slice(1).split('/');
  const n = segments.length;

  const empty = segments.indexOf('');
  if (empty >= 0) {
    if (n === 1) missingKey(segments, path);
    const before = segments[empty - 1] ?? '';
    if (empty < n - 1 && isAllDigits(before) && lookupAi(before)) fail('empty_value', `${label(before)} has an empty value ('//')`, before);
    fail('bad_uri', `path ${quote(path)} has ${empty < n - 1 ? "an empty segment ('//')" : "a trailing '/'"}`);
  }

  // The key is the rightmost primary-key AI at an /AI/value position; anything before it is the stem.
  let p = n - 2;
  let key: AiDef | undefined;
  while (p >= 0 && !(key = lookupAi(segments[p]!))?.qualifierSequences) p -= 2;
  if (p < 0) missingKey(segments, path);
  key = key!;

  const pathAis: AiValue[] = [];
  for (let i = p; i < n; i += 2) {
    const ai = segments[i]!;
    pathAis.push({ ai, value: padGtin(ai, decodeComponent(segments[i + 1]!, false, ai), options) });
  }
  const [primaryKey, ...qualifiers] = pathAis as [AiValue, ...AiValue[]];
  orderQualifiers(key, qualifiers, true);
  for (const { ai, value } of pathAis) checkValue(lookupAi(ai)!, value);

  const attributes: AiValue[] = [];
  const extensions: Record<string, string> = {};
  if (question >= 0) {
    for (const param of link.slice(question + 1).split(/[&;]/)) {
      if (!param) continue;
      const eq = param.indexOf('=');
      const name = decodeComponent(eq < 0 ? param : param.slice(0, eq), true, 'query');
      const raw = eq < 0 ? '' : param.slice(eq + 1);
      if (isAllDigits(name)) {
        const attribute = { ai: name, value: raw };
        attributes.push(attribute);
        const def = attributeDef(key, qualifiers, attributes, attributes.length - 1);
        checkValue(def, (attribute.value = padGtin(name, decodeComponent(raw, true, name), options)));
      } else if (name && !{}.hasOwnProperty.call(extensions, name)) {
        const value = decodeComponent(raw, true, name);
        // defineProperty keeps "__proto__" an ordinary own property
        if (name === '__proto__') Object.defineProperty(extensions, name, { value, enumerable: true, writable: true, configurable: true });
        else extensions[name] = value;
      }
    }
  }

  return {
    base: link.slice(0, hostStart).toLowerCase() + link.slice(hostStart, hostEnd) + (p ? `/${segments.slice(0, p).join('/')}` : ''),
    primaryKey,
    qualifiers,
    attributes,
    extensions,
    elementString: toElementString([...pathAis, ...attributes]),
  };
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
