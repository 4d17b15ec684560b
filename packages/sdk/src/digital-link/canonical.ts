/** @module digital-link/canonical — the constrained canonical Digital Link (id.gs1.org, finest key, no query). */

import { CANONICAL_QUALIFIERS, GS1_RESOLVER } from './ai-table.js';
import { DigitalLinkError } from './errors.js';
import { formatDigitalLink } from './format.js';
import { parseDigitalLink } from './parse.js';
import type { AiValue, DigitalLinkInput } from './types.js';

/**
 * The constrained canonical form of a Digital Link, as used for EPCIS event
 * hashes and for comparing codes from different hosts: `https://id.gs1.org`,
 * the primary key, and only the qualifier that identifies the finest-grained
 * instance (`01`+`21`, else `01`+`10`, else `01`+`235`; `8006`+`21`/`10`;
 * `414`+`254`; `8010`+`8011`; other qualifiers such as `22` and `7040` are
 * dropped), no query string. Zero-suppressed GTINs in a URI are accepted and
 * padded to 14 digits.
 *
 * @throws {DigitalLinkError} when the input is not a valid Digital Link.
 * @example
 * ```ts
 * canonicalDigitalLink('https://brand.example/01/9520123456788/10/L1/21/S9?17=261231');
 * // 'https://id.gs1.org/01/09520123456788/21/S9'
 * ```
 * @category Digital Link
 */
export function canonicalDigitalLink(uriOrDl: string | DigitalLinkInput): string {
  let dl: DigitalLinkInput;
  if (typeof uriOrDl === 'string') {
    dl = parseDigitalLink(uriOrDl, { permitZeroSuppressedGtin: true });
  } else if (typeof uriOrDl === 'object' && uriOrDl !== null) {
    formatDigitalLink(uriOrDl, { base: GS1_RESOLVER }); // validates every part
    dl = uriOrDl;
  } else {
    throw new DigitalLinkError('bad_input', `canonicalDigitalLink expects a URI string or a Digital Link object, got ${uriOrDl === null ? 'null' : typeof uriOrDl}`);
  }
  const keep = CANONICAL_QUALIFIERS[dl.primaryKey.ai] ?? [];
  const qualifiers = dl.qualifiers ?? [];
  let kept: AiValue[] = [];
  for (const ai of keep) {
    const found = qualifiers.find((q) => q.ai === ai);
    if (found) {
      kept = [found];
      break;
    }
  }
  return formatDigitalLink({ primaryKey: dl.primaryKey, qualifiers: kept }, { base: GS1_RESOLVER });
}
