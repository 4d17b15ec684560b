/** @module epcis/canonical — value canonicalisation rules of the CBV 2.0 event hash. */

import { canonicalDigitalLink } from './normalise.js';
import type { JsonLdContext } from './types.js';

/** Prefixes the standard EPCIS 2.0 context defines; a document's own `@context` may add more. */
const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};

/** Namespace prefixes in scope for one event. */
export type PrefixMap = ReadonlyMap<string, string>;

const STANDARD_MAP: PrefixMap = new Map(Object.entries(STANDARD_PREFIXES));

/**
 * Collects prefix → namespace mappings from JSON-LD contexts, later ones winning. URL entries
 * (remote contexts) add nothing: only the standard context is assumed, and its prefixes are
 * always present.
 */
export function prefixMap(...contexts: Array<JsonLdContext | undefined>): PrefixMap {
  // Contexts made of URLs only (the usual case) add nothing: share one map of the standard prefixes.
  const onlyUrls = contexts.every((c) => c === undefined || typeof c === 'string' || (Array.isArray(c) && c.every((e) => typeof e === 'string')));
  if (onlyUrls) return STANDARD_MAP;
  const map = new Map(Object.entries(STANDARD_PREFIXES));
  const add = (entry: unknown): void => {
    if (typeof entry !== 'object' || entry === null) return;
    for (const [prefix, value] of Object.entries(entry as Record<string, unknown>)) {
      if (prefix.startsWith('@')) continue;
      const iri = typeof value === 'string' ? value : (value as { '@id'?: unknown } | null)?.['@id'];
      if (typeof iri === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(iri)) map.set(prefix, iri);
    }
  };
  for (const ctx of contexts) {
    if (Array.isArray(ctx)) ctx.forEach(add);
    else add(ctx);
  }
  return map;
}

/** `prefix:local` → namespace + local when the prefix is declared; anything else unchanged. */
export function expandCurie(value: string, prefixes: PrefixMap): string {
  const colon = value.indexOf(':');
  if (colon <= 0) return value;
  const ns = prefixes.get(value.slice(0, colon));
  return ns === undefined ? value : ns + value.slice(colon + 1);
}

/**
 * A property name as the pre-hash string writes it: `{namespace}localName` for a namespaced
 * name, the bare name otherwise.
 */
export function expandKey(key: string, prefixes: PrefixMap): string {
  const colon = key.indexOf(':');
  if (colon > 0) {
    const ns = prefixes.get(key.slice(0, colon));
    if (ns !== undefined) return `{${ns}}${key.slice(colon + 1)}`;
  }
  return key;
}

/** Code-point order (= UTF-8 byte order), as the algorithm asks; JS `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export const sorted = (items: string[]): string[] => items.sort(compareCodePoints);

const TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * An xsd:dateTimeStamp in UTC with exactly three fractional digits, the third rounded up when
 * the fourth is 5–9. Returns `undefined` for anything that is not such a timestamp.
 */
export function canonicalTimestamp(value: string): string | undefined {
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', , sign, oh, om] = m;
  const ms = Number((frac + '000').slice(0, 3)) + (frac.length > 3 && frac.charCodeAt(3) >= 53 ? 1 : 0);
  const offsetMin = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  // Reject 2024-02-30 and 25:00 rather than letting Date roll them over.
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  date.setUTCHours(Number(h), Number(mi) - offsetMin, Number(s), ms);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

/**
 * A number without trailing zeros. Integral values print all their digits; fractions use the
 * shortest round-trip form, switching to exponent notation below 1e-4 with a two-digit
 * exponent (`1e-05`) — the form the reference implementation's vectors use.
 */
export function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return BigInt(n).toString();
  if (Math.abs(n) >= 1e-4) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const LEGACY_CBV: ReadonlyArray<readonly [string, string]> = [
  ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

/**
 * Canonical text of a scalar value: trimmed; a declared CURIE expanded; a legacy CBV URN
 * replaced by its web URI; a decimal number without trailing zeros; an EPC URN or Digital Link
 * turned into the constrained canonical Digital Link.
 */
export function canonicalValue(value: unknown, prefixes: PrefixMap): string {
  if (typeof value === 'number') return canonicalNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') return '';
  let text = expandCurie(value.trim(), prefixes);
  for (const [urn, web] of LEGACY_CBV) {
    if (text.startsWith(urn)) text = web + text.slice(urn.length);
  }
  if (DECIMAL.test(text)) return canonicalNumber(Number(text));
  return canonicalDigitalLink(text) ?? text;
}
