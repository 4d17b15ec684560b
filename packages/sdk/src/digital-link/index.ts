/**
 * @module @mashang/sdk/digital-link
 *
 * Offline codec for uncompressed GS1 Digital Link URIs (URI Syntax 1.4+):
 * parse, validate, format, canonicalise, plus GTIN helpers. No network, no
 * dependencies; runs in browsers and Node. Facts and test vectors:
 * shared/standards/traceability.md §1.
 *
 * @example
 * ```ts
 * import { formatDigitalLink, parseDigitalLink } from '@mashang/sdk/digital-link';
 * const uri = formatDigitalLink(
 *   { primaryKey: { ai: '01', value: '09520123456788' }, qualifiers: [{ ai: '10', value: 'B7' }, { ai: '21', value: 'X9' }] },
 *   { base: 'https://trace.example.cn' },
 * ); // 'https://trace.example.cn/01/09520123456788/10/B7/21/X9'
 * parseDigitalLink(uri).elementString; // '(01)09520123456788(10)B7(21)X9'
 * ```
 */
export { canonicalDigitalLink } from './canonical.js';
export { DigitalLinkError, isDigitalLinkError, type DigitalLinkErrorCode } from './errors.js';
export { formatDigitalLink } from './format.js';
export { gtinCheckDigit, isValidGtin, normalizeGtin } from './gtin.js';
export { isDigitalLink, parseDigitalLink } from './parse.js';
export type { AiValue, DigitalLink, DigitalLinkInput, FormatDigitalLinkOptions, ParseDigitalLinkOptions } from './types.js';
