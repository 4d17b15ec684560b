/** @module Encoding typed values into EMV Merchant-Presented QR payloads. */

import { crcHex } from './crc.js';
import { EmvQrError } from './errors.js';
import { ADDITIONAL_KEYS, LANGUAGE_KEYS, describeTag, isMerchantAccountId, isUnreservedTemplateId } from './spec.js';
import { assertWellFormed, charLength, writeTlv } from './tlv.js';
import type { EmvQrInput, EmvTemplate, EmvTlv, MerchantAccount } from './types.js';
import { validate, type ParsedTlv } from './validate.js';

/** @category EMV QR */
export interface EncodeEmvQrOptions {
  /**
   * Require the tags EMV MPM marks mandatory: 52 MCC, 53 currency, 58 country, 59 merchant name
   * and 60 city. Set to `false` only to re-encode payloads of national schemes that omit some of
   * them (PromptPay has no 52, 59 or 60). Value rules are enforced either way.
   *
   * @default true
   */
  requireMandatory?: boolean;
}

const POINT_OF_INITIATION: Readonly<Record<string, string>> = { static: '11', dynamic: '12' };
const TIP: Readonly<Record<string, string>> = { prompt: '01', fixed: '02', percentage: '03' };
const SIMPLE: ReadonlyArray<readonly [keyof EmvQrInput, string]> = [
  ['mcc', '52'], ['currency', '53'], ['amount', '54'], ['convenienceFeeFixed', '56'],
  ['convenienceFeePercentage', '57'], ['countryCode', '58'], ['merchantName', '59'],
  ['merchantCity', '60'], ['postalCode', '61'],
];

/**
 * Encodes a payload for a QR code. Always strict: every value is checked against EMV MPM
 * (lengths in characters, formats, tip/fee consistency, template GUIs, the 512-character limit)
 * and the CRC-16/CCITT-FALSE is computed over the UTF-8 bytes. Tags 59/60 take Latin text only;
 * Chinese goes into `languageTemplate` (tag 64).
 *
 * **Named properties and `tlvs`.** Values always come from the named properties; a property set
 * to `undefined` is left out even if `tlvs` still lists its tag. `tlvs` (as returned by
 * {@link decodeEmvQr}) only supplies the order: tags listed there keep that order, the rest follow
 * in ascending order, and 00 is always first and 63 last. Without `tlvs` the order is 00,
 * ascending, 63. The `fields` lists of tags 62 and 64 work the same way for their sub-fields, and
 * also carry the sub-fields that have no named property. So editing a decoded value and encoding
 * it changes only what was edited, and an unedited decoded value encodes to the original payload.
 *
 * @throws EmvQrError naming the tag at fault
 * @example
 * ```ts
 * encodeEmvQr({
 *   pointOfInitiation: 'dynamic',
 *   merchantAccounts: [{ id: '26', globallyUniqueId: 'COM.MASHANG', fields: [{ id: '01', value: 'mch_123' }] }],
 *   mcc: '5812', currency: '156', amount: fenToAmountString(1250), countryCode: 'CN',
 *   merchantName: 'ZHANG SAN NOODLES', merchantCity: 'HUZHOU',
 *   languageTemplate: { languagePreference: 'ZH', merchantNameAlt: '张三面馆', merchantCityAlt: '湖州' },
 * }); // '000201010212262…6304XXXX'
 * ```
 * @category EMV QR
 */
export function encodeEmvQr(qr: EmvQrInput, options: EncodeEmvQrOptions = {}): string {
  if (typeof qr !== 'object' || qr === null) throw new EmvQrError('bad_value', `encodeEmvQr expects an object, got ${qr === null ? 'null' : typeof qr}`);
  const objects = collect(qr);
  const ordered = order(objects, qr.tlvs);
  let body = '';
  for (const tlv of ordered) body += writeTlv(tlv.id, tlv.value);
  const issues = validate(ordered, {
    requireMandatory: options?.requireMandatory ?? true,
    payloadLength: charLength(body) + 8,
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new EmvQrError(first.code, first.message, first.tag);
  }
  body += '6304';
  return body + crcHex(body);
}

/** Every root data object the named properties define, keyed by ID. */
function collect(qr: EmvQrInput): Map<string, ParsedTlv> {
  const out = new Map<string, ParsedTlv>();
  put(out, '00', text(qr.payloadFormatIndicator ?? '01', '00', 'payloadFormatIndicator'));
  if (qr.payloadFormatIndicator !== undefined && qr.payloadFormatIndicator !== '01') {
    throw new EmvQrError('bad_value', `${describeTag('00')} must be 01, got ${show(qr.payloadFormatIndicator)}`, '00');
  }
  if (qr.pointOfInitiation !== undefined) put(out, '01', enumValue(qr.pointOfInitiation, POINT_OF_INITIATION, '01', 'pointOfInitiation'));
  if (!Array.isArray(qr.merchantAccounts) || qr.merchantAccounts.length === 0) {
    throw new EmvQrError('missing_field', 'merchantAccounts must list at least one Merchant Account Information object (IDs 02–51)');
  }
  for (const account of qr.merchantAccounts) {
    const built = merchantAccount(account);
    if (out.has(built.id)) throw new EmvQrError('bad_format', `${describeTag(built.id)} appears twice in merchantAccounts; each ID may appear only once`, built.id);
    put(out, built.id, built.value, built.children);
  }
  for (const [key, id] of SIMPLE) {
    const value = qr[key];
    if (value !== undefined) put(out, id, text(value, id, key));
  }
  if (qr.tipIndicator !== undefined) put(out, '55', enumValue(qr.tipIndicator, TIP, '55', 'tipIndicator'));
  if (qr.additionalData !== undefined) {
    const children = subFields('62', object(qr.additionalData, '62', 'additionalData'), ADDITIONAL_KEYS);
    if (children.length > 0) put(out, '62', join(children), children);
  }
  if (qr.languageTemplate !== undefined) {
    const children = subFields('64', object(qr.languageTemplate, '64', 'languageTemplate'), LANGUAGE_KEYS);
    if (children.length > 0) put(out, '64', join(children), children);
  }
  if (qr.unreservedTemplates !== undefined && !Array.isArray(qr.unreservedTemplates)) {
    throw new EmvQrError('bad_value', 'unreservedTemplates must be an array of { id, globallyUniqueId, fields }');
  }
  for (const template of qr.unreservedTemplates ?? []) {
    if (!isUnreservedTemplateId(template?.id)) {
      throw new EmvQrError('bad_value', `unreservedTemplates: ID ${show(template?.id)} is not an unreserved template ID (80–99)`);
    }
    if (out.has(template.id)) throw new EmvQrError('bad_format', `${describeTag(template.id)} appears twice in unreservedTemplates`, template.id);
    const built = templateObject(template);
    put(out, built.id, built.value, built.children);
  }
  return out;
}

function put(out: Map<string, ParsedTlv>, id: string, value: string, children?: EmvTlv[]): void {
  out.set(id, children ? { id, value, children } : { id, value });
}

function merchantAccount(account: MerchantAccount): ParsedTlv {
  const id = account?.id;
  if (!isMerchantAccountId(id)) {
    throw new EmvQrError('bad_value', `merchantAccounts: ID ${show(id)} is not a Merchant Account Information ID (02–51)`);
  }
  if (Number(id) <= 25) {
    if (!('value' in account) || 'fields' in account) {
      throw new EmvQrError('bad_value', `${describeTag(id)} is a primitive (IDs 02–25 are card networks' own formats); give { id, value }, not a template`, id);
    }
    return { id, value: text(account.value, id, 'value') };
  }
  if (!('fields' in account)) {
    throw new EmvQrError('bad_value', `${describeTag(id)} is a template (IDs 26–51); give { id, globallyUniqueId, fields }, not a plain value`, id);
  }
  return templateObject(account);
}

/** A template of sub-ID 00 (the GUI) followed by `fields` in order. */
function templateObject(template: EmvTemplate): ParsedTlv {
  const { id } = template;
  const children: EmvTlv[] = [];
  if (template.globallyUniqueId !== undefined) children.push({ id: '00', value: text(template.globallyUniqueId, `${id}.00`, 'globallyUniqueId') });
  const seen = new Set(['00']);
  for (const field of list(template.fields, id)) {
    if (field.id === '00') throw new EmvQrError('bad_value', `${describeTag(`${id}.00`)} goes in globallyUniqueId, not in fields`, `${id}.00`);
    if (seen.has(field.id)) throw new EmvQrError('bad_format', `tag ${id}.${field.id} appears twice in fields`, `${id}.${field.id}`);
    seen.add(field.id);
    children.push(field);
  }
  return { id, value: join(children), children };
}

/** Sub-fields of 62/64: named properties win; `fields` gives order and the unnamed sub-fields. */
function subFields(parent: string, source: object, keys: ReadonlyArray<readonly [string, string]>): EmvTlv[] {
  const named = new Map<string, string | undefined>();
  for (const [sub, key] of keys) {
    const value = (source as Record<string, unknown>)[key];
    named.set(sub, value === undefined ? undefined : text(value, `${parent}.${sub}`, key));
  }
  const out: EmvTlv[] = [];
  const seen = new Set<string>();
  for (const field of list((source as { fields?: unknown }).fields, parent)) {
    if (seen.has(field.id)) throw new EmvQrError('bad_format', `tag ${parent}.${field.id} appears twice in fields`, `${parent}.${field.id}`);
    seen.add(field.id);
    if (!named.has(field.id)) out.push(field);
    else if (named.get(field.id) !== undefined) out.push({ id: field.id, value: named.get(field.id)! });
  }
  // `named` iterates in ascending sub-ID order.
  for (const [sub, value] of named) if (value !== undefined && !seen.has(sub)) out.push({ id: sub, value });
  return out;
}

/** Root order: as in `tlvs` where listed, then ascending; 00 first, 63 (added later) last. */
function order(objects: Map<string, ParsedTlv>, tlvs: readonly EmvTlv[] | undefined): ParsedTlv[] {
  if (tlvs !== undefined && !Array.isArray(tlvs)) throw new EmvQrError('bad_value', 'tlvs must be an array of { id, value } (only the order of IDs is used)');
  const ids: string[] = ['00'];
  for (const tlv of tlvs ?? []) {
    const id = (tlv as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '00' && objects.has(id) && !ids.includes(id)) ids.push(id);
  }
  for (const id of [...objects.keys()].sort()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => objects.get(id)!);
}

function list(fields: unknown, parent: string): EmvTlv[] {
  if (fields === undefined) return [];
  if (!Array.isArray(fields)) throw new EmvQrError('bad_value', `tag ${parent}: fields must be an array of { id, value }`, parent);
  return fields.map((field: unknown) => {
    const { id, value } = (field ?? {}) as { id?: unknown; value?: unknown };
    if (typeof id !== 'string' || !/^\d\d$/.test(id)) {
      throw new EmvQrError('bad_format', `tag ${parent}: sub-field ID must be a 2-digit string, got ${show(id)}`, parent);
    }
    const tag = `${parent}.${id}`;
    return { id, value: text(value, tag, 'value') };
  });
}

function object(value: unknown, tag: string, property: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmvQrError('bad_value', `${describeTag(tag)}: ${property} must be an object with named sub-fields`, tag);
  }
  return value;
}

function text(value: unknown, tag: string, property: string): string {
  if (typeof value !== 'string') {
    throw new EmvQrError('bad_value', `${describeTag(tag)}: ${property} must be a string, got ${value === null ? 'null' : typeof value}`, tag);
  }
  assertWellFormed(value, tag);
  return value;
}

function enumValue(value: unknown, map: Readonly<Record<string, string>>, tag: string, property: string): string {
  const code = typeof value === 'string' && Object.hasOwn(map, value) ? map[value] : undefined;
  if (code === undefined) {
    throw new EmvQrError('bad_value', `${describeTag(tag)}: ${property} must be one of ${Object.keys(map).map((k) => `'${k}'`).join(', ')}, got ${show(value)}`, tag);
  }
  return code;
}

function join(children: readonly EmvTlv[]): string {
  let value = '';
  for (const child of children) value += writeTlv(child.id, child.value);
  return value;
}

/** A value for a message; never throws (BigInt and cyclic values included). */
function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
