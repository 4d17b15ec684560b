/** @module Decoding EMV Merchant-Presented QR payloads into typed values. */

import { crcHex } from './crc.js';
import { EmvQrError } from './errors.js';
import { ADDITIONAL_KEYS, LANGUAGE_KEYS, describeTag, rootKind } from './spec.js';
import { assertWellFormed, charLength, parseTlvs } from './tlv.js';
import type { AdditionalData, EmvQr, EmvTemplate, EmvTlv, LanguageTemplate } from './types.js';
import { validate, type ParsedTlv } from './validate.js';

/** @category EMV QR */
export interface DecodeEmvQrOptions {
  /**
   * Throw on every deviation from EMV MPM instead of collecting it in `warnings`: a value over
   * its maximum length, a malformed currency or amount, a missing mandatory tag, and so on.
   * Structure and CRC problems always throw.
   *
   * @default false
   */
  strict?: boolean;
}

const CRC_TAIL = /6304([0-9A-Fa-f]{4})$/;

/**
 * Decodes an EMVCo Merchant-Presented QR payload (the text inside a QR code).
 *
 * Always throws {@link EmvQrError} when the payload is not well-formed TLV, a template
 * (26–51, 62, 64, 80–99) does not parse, an ID repeats, it does not start with `000201`, it does
 * not end with the CRC object `6304` + 4 upper-case hex digits, or the CRC-16/CCITT-FALSE over
 * the UTF-8 bytes up to and including `6304` does not match. Lengths count characters, not bytes.
 *
 * Deviations real wallets tolerate — a field over its maximum length, a malformed currency,
 * absent mandatory tags such as 59 in national schemes that omit it — are listed in `warnings`,
 * or thrown when `strict` is set.
 *
 * The result keeps the payload's tag order in `tlvs`, so `encodeEmvQr(decodeEmvQr(p)) === p` for
 * every payload that decodes without warnings, whatever its order.
 *
 * @throws EmvQrError
 * @example
 * ```ts
 * const qr = decodeEmvQr('00020101021229300012D156000000000510A93FO3230Q…6304A13A');
 * qr.merchantName;                       // 'BEST TRANSPORT'
 * qr.languageTemplate?.merchantNameAlt;  // '最佳运输'
 * qr.amount;                             // '23.72'
 * qr.warnings;                           // []
 * ```
 * @category EMV QR
 */
export function decodeEmvQr(payload: string, options: DecodeEmvQrOptions = {}): EmvQr {
  if (typeof payload !== 'string') {
    throw new EmvQrError('bad_format', `payload must be a string (the text of the QR code), got ${payload === null ? 'null' : typeof payload}`);
  }
  if (payload === '') throw new EmvQrError('missing_field', 'payload is empty; it must start with tag 00 (000201)', '00');
  assertWellFormed(payload, undefined);
  // Check the CRC before the structure when it can be found, so a damaged scan is reported as such.
  const tail = CRC_TAIL.exec(payload);
  if (tail) checkCrc(payload, tail[1]!);

  const tlvs = parseTlvs(payload);
  checkFrame(tlvs);
  if (!tail) checkCrc(payload, tlvs[tlvs.length - 1]!.value);

  const parsed: ParsedTlv[] = tlvs.map((tlv) => {
    const kind = rootKind(tlv.id);
    return kind === 'account' || kind === 'template' ? { ...tlv, children: parseTlvs(tlv.value, tlv.id) } : tlv;
  });
  const issues = validate(parsed, { requireMandatory: true, payloadLength: charLength(payload) });
  if (options?.strict && issues.length > 0) {
    const first = issues[0]!;
    throw new EmvQrError(first.code, `${first.message} (strict mode)`, first.tag);
  }
  return toNamed(parsed, issues.map((i) => i.message));
}

function checkCrc(payload: string, written: string): void {
  if (!/^[0-9A-F]{4}$/.test(written)) {
    throw new EmvQrError('bad_format', `${describeTag('63')} must be 4 upper-case hex digits, got ${JSON.stringify(written)}`, '63');
  }
  const computed = crcHex(payload.slice(0, -4));
  if (computed !== written) {
    throw new EmvQrError(
      'crc_mismatch',
      `${describeTag('63')}: the payload says ${written} but its data gives ${computed}; the code is damaged or was edited — scan it again or regenerate it`,
      '63',
    );
  }
}

/** 00 first with value 01, 63 last with length 4. */
function checkFrame(tlvs: readonly EmvTlv[]): void {
  const first = tlvs[0]!;
  if (first.id !== '00') {
    const has = tlvs.some((t) => t.id === '00');
    throw new EmvQrError(
      has ? 'bad_format' : 'missing_field',
      `${describeTag('00')} ${has ? 'must be the first data object' : 'is missing'}; EMV QR payloads start with 000201`,
      '00',
    );
  }
  if (first.value !== '01') {
    throw new EmvQrError('bad_value', `${describeTag('00')} must be 01, got ${JSON.stringify(first.value)}; this is not an EMV MPM payload this codec can read`, '00');
  }
  const last = tlvs[tlvs.length - 1]!;
  if (last.id !== '63') {
    const has = tlvs.some((t) => t.id === '63');
    throw new EmvQrError(
      has ? 'bad_format' : 'missing_field',
      `${describeTag('63')} ${has ? 'must be the last data object' : 'is missing'}; EMV QR payloads end with 6304 and 4 hex digits`,
      '63',
    );
  }
  if (charLength(last.value) !== 4) {
    throw new EmvQrError('bad_length', `${describeTag('63')} must be exactly 4 characters, got ${charLength(last.value)}`, '63');
  }
}

/** Builds the named view. Values that fail their rule are still exposed as written, except enumerations. */
function toNamed(parsed: readonly ParsedTlv[], warnings: string[]): EmvQr {
  const qr: EmvQr = {
    payloadFormatIndicator: '01',
    merchantAccounts: [],
    unreservedTemplates: [],
    crc: parsed[parsed.length - 1]!.value,
    warnings,
    tlvs: parsed.map(({ id, value }) => ({ id, value })),
  };
  for (const { id, value, children } of parsed) {
    const kind = rootKind(id);
    if (children && kind === 'account') qr.merchantAccounts.push(toTemplate(id, children));
    else if (children && Number(id) >= 80) qr.unreservedTemplates.push(toTemplate(id, children));
    else if (children && id === '62') qr.additionalData = toSubNamed<AdditionalData>(children, ADDITIONAL_KEYS);
    else if (children && id === '64') qr.languageTemplate = toSubNamed<LanguageTemplate>(children, LANGUAGE_KEYS);
    else if (Number(id) >= 2 && Number(id) <= 25) qr.merchantAccounts.push({ id, value });
    else setRoot(qr, id, value);
  }
  return qr;
}

function setRoot(qr: EmvQr, id: string, value: string): void {
  switch (id) {
    case '01':
      if (value === '11') qr.pointOfInitiation = 'static';
      else if (value === '12') qr.pointOfInitiation = 'dynamic';
      return;
    case '55':
      if (value === '01') qr.tipIndicator = 'prompt';
      else if (value === '02') qr.tipIndicator = 'fixed';
      else if (value === '03') qr.tipIndicator = 'percentage';
      return;
    case '52': qr.mcc = value; return;
    case '53': qr.currency = value; return;
    case '54': qr.amount = value; return;
    case '56': qr.convenienceFeeFixed = value; return;
    case '57': qr.convenienceFeePercentage = value; return;
    case '58': qr.countryCode = value; return;
    case '59': qr.merchantName = value; return;
    case '60': qr.merchantCity = value; return;
    case '61': qr.postalCode = value; return;
  }
  // 00 and 63 are in the frame; 65–79 stay only in `tlvs`.
}

function toTemplate(id: string, children: readonly EmvTlv[]): EmvTemplate {
  const fields = children.filter((c) => c.id !== '00').map(({ id: sub, value }) => ({ id: sub, value }));
  const gui = children.find((c) => c.id === '00');
  return gui ? { id, globallyUniqueId: gui.value, fields } : { id, fields };
}

function toSubNamed<T extends { fields?: EmvTlv[] }>(children: readonly EmvTlv[], keys: ReadonlyArray<readonly [string, string]>): T {
  const out: Record<string, unknown> = {};
  for (const [sub, key] of keys) {
    const found = children.find((c) => c.id === sub);
    if (found) out[key] = found.value;
  }
  out['fields'] = children.map(({ id, value }) => ({ id, value }));
  return out as T;
}
