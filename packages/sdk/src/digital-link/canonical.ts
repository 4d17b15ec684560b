/** @module digital-link/canonical — the constrained canonical Digital Link (id.gs1.org, finest key, no query). */

import { CANONICAL_QUALIFIERS, GS1_RESOLVER } from './ai-table.js';
import { formatDigitalLink } from './format.js';
import { parseDigitalLink } from './parse.js';
import type { DigitalLinkInput } from './types.js';

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
  const uri = typeof uriOrDl === 'string' ? uriOrDl : formatDigitalLink(uriOrDl, { base: GS1_RESOLVER });
  const { primaryKey, qualifiers } = parseDigitalLink(uri, { permitZeroSuppressedGtin: true });
  const finest = (CANONICAL_QUALIFIERS[primaryKey.ai] ?? []).map((ai) => qualifiers.find((q) => q.ai === ai)).find(Boolean);
  return formatDigitalLink({ primaryKey, qualifiers: finest ? [finest] : [] }, { base: GS1_RESOLVER });
}
