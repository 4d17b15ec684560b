/**
 * @module How the EPCIS store compares identifiers: EPCs and locations as canonical GS1 Digital
 * Links (so an EPC URN and a Digital Link on any host find the same events), CBV values as bare
 * words, EPC patterns as index prefixes.
 */
import { BIZ_STEPS, DISPOSITIONS, canonicalDigitalLink } from '@mashang/sdk/epcis';
import { invalid } from '../errors.js';

/** The form an EPC, EPC class or location is stored and matched in. */
export function canonicalId(value: string): string {
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
  /** SQL `like` patterns (`<prefix>/%`, with `\` escaping). */
  prefixes: string[];
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Turns the values of a `MATCH_*` parameter into a matcher. An EPC pattern
 * (`urn:epc:idpat:sgtin:<company>.<item>.*`) matches every identifier below the class it names;
 * the patterns whose company prefix or item reference is itself a wildcard are refused (400).
 */
export function idMatcher(values: readonly string[], param: string): IdMatcher {
  const out: IdMatcher = { exact: [], prefixes: [] };
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
      out.prefixes.push(`${escapeLike(base)}/%`);
    } else {
      out.exact.push(canonicalId(value));
    }
  }
  return out;
}
