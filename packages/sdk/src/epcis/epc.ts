/** @module epcis/epc — build EPCs for EPCIS events: GS1 Digital Link URIs and EPC URNs. */

import { EpcisError, show } from './errors.js';

/** Canonical GS1 resolver host, used when no `base` is given. */
export const GS1_DL_BASE = 'https://id.gs1.org';

/** GS1 AI encodable character set 82 (GS1 General Specifications §7.11, figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/**
 * GS1 mod-10 check digit of the digits in `body` (a key without its last digit).
 *
 * @example
 * ```ts
 * gs1CheckDigit('0690123456789'); // 2, so the GTIN is 06901234567892
 * ```
 * @category EPCIS
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i -= 1, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

function checkedKey(kind: string, value: unknown, lengths: readonly number[], padTo: number): string {
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !lengths.includes(value.length)) {
    throw new EpcisError('bad_key', `${kind} must be a string of ${lengths.join(', ')} digits, got ${show(value)}.`);
  }
  const expected = gs1CheckDigit(value.slice(0, -1));
  if (expected !== Number(value.at(-1))) {
    throw new EpcisError(
      'bad_key',
      `${kind} ${show(value)} fails its check digit: the last digit should be ${expected}. Re-read the barcode or correct the number.`,
    );
  }
  return value.padStart(padTo, '0');
}

function checkedText(kind: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !CSET82.test(value)) {
    throw new EpcisError(
      'bad_key',
      `${kind} must be 1–${max} characters from GS1 character set 82 (letters, digits and !"%&'()*+,-./:;<=>?_), got ${show(value)}.`,
    );
  }
  return value;
}

function checkedBase(base: unknown): string {
  if (typeof base !== 'string' || !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(base)) {
    throw new EpcisError('bad_input', `base must be an http(s) URL such as "https://id.gs1.org", got ${show(base)}.`);
  }
  return base.replace(/\/+$/, '');
}

const DL_SAFE = /^[A-Za-z0-9\-._~';=]*$/;

/**
 * Percent-encodes a Digital Link path value the way the event hash canonicalises it:
 * letters, digits and `-._~';=` stay, every other character becomes `%XX` (upper-case hex).
 */
export function encodeDlValue(value: string): string {
  // Most serials and lots need no escaping at all.
  if (DL_SAFE.test(value)) return value;
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~';=]/.test(ch) && byte < 0x80 ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * GS1 Digital Link URI of a serialised trade item (SGTIN): `<base>/01/<GTIN-14>/21/<serial>`.
 *
 * @param gtin GTIN-8, -12, -13 or -14 (check digit verified; padded to 14 digits).
 * @param serial 1–20 characters of GS1 character set 82.
 * @param base Resolver host; defaults to `https://id.gs1.org`. Pass the platform's host to
 *   print codes that open the product page.
 * @example
 * ```ts
 * sgtinDigitalLink('6901234567892', 'A1B2');
 * // 'https://id.gs1.org/01/06901234567892/21/A1B2'
 * ```
 * @category EPCIS
 */
export function sgtinDigitalLink(gtin: string, serial: string, base: string = GS1_DL_BASE): string {
  const g = checkedKey('GTIN', gtin, [8, 12, 13, 14], 14);
  const s = checkedText('Serial number (AI 21)', serial, 20);
  return `${checkedBase(base)}/01/${g}/21/${encodeDlValue(s)}`;
}

/**
 * EPC class of a batch/lot (LGTIN) as a GS1 Digital Link: `<base>/01/<GTIN-14>/10/<lot>`,
 * for `quantityList[].epcClass`.
 *
 * @example
 * ```ts
 * lgtinClass('06901234567892', 'L2024-05');
 * // 'https://id.gs1.org/01/06901234567892/10/L2024-05'
 * ```
 * @category EPCIS
 */
export function lgtinClass(gtin: string, lot: string, base: string = GS1_DL_BASE): string {
  const g = checkedKey('GTIN', gtin, [8, 12, 13, 14], 14);
  const l = checkedText('Batch/lot number (AI 10)', lot, 20);
  return `${checkedBase(base)}/01/${g}/10/${encodeDlValue(l)}`;
}

/**
 * EPC class of a product without lot (all items of a GTIN): `<base>/01/<GTIN-14>`.
 *
 * @example
 * ```ts
 * gtinClass('6901234567892'); // 'https://id.gs1.org/01/06901234567892'
 * ```
 * @category EPCIS
 */
export function gtinClass(gtin: string, base: string = GS1_DL_BASE): string {
  return `${checkedBase(base)}/01/${checkedKey('GTIN', gtin, [8, 12, 13, 14], 14)}`;
}

/**
 * GS1 Digital Link of a location (SGLN) for `readPoint.id` / `bizLocation.id`:
 * `<base>/414/<GLN>` or, with an extension (a sub-location such as a dock or shelf),
 * `<base>/414/<GLN>/254/<extension>`.
 *
 * @example
 * ```ts
 * sglnDigitalLink('6901234000009');          // 'https://id.gs1.org/414/6901234000009'
 * sglnDigitalLink('6901234000009', 'DOCK1'); // 'https://id.gs1.org/414/6901234000009/254/DOCK1'
 * ```
 * @category EPCIS
 */
export function sglnDigitalLink(gln: string, extension?: string, base: string = GS1_DL_BASE): string {
  const g = checkedKey('GLN', gln, [13], 13);
  const root = `${checkedBase(base)}/414/${g}`;
  if (extension === undefined || extension === '' || extension === '0') return root;
  return `${root}/254/${encodeDlValue(checkedText('GLN extension (AI 254)', extension, 20))}`;
}

/**
 * GS1 Digital Link of a logistic unit (SSCC) — a case or pallet — for `epcList` or `parentID`:
 * `<base>/00/<SSCC-18>`.
 *
 * @example
 * ```ts
 * ssccDigitalLink('069012345000000011'); // 'https://id.gs1.org/00/069012345000000011'
 * ```
 * @category EPCIS
 */
export function ssccDigitalLink(sscc: string, base: string = GS1_DL_BASE): string {
  return `${checkedBase(base)}/00/${checkedKey('SSCC', sscc, [18], 18)}`;
}

/**
 * EPC pure-identity URN of a serialised item (`urn:epc:id:sgtin:…`), for partners whose systems
 * still expect the URN form. Needs the length of the GS1 Company Prefix inside the GTIN (6–12),
 * which the GTIN alone does not reveal.
 *
 * @example
 * ```ts
 * sgtinEpcUri('06901234567892', 'A1', 7); // 'urn:epc:id:sgtin:6901234.056789.A1'
 * ```
 * @category EPCIS
 */
export function sgtinEpcUri(gtin: string, serial: string, companyPrefixLength: number): string {
  const g = checkedKey('GTIN', gtin, [8, 12, 13, 14], 14);
  if (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12) {
    throw new EpcisError('bad_input', `companyPrefixLength must be an integer from 6 to 12, got ${show(companyPrefixLength)}.`);
  }
  const s = checkedText('Serial number (AI 21)', serial, 20);
  const companyPrefix = g.slice(1, 1 + companyPrefixLength);
  const itemRef = g[0] + g.slice(1 + companyPrefixLength, 13);
  // EPC URNs escape the characters that have a meaning in URIs (TDS 2.0 §6.3, table 6-1).
  const escaped = s.replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `urn:epc:id:sgtin:${companyPrefix}.${itemRef}.${escaped}`;
}
