/** @module digital-link/format — writes a GS1 Digital Link URI; built for printing codes in bulk. */

import { GS1_RESOLVER } from './ai-table.js';
import { encodeComponent, isAllDigits } from './chars.js';
import { fail, quote } from './errors.js';
import { SHORT_GTIN, normalizeGtin } from './gtin.js';
import { readOrigin } from './parse.js';
import { lookupAi } from './registry.js';
import { attributeDef, orderQualifiers, primaryKeyDef } from './rules.js';
import type { AiValue, DigitalLinkInput, FormatDigitalLinkOptions } from './types.js';
import { checkValue } from './validate.js';

// Printing runs use one base for every code: remember the last one checked.
let lastBase: unknown;
let lastBaseOut = '';

/** Validates a base (scheme, host, optional stem) and drops one trailing '/'. */
function normalizeBase(base: unknown): string {
  if (base === lastBase) return lastBaseOut;
  if (typeof base !== 'string') fail('bad_input', 'base must be a string');
  const out = base.endsWith('/') ? base.slice(0, -1) : base;
  const what = `base ${quote(base)}`;
  const [hostStart, hostEnd] = readOrigin(out, what);
  const stem = out.slice(hostEnd);
  if (/[?#]|\/\/|^\/$/.test(stem)) fail('bad_uri', `${what}: no query, fragment or '//' allowed`);
  lastBase = base;
  return (lastBaseOut = out.slice(0, hostStart).toLowerCase() + out.slice(hostStart));
}

const NONE: readonly AiValue[] = [];

/** Checks that `list` is undefined or an array of `{ ai: string, value: string }`. */
function pairs(list: unknown, where: string): readonly AiValue[] {
  if (list == null) return NONE;
  const ok = Array.isArray(list) && list.every((p: Partial<AiValue> | null) => typeof p?.ai === 'string' && typeof p.value === 'string');
  return ok ? (list as AiValue[]) : fail('bad_input', `${where} must hold { ai, value } pairs of strings`);
}

/** A GTIN-8/12/13 is validated and padded to 14 digits; anything else is left for checkValue. */
const gtin14 = (ai: string, value: string): string => (ai === '01' && value.length < 14 && SHORT_GTIN.test(value) ? normalizeGtin(value) : value);

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
  if (typeof dl !== 'object' || !dl) fail('bad_input', 'expected a Digital Link object { primaryKey, ... }');
  const base = normalizeBase(options?.base ?? dl.base ?? GS1_RESOLVER);
  const [pk] = pairs(dl.primaryKey == null ? fail('missing_key', 'primaryKey { ai, value } is missing') : [dl.primaryKey], 'primaryKey');
  const key = primaryKeyDef(pk!.ai);
  const keyValue = gtin14(pk!.ai, pk!.value);
  checkValue(key, keyValue);
  let uri = `${base}/${key.ai}/${encodeComponent(keyValue, false)}`;

  const qualifiers = pairs(dl.qualifiers, 'qualifiers');
  for (const { ai, value } of orderQualifiers(key, qualifiers, false)) {
    checkValue(lookupAi(ai)!, value);
    uri += `/${ai}/${encodeComponent(value, false)}`;
  }

  let separator = '?';
  const attributes = pairs(dl.attributes, 'attributes');
  attributes.forEach(({ ai, value }, i) => {
    const def = attributeDef(key, qualifiers, attributes, i);
    checkValue(def, (value = gtin14(ai, value)));
    uri += `${separator}${ai}=${encodeComponent(value, true)}`;
    separator = '&';
  });

  const extensions: unknown = dl.extensions;
  if (extensions == null) return uri;
  if (typeof extensions !== 'object') fail('bad_input', 'extensions must be an object');
  for (const [name, value] of Object.entries(extensions)) {
    if (typeof value !== 'string' || !name || isAllDigits(name)) {
      fail('bad_input', `extension ${quote(name)} needs a string value and a name with a non-digit (AIs go in attributes)`);
    }
    uri += `${separator}${encodeComponent(name, true)}=${encodeComponent(value, true)}`;
    separator = '&';
  }
  return uri;
}
