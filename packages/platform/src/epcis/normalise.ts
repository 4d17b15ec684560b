/**
 * @module How the EPCIS store compares identifiers: EPCs and locations as canonical GS1 Digital
 * Links (so an EPC URN and a Digital Link on any host find the same events), CBV values as bare
 * words, EPC patterns as index prefixes.
 */
import { BIZ_STEPS, DISPOSITIONS, canonicalDigitalLink } from '@mashang/sdk/epcis';
import { invalid } from '../errors.js';

/**
 * Digital Links already in canonical form (what the SDK's builders write): an SGTIN, LGTIN, GTIN,
 * SSCC or SGLN on id.gs1.org with nothing to escape. They are their own canonical form, so the
 * general translation can be skipped for them; it is the capture hot path.
 */
const ALREADY_CANONICAL = /^https:\/\/id\.gs1\.org\/(?:01\/\d{14}(?:\/(?:21|10)\/[A-Za-z0-9\-._~';=]+)?|00\/\d{18}|414\/\d{13})$/;

/** The form an EPC, EPC class or location is stored and matched in. */
export function canonicalId(value: string): string {
  if (ALREADY_CANONICAL.test(value)) return value;
  if (value.startsWith('urn:epc:idpat:')) return value;
  return canonicalDigitalLink(value) ?? value;
}

const WORDS = {
  BizStep: { set: new Set<string>(BIZ_STEPS), urn: 'urn:epcglobal:cbv:bizstep:' },
  Disp: { set: new Set<string>(DISPOSITIONS), urn: 'urn:epcglobal:cbv:disp:' },
} as const;

/**
 * A business step or disposition as a CBV bare word when it is a standard one, in any of the
 * forms EPCIS allows (`shipping`, `https://ref.gs1.org/cbv/BizStep-shipping`, `cbv:BizStep-shipping`,
 * `urn:epcglobal:cbv:bizstep:shipping`); other values unchanged.
 */
export function cbvWord(value: string, kind: keyof typeof WORDS): string {
  const { set, urn } = WORDS[kind];
  let word: string | undefined;
  for (const prefix of [`https://ref.gs1.org/cbv/${kind}-`, `http://ref.gs1.org/cbv/${kind}-`, `cbv:${kind}-`, urn]) {
    if (value.startsWith(prefix)) word = value.slice(prefix.length);
  }
  return word !== undefined && set.has(word) ? word : value;
}

/** What one `MATCH_*` parameter matches: exact identifiers and identifier prefixes. */
export interface IdMatcher {
  exact: string[];
  /** Half-open ranges `[from, to)` holding every identifier that starts with a prefix. */
  ranges: Array<[from: string, to: string]>;
}

/**
 * Turns the values of a `MATCH_*` parameter into a matcher. An EPC pattern
 * (`urn:epc:idpat:sgtin:<company>.<item>.*`) matches the class it names and every identifier
 * below it (`<class>/…`); the patterns whose company prefix or item reference is itself a
 * wildcard are refused (400). Prefixes become ranges so that they run as index range scans.
 */
export function idMatcher(values: readonly string[], param: string): IdMatcher {
  const out: IdMatcher = { exact: [], ranges: [] };
  for (const value of values) {
    if (value.startsWith('urn:epc:idpat:')) {
      const base = canonicalDigitalLink(value);
      if (!base) {
        throw invalid(
          param,
          'epc_pattern_unsupported',
          `${param}: the pattern '${value}' is not supported; give the company prefix and item reference and end with '.*', e.g. urn:epc:idpat:sgtin:0614141.107346.*`,
        );
      }
      out.exact.push(base);
      // '0' follows '/' in code-point order: [base/, base0) is every "base/…".
      out.ranges.push([`${base}/`, `${base}0`]);
    } else {
      out.exact.push(canonicalId(value));
    }
  }
  return out;
}
