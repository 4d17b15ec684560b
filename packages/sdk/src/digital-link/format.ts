/** @module digital-link/format — writes a GS1 Digital Link URI; built for printing codes in bulk. */

import { GS1_RESOLVER } from './ai-table.js';
import { encodeComponent, isAllDigits } from './chars.js';
import { DigitalLinkError, quote } from './errors.js';
import { normalizeGtin } from './gtin.js';
import { readOrigin } from './parse.js';
import { lookupAi } from './registry.js';
import { attributeDef, knownAi, orderQualifiers, primaryKeyDef } from './rules.js';
import type { AiValue, DigitalLinkInput, FormatDigitalLinkOptions } from './types.js';
import { checkValue } from './validate.js';

const NONE: readonly AiValue[] = [];

// Printing runs use one base for every code: remember the last one checked.
let lastBase: string | undefined;
let lastBaseOut = '';

/** Validates a base (scheme, host, optional stem) and drops one trailing '/'. */
function normalizeBase(base: unknown): string {
  if (base === lastBase) return lastBaseOut;
  if (typeof base !== 'string') throw new DigitalLinkError('bad_input', `base must be a string such as 'https://example.com', got ${typeof base}`);
  let out = base.endsWith('/') ? base.slice(0, -1) : base;
  const { hostStart, hostEnd } = readOrigin(out, out.length, `base ${quote(base)}`);
  const stem = out.slice(hostEnd);
  if (stem.includes('?') || stem.includes('#')) {
    throw new DigitalLinkError('bad_uri', `base ${quote(base)} must not have a query or fragment; give only scheme, host and an optional path`);
  }
  if (stem !== '' && stem.slice(1).split('/').includes('')) {
    throw new DigitalLinkError('bad_uri', `base ${quote(base)} has an empty path segment ('//'); remove the extra '/'`);
  }
  out = out.slice(0, hostStart).toLowerCase() + out.slice(hostStart);
  lastBase = base;
  lastBaseOut = out;
  return out;
}

function requirePair(pair: unknown, where: string): AiValue {
  if (typeof pair !== 'object' || pair === null) {
    throw new DigitalLinkError('bad_input', `${where} must be an object { ai, value }, got ${pair === null ? 'null' : typeof pair}`);
  }
  const { ai, value } = pair as Partial<AiValue>;
  if (typeof ai !== 'string' || typeof value !== 'string') {
    throw new DigitalLinkError('bad_input', `${where} must have string ai and value, e.g. { ai: '10', value: 'LOT42' }`);
  }
  return pair as AiValue;
}

function requireList(list: unknown, where: string): readonly AiValue[] {
  if (list === undefined || list === null) return NONE;
  if (!Array.isArray(list)) throw new DigitalLinkError('bad_input', `${where} must be an array of { ai, value }`);
  for (let i = 0; i < list.length; i++) requirePair(list[i], `${where}[${i}]`);
  return list as readonly AiValue[];
}

/** A GTIN-8/12/13 is validated and padded to 14 digits; anything else is left for checkValue. */
function gtin14(value: string): string {
  const n = value.length;
  return n === 8 || n === 12 || n === 13 ? normalizeGtin(value) : value;
}

/**
 * Writes a GS1 Digital Link URI: base, `/<key AI>/<value>`, the qualifiers in
 * GS1 order, then `?` with the data attributes (in the given order) and the
 * extension parameters. Every value is validated like {@link parseDigitalLink}
 * does, and percent-encoded (`+` as `%2B`). GTIN-8/12/13 are written as 14 digits.
 *
 * @throws {DigitalLinkError} when any part is invalid; the message says which and why.
 * @example
 * ```ts
 * formatDigitalLink(
 *   { primaryKey: { ai: '01', value: '09520123456788' }, qualifiers: [{ ai: '21', value: 'A1' }, { ai: '10', value: 'LOT+7' }] },
 *   { base: 'https://trace.example.cn' },
 * ); // 'https://trace.example.cn/01/09520123456788/10/LOT%2B7/21/A1'
 * formatDigitalLink({ primaryKey: { ai: '01', value: '9520123456788' }, attributes: [{ ai: '17', value: '261231' }] });
 * // 'https://id.gs1.org/01/09520123456788?17=261231'
 * ```
 * @category Digital Link
 */
export function formatDigitalLink(dl: DigitalLinkInput, options?: FormatDigitalLinkOptions): string {
  if (typeof dl !== 'object' || dl === null) {
    throw new DigitalLinkError('bad_input', `formatDigitalLink expects an object { primaryKey, qualifiers?, attributes?, extensions? }, got ${dl === null ? 'null' : typeof dl}`);
  }
  const base = normalizeBase(options?.base ?? dl.base ?? GS1_RESOLVER);
  if (dl.primaryKey === undefined || dl.primaryKey === null) {
    throw new DigitalLinkError('missing_key', "formatDigitalLink needs primaryKey: { ai, value }, e.g. { ai: '01', value: gtin }");
  }
  const pk = requirePair(dl.primaryKey, 'primaryKey');
  const key = primaryKeyDef(pk.ai);
  const keyValue = pk.ai === '01' ? gtin14(pk.value) : pk.value;
  checkValue(key, keyValue);
  let uri = `${base}/${pk.ai}/${encodeComponent(keyValue, false)}`;

  const qualifiers = requireList(dl.qualifiers, 'qualifiers');
  for (const q of orderQualifiers(key, qualifiers, false)) {
    checkValue(lookupAi(q.ai)!, q.value);
    uri += `/${q.ai}/${encodeComponent(q.value, false)}`;
  }

  let separator = '?';
  const attributes = requireList(dl.attributes, 'attributes');
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    if (!isAllDigits(a.ai)) knownAi(a.ai, 'in attributes (put non-GS1 parameters in extensions)');
    const def = attributeDef(key, qualifiers, attributes, i);
    const value = a.ai === '01' ? gtin14(a.value) : a.value;
    checkValue(def, value);
    uri += `${separator}${a.ai}=${encodeComponent(value, true)}`;
    separator = '&';
  }

  const extensions = dl.extensions;
  if (extensions !== undefined && extensions !== null) {
    if (typeof extensions !== 'object') throw new DigitalLinkError('bad_input', 'extensions must be an object of string values');
    for (const name of Object.keys(extensions)) {
      const value: unknown = extensions[name];
      if (typeof value !== 'string') throw new DigitalLinkError('bad_input', `extensions[${quote(name)}] must be a string, got ${typeof value}`);
      if (name === '' || isAllDigits(name)) {
        throw new DigitalLinkError(
          'bad_input',
          `extension name ${quote(name)} must contain a non-digit; all-digit names are GS1 AIs and belong in attributes`,
        );
      }
      uri += `${separator}${encodeComponent(name, true)}=${encodeComponent(value, true)}`;
      separator = '&';
    }
  }
  return uri;
}
