/** @module digital-link/validate — checks one AI value against its definition (length, character set, checks). */

import { CSET_NAMES, Z, describeChar, firstOutside } from './chars.js';
import { fail, quote } from './errors.js';
import { label, type AiDef } from './registry.js';

function badLength(def: AiDef, value: string): never {
  return fail('bad_length', `${label(def.ai)} ${quote(value)}: length ${value.length}, expected ${def.min === def.max ? '' : `${def.min}-`}${def.max}${def.ai === '01' && value.length < 14 ? ' (pad with leading zeros)' : ''}`, def.ai);
}

/**
 * Throws a {@link DigitalLinkError} unless `value` is a valid (decoded) value
 * for the AI: non-empty, of allowed length, inside the AI's character set, and
 * passing its check digit / date / time checks.
 */
export function checkValue(def: AiDef, value: string): void {
  const { ai } = def;
  const length = value.length;
  if (!length) fail('empty_value', `${label(ai)} has an empty value`, ai);
  if (length < def.min || length > def.max) badLength(def, value);
  let pos = 0;
  for (const part of def.parts) {
    if (pos === length && part.optional) break;
    const end = part.min === part.max ? pos + part.max : length;
    if (end > length) badLength(def, value);
    let charsEnd = end;
    if (part.cset === Z) {
      // base64url may end in one or two '=' when the length is a multiple of 3 (GS1 cset64 rule)
      while (value[charsEnd - 1] === '=' && charsEnd > pos) charsEnd--;
      const pads = end - charsEnd;
      if (pads > 2 || (pads && (end - pos) % 3)) fail('bad_charset', `${label(ai)} ${quote(value)}: bad '=' padding`, ai);
    }
    const bad = firstOutside(value, pos, charsEnd, part.cset);
    if (bad >= 0) fail('bad_charset', `${label(ai)} ${quote(value)}: ${describeChar(value, bad)} at ${bad + 1} is not allowed (${CSET_NAMES[part.cset]})`, ai);
    const problem = part.check?.fn(value, pos, end);
    if (problem) fail(part.check!.code, `${label(ai)} ${quote(value)}: ${problem}`, ai);
    pos = end;
  }
}
