/** @module TLV reading and writing, with lengths counted in characters (code points), not bytes. */

import { EmvQrError } from './errors.js';
import type { EmvTlv } from './types.js';

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Number of characters (code points) in `text`; equals `.length` unless there are astral characters. */
export function charLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Code-unit index of the character `count` characters after `start`. */
function advance(text: string, start: number, count: number): number {
  let i = start;
  for (let n = 0; n < count && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/** 1-based character position of code-unit index `index`, for messages. */
function positionOf(text: string, index: number): number {
  return charLength(text.slice(0, index)) + 1;
}

/** Throws `bad_format` when `text` has an unpaired surrogate, which UTF-8 (and so the CRC) cannot represent. */
export function assertWellFormed(text: string, tag: string | undefined): void {
  if (!SURROGATE.test(text)) return;
  const match = LONE_SURROGATE.exec(text);
  if (match) {
    const where = tag === undefined ? 'payload' : `tag ${tag}`;
    throw new EmvQrError(
      'bad_format',
      `${where}: unpaired UTF-16 surrogate at character ${positionOf(text, match.index)}; it cannot be encoded as UTF-8`,
      tag,
    );
  }
}

/**
 * Splits `text` into data objects. Throws on anything that is not a clean sequence of
 * ID(2 digits) + length(2 digits) + value, or on a repeated ID.
 *
 * @param parent - the enclosing template's tag, for messages (`62` → sub-tags named `62.05`)
 */
export function parseTlvs(text: string, parent?: string): EmvTlv[] {
  const out: EmvTlv[] = [];
  const seen = new Set<string>();
  const astral = SURROGATE.test(text);
  const prefix = parent === undefined ? '' : `${parent}.`;
  const scope = parent === undefined ? 'payload' : `tag ${parent} (template)`;
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text, i) || !isDigit(text, i + 1)) {
      const rest = text.slice(i, i + 4);
      throw new EmvQrError(
        'bad_format',
        `${scope}: expected a 2-digit ID at character ${positionOf(text, i)}, found ${JSON.stringify(rest.slice(0, 2))}; ` +
          `the ${parent === undefined ? 'text is not an EMV QR payload' : 'value is not a list of data objects'}`,
        parent,
      );
    }
    const id = text.slice(i, i + 2);
    const tag = prefix + id;
    if (!isDigit(text, i + 2) || !isDigit(text, i + 3)) {
      throw new EmvQrError('bad_length', `tag ${tag}: length must be 2 digits, found ${JSON.stringify(text.slice(i + 2, i + 4))}`, tag);
    }
    const n = (text.charCodeAt(i + 2) - 48) * 10 + text.charCodeAt(i + 3) - 48;
    const start = i + 4;
    const end = astral ? advance(text, start, n) : start + n;
    if (end > text.length || (astral && charLength(text.slice(start, end)) < n)) {
      throw new EmvQrError(
        'bad_length',
        `tag ${tag}: declares ${n} characters but only ${charLength(text.slice(start))} remain${parent === undefined ? '' : ` in template ${parent}`}`,
        tag,
      );
    }
    if (seen.has(id)) {
      throw new EmvQrError('bad_format', `tag ${tag}: appears twice${parent === undefined ? '' : ` in template ${parent}`}; each ID may appear only once`, tag);
    }
    seen.add(id);
    out.push({ id, value: text.slice(start, end) });
    i = end;
  }
  return out;
}

function isDigit(text: string, index: number): boolean {
  const c = text.charCodeAt(index); // NaN past the end
  return c >= 48 && c <= 57;
}

/** Writes one data object; the caller has checked the value is 1–99 characters. */
export function writeTlv(id: string, value: string): string {
  const n = charLength(value);
  return id + (n < 10 ? `0${n}` : String(n)) + value;
}
