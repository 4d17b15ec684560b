/** @module digital-link/validate — checks one AI value against its definition (length, character set, checks). */

import { CSET_NAMES, Z, describeChar, firstOutside } from './chars.js';
import { DigitalLinkError, quote } from './errors.js';
import { label, type AiDef, type Part } from './registry.js';

function lengthError(def: AiDef, value: string): DigitalLinkError {
  const unit = def.numeric ? 'digits' : 'characters';
  const allowed = def.min === def.max ? `exactly ${def.max}` : `${def.min} to ${def.max}`;
  return new DigitalLinkError(
    'bad_length',
    `${label(def.ai)} value ${quote(value)} is ${value.length} ${unit} long; it must be ${allowed} ${unit}`,
    def.ai,
  );
}

function charsetError(def: AiDef, value: string, at: number, part: Part): DigitalLinkError {
  return new DigitalLinkError(
    'bad_charset',
    `${label(def.ai)} value ${quote(value)} has ${describeChar(value, at)} at position ${at + 1}, which is not allowed ` +
      `(allowed: ${CSET_NAMES[part.cset]}); remove or replace it`,
    def.ai,
  );
}

/** Base64url padding: at most two trailing '=' and then a length that is a multiple of 3 (GS1 cset64 rule). */
function paddingProblem(value: string, from: number, to: number): number {
  let pads = 0;
  while (to - pads > from && value.charCodeAt(to - pads - 1) === 61) pads++;
  return pads > 2 || (pads > 0 && (to - from) % 3 !== 0) ? -1 : pads;
}

/**
 * Throws a {@link DigitalLinkError} unless `value` is a valid (decoded) value
 * for the AI: non-empty, of allowed length, inside the AI's character set, and
 * passing its check digit / date / time checks.
 */
export function checkValue(def: AiDef, value: string): void {
  const length = value.length;
  if (length === 0) throw new DigitalLinkError('empty_value', `${label(def.ai)} has an empty value; give it a value or leave it out`, def.ai);
  if (length < def.min || length > def.max) throw lengthError(def, value);
  let pos = 0;
  for (const part of def.parts) {
    if (pos === length && part.optional) break;
    const end = part.min === part.max ? pos + part.max : length;
    if (end > length || end - pos > part.max) throw lengthError(def, value);
    let charsEnd = end;
    if (part.cset === Z) {
      const pads = paddingProblem(value, pos, end);
      if (pads < 0) {
        throw new DigitalLinkError('bad_charset', `${label(def.ai)} value ${quote(value)} has misplaced '=' padding; only one or two '=' may end it`, def.ai);
      }
      charsEnd -= pads;
    }
    const bad = firstOutside(value, pos, charsEnd, part.cset);
    if (bad !== -1) throw charsetError(def, value, bad, part);
    const problem = part.check?.fn(value, pos, end);
    if (problem !== undefined) {
      throw new DigitalLinkError(part.check!.code, `${label(def.ai)} value ${quote(value)} is invalid: ${problem}`, def.ai);
    }
    pos = end;
  }
  if (pos !== length) throw lengthError(def, value);
}
