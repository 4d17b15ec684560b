/** @module Value rules shared by the decoder (warnings, or errors when strict) and the encoder (errors). */

import type { EmvQrErrorCode } from './errors.js';
import { describeTag, isMerchantAccountId, rootKind, rootRule, subRule, type FieldRule } from './spec.js';
import { charLength } from './tlv.js';
import type { EmvTlv } from './types.js';

/** One deviation from EMV MPM. */
export interface Issue {
  code: EmvQrErrorCode;
  tag: string | undefined;
  message: string;
}

/** A root data object with its parsed sub-fields when it is a template. */
export interface ParsedTlv extends EmvTlv {
  children?: EmvTlv[];
}

export interface ValidateOptions {
  /** Report absent mandatory tags 52, 53, 58, 59 and 60. */
  requireMandatory: boolean;
  /** Characters in the whole payload, checked against the 512-character limit. */
  payloadLength: number;
}

/** EMV: "The QR Code shall contain a maximum of 512 alphanumeric characters." */
export const MAX_PAYLOAD_CHARS = 512;
const MANDATORY = ['52', '53', '58', '59', '60'] as const;
const AMOUNT = /^(?=\.?\d)\d*(?:\.\d{0,2})?$/;
const PERCENT = /^(\d{1,2})(?:\.(\d{1,2}))?$/;
const ANS = /^[\x20-\x7E]*$/;
const DIGITS = /^\d*$/;

/** Every issue in `root`, in payload order, then cross-field and presence issues. */
export function validate(root: readonly ParsedTlv[], options: ValidateOptions): Issue[] {
  const issues: Issue[] = [];
  const values = new Map<string, string>();
  for (const tlv of root) {
    values.set(tlv.id, tlv.value);
    if (tlv.id === '00' || tlv.id === '63') continue; // checked structurally by the decoder
    checkValue(tlv.id, rootRule(tlv.id), tlv.value, issues);
    checkRootSemantics(tlv, issues);
  }

  const tip = values.get('55');
  if (tip === '02' && !values.has('56')) add(issues, 'missing_field', '56', `${describeTag('56')} is required when tag 55 is 02 (fixed fee)`);
  if (tip === '03' && !values.has('57')) add(issues, 'missing_field', '57', `${describeTag('57')} is required when tag 55 is 03 (percentage fee)`);
  if (values.has('56') && tip !== '02') add(issues, 'bad_value', '56', `${describeTag('56')} is present but tag 55 is not 02 (fixed fee); set both or neither`);
  if (values.has('57') && tip !== '03') add(issues, 'bad_value', '57', `${describeTag('57')} is present but tag 55 is not 03 (percentage fee); set both or neither`);

  let hasAccount = false;
  for (const tlv of root) hasAccount ||= isMerchantAccountId(tlv.id);
  if (!hasAccount) {
    add(issues, 'missing_field', undefined, 'no Merchant Account Information (IDs 02–51); at least one is mandatory');
  }
  if (options.requireMandatory) {
    for (const id of MANDATORY) {
      if (!values.has(id)) add(issues, 'missing_field', id, `${describeTag(id)} is mandatory but absent`);
    }
  }
  if (options.payloadLength > MAX_PAYLOAD_CHARS) {
    add(issues, 'bad_length', undefined, `payload is ${options.payloadLength} characters; EMV QR codes allow at most ${MAX_PAYLOAD_CHARS}`);
  }
  return issues;
}

function add(issues: Issue[], code: EmvQrErrorCode, tag: string | undefined, message: string): void {
  issues.push({ code, tag, message });
}

function checkValue(tag: string, rule: FieldRule, value: string, issues: Issue[]): void {
  const length = charLength(value);
  const ok =
    length >= rule.min && length <= rule.max &&
    (rule.format === 'S' || (rule.format === 'N' ? DIGITS.test(value) : ANS.test(value)));
  if (ok) return; // the common case: no message to build
  const name = describeTag(tag);
  if (length === 0) {
    add(issues, 'bad_length', tag, `${name} is empty; omit the data object instead of giving it length 00`);
    return;
  }
  if (length > 99) {
    add(issues, 'bad_length', tag, `${name} is ${length} characters; a data object holds at most 99`);
  } else if (rule.min === rule.max && length !== rule.min) {
    add(issues, 'bad_length', tag, `${name} must be exactly ${rule.min} characters, got ${length}`);
  } else if (length > rule.max) {
    add(issues, 'bad_length', tag, `${name} is ${length} characters, over the ${rule.max}-character maximum`);
  }
  if (rule.format === 'N' && !DIGITS.test(value)) {
    add(issues, 'bad_format', tag, `${name} must be digits only (EMV format N), got ${JSON.stringify(value)}`);
  } else if (rule.format === 'ans' && !ANS.test(value)) {
    if (tag === '59' || tag === '60') {
      const alt = tag === '59' ? 'merchantNameAlt' : 'merchantCityAlt';
      add(
        issues,
        'bad_value',
        tag,
        `${name} must use Latin letters, digits and ASCII punctuation only (EMV format ans), got ${JSON.stringify(value)}; ` +
          `write it in pinyin or English here and put the Chinese text in the language template (tag 64, languageTemplate.${alt}, languagePreference 'ZH')`,
      );
    } else {
      add(issues, 'bad_format', tag, `${name} must be printable ASCII (EMV format ans), got ${JSON.stringify(value)}`);
    }
  }
}

function checkRootSemantics(tlv: ParsedTlv, issues: Issue[]): void {
  const { id, value } = tlv;
  switch (id) {
    case '01':
      if (value !== '11' && value !== '12') add(issues, 'bad_value', id, `${describeTag(id)} must be 11 (static) or 12 (dynamic), got ${JSON.stringify(value)}`);
      return;
    case '54':
    case '56':
      if (!AMOUNT.test(value)) {
        add(issues, 'bad_format', id, `${describeTag(id)} must be digits with an optional '.' and at most 2 decimals (no currency symbol or separators), got ${JSON.stringify(value)}`);
      }
      return;
    case '55':
      if (!['01', '02', '03'].includes(value)) add(issues, 'bad_value', id, `${describeTag(id)} must be 01 (prompt for tip), 02 (fixed fee) or 03 (percentage fee), got ${JSON.stringify(value)}`);
      return;
    case '57': {
      const m = PERCENT.exec(value);
      const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : 0;
      if (hundredths < 1) add(issues, 'bad_value', id, `${describeTag(id)} must be a percentage from 00.01 to 99.99, got ${JSON.stringify(value)}`);
      return;
    }
    case '58':
      if (!/^[A-Z]{2}$/.test(value)) add(issues, 'bad_value', id, `${describeTag(id)} must be an upper-case ISO 3166-1 alpha-2 code such as CN, got ${JSON.stringify(value)}`);
      return;
  }
  const kind = rootKind(id);
  if (kind === 'reserved') {
    add(issues, 'bad_value', id, `${describeTag(id)}: IDs 65–79 are reserved for future use by EMVCo; the object is ignored and never re-encoded`);
  } else if (tlv.children) {
    checkTemplate(id, kind === 'account' || Number(id) >= 80, tlv.children, issues);
  }
}

function hasSub(children: readonly EmvTlv[], id: string): boolean {
  for (const child of children) if (child.id === id) return true;
  return false;
}

function checkTemplate(parent: string, needsGui: boolean, children: readonly EmvTlv[], issues: Issue[]): void {
  for (const child of children) checkValue(`${parent}.${child.id}`, subRule(parent, child.id), child.value, issues);
  if (needsGui) {
    if (!hasSub(children, '00')) add(issues, 'missing_field', `${parent}.00`, `${describeTag(`${parent}.00`)} is missing; template ${parent} must begin with it`);
    else if (children[0]?.id !== '00') add(issues, 'bad_format', `${parent}.00`, `${describeTag(`${parent}.00`)} must be the first sub-field of template ${parent}`);
  } else if (parent === '62') {
    const request = children.find((c) => c.id === '09')?.value;
    if (request !== undefined && !/^(?!.*(.).*\1)[AME]+$/.test(request)) {
      add(issues, 'bad_value', '62.09', `${describeTag('62.09')} must be a set of the letters A (address), M (mobile) and E (email), each at most once, got ${JSON.stringify(request)}`);
    }
  } else if (parent === '64') {
    for (const sub of ['00', '01']) {
      if (!hasSub(children, sub)) add(issues, 'missing_field', `64.${sub}`, `${describeTag(`64.${sub}`)} is mandatory in the language template`);
    }
  }
}
