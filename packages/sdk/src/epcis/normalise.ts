/** @module epcis/normalise — EPC URNs and GS1 Digital Links to the constrained canonical Digital Link. */

import { encodeDlValue, gs1CheckDigit, GS1_DL_BASE } from './epc.js';

type Pair = readonly [ai: string, value: string];

/** Splits `CP.REF.SERIAL` at its first `count − 1` dots (a serial may itself contain dots). */
function parts(body: string, count: number): string[] | undefined {
  const p = body.split('.');
  if (p.length < count) return undefined;
  return [...p.slice(0, count - 1), p.slice(count - 1).join('.')];
}

const digits = (s: string | undefined, min = 1, max = 99): s is string =>
  s !== undefined && s.length >= min && s.length <= max && /^\d+$/.test(s);

/** Company prefix + reference that together hold `total` digits, prefix 6–12 long. */
function prefixed(cp: string | undefined, ref: string | undefined, total: number): string | undefined {
  if (!digits(cp, 6, 12) || ref === undefined || (ref !== '' && !digits(ref)) || cp.length + ref.length !== total) return undefined;
  return cp + ref;
}

const withCheck = (body: string): string => body + gs1CheckDigit(body);

/** GTIN-14 from an EPC `CP.IR` pair (indicator digit leads the item reference). */
function gtin(cp: string | undefined, ir: string | undefined): string | undefined {
  const joined = prefixed(cp, ir, 13);
  return joined === undefined ? undefined : withCheck(ir!.charAt(0) + cp + ir!.slice(1));
}

function decodeUrnPart(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A URN serial/reference re-encoded for a Digital Link path. */
function dl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const decoded = decodeUrnPart(value);
  return decoded === undefined ? undefined : encodeDlValue(decoded);
}

function build(...pairs: Array<readonly [string, string | undefined]>): string | undefined {
  let out = GS1_DL_BASE;
  for (const [ai, value] of pairs) {
    if (value === undefined) return undefined;
    out += `/${ai}/${value}`;
  }
  return out;
}

/** EPC pure-identity URNs (`urn:epc:id:…`), TDS 2.0 §6.3. */
function fromEpcId(scheme: string, body: string): string | undefined {
  switch (scheme) {
    case 'sgtin': {
      const [cp, ir, serial] = parts(body, 3) ?? [];
      return build(['01', gtin(cp, ir)], ['21', dl(serial)]);
    }
    case 'sscc': {
      const [cp, sr] = parts(body, 2) ?? [];
      const joined = prefixed(cp, sr, 17);
      return build(['00', joined && withCheck(sr!.charAt(0) + cp + sr!.slice(1))]);
    }
    case 'sgln': {
      const [cp, lr, ext] = parts(body, 3) ?? [];
      const gln = prefixed(cp, lr, 12);
      if (ext === '0') return build(['414', gln && withCheck(gln)]);
      return build(['414', gln && withCheck(gln)], ['254', dl(ext)]);
    }
    case 'pgln': {
      const [cp, pr] = parts(body, 2) ?? [];
      const gln = prefixed(cp, pr, 12);
      return build(['417', gln && withCheck(gln)]);
    }
    case 'grai': {
      const [cp, at, serial] = parts(body, 3) ?? [];
      const key = prefixed(cp, at, 12);
      return build(['8003', key && serial !== undefined ? withCheck(`0${key}`) + (dl(serial) ?? '') : undefined]);
    }
    case 'gdti':
    case 'sgcn': {
      const [cp, ref, serial] = parts(body, 3) ?? [];
      const key = prefixed(cp, ref, 12);
      return build([scheme === 'gdti' ? '253' : '255', key && serial !== undefined ? withCheck(key) + (dl(serial) ?? '') : undefined]);
    }
    case 'giai':
    case 'ginc': {
      const dot = body.indexOf('.');
      const cp = body.slice(0, dot);
      if (dot < 0 || !digits(cp, 6, 12)) return undefined;
      return build([scheme === 'giai' ? '8004' : '401', dl(body.slice(dot + 1)) && cp + dl(body.slice(dot + 1))]);
    }
    case 'gsrn':
    case 'gsrnp': {
      const [cp, sr] = parts(body, 2) ?? [];
      const key = prefixed(cp, sr, 17);
      return build([scheme === 'gsrn' ? '8018' : '8017', key && withCheck(key)]);
    }
    case 'gsin': {
      const [cp, sr] = parts(body, 2) ?? [];
      const key = prefixed(cp, sr, 16);
      return build(['402', key && withCheck(key)]);
    }
    case 'cpi': {
      const first = body.indexOf('.');
      const last = body.lastIndexOf('.');
      const cp = body.slice(0, first);
      if (first < 0 || first === last || !digits(cp, 6, 12)) return undefined;
      return build(['8010', dl(cp + body.slice(first + 1, last))], ['8011', dl(body.slice(last + 1))]);
    }
    case 'itip': {
      const [cp, ir, piece, total, serial] = parts(body, 5) ?? [];
      const g = gtin(cp, ir);
      const ok = g && digits(piece, 2, 2) && digits(total, 2, 2);
      return build(['8006', ok ? g + piece + total : undefined], ['21', dl(serial)]);
    }
    case 'upui': {
      const [cp, ir, tpx] = parts(body, 3) ?? [];
      return build(['01', gtin(cp, ir)], ['235', dl(tpx)]);
    }
    default:
      return undefined;
  }
}

/** EPC class URNs (`urn:epc:class:lgtin:…`) and EPC pattern URNs (`urn:epc:idpat:…:….*`). */
function fromEpcClassOrPattern(kind: 'class' | 'idpat', scheme: string, body: string): string | undefined {
  if (kind === 'class') {
    if (scheme !== 'lgtin') return undefined;
    const [cp, ir, lot] = parts(body, 3) ?? [];
    return build(['01', gtin(cp, ir)], ['10', dl(lot)]);
  }
  const p = body.split('.');
  if (p.at(-1) !== '*') return undefined;
  const [cp, ref] = p;
  switch (scheme) {
    case 'sgtin':
    case 'upui':
      return p.length === 3 ? build(['01', gtin(cp, ref)]) : undefined;
    case 'grai':
    case 'gdti':
    case 'sgcn': {
      const key = p.length === 3 ? prefixed(cp, ref, 12) : undefined;
      const ai = scheme === 'grai' ? '8003' : scheme === 'gdti' ? '253' : '255';
      return build([ai, key && withCheck(scheme === 'grai' ? `0${key}` : key)]);
    }
    case 'cpi':
      return p.length === 3 && digits(cp, 6, 12) ? build(['8010', dl(cp! + ref)]) : undefined;
    case 'itip': {
      const g = p.length === 5 ? gtin(cp, ref) : undefined;
      return build(['8006', g && digits(p[2], 2, 2) && digits(p[3], 2, 2) ? g + p[2] + p[3] : undefined]);
    }
    default:
      return undefined;
  }
}

/** Short names GS1 Digital Link 1.0 allowed in place of numeric AIs. */
const ALPHA: Readonly<Record<string, string>> = {
  gtin: '01', itip: '8006', cpid: '8010', gln: '414', party: '417', gsrnp: '8017', gsrn: '8018',
  gcn: '255', sscc: '00', gdti: '253', ginc: '401', gsin: '402', grai: '8003', giai: '8004',
  cpv: '22', lot: '10', ser: '21', glnx: '254',
};

/** Primary keys and, most specific first, the qualifiers the constrained form keeps. */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  '01': ['21', '235', '10'], '8006': ['21', '10'], '8010': ['8011'], '414': ['254'],
  '00': [], '253': [], '255': [], '401': [], '402': [], '417': [], '8003': [], '8004': [],
  '8017': [], '8018': [],
};

function validKey(ai: string, value: string): string | undefined {
  if (ai === '01') {
    return /^(\d{8}|\d{12,14})$/.test(value) ? value.padStart(14, '0') : undefined;
  }
  const fixed: Readonly<Record<string, number>> = { '00': 18, '414': 13, '417': 13, '402': 17, '8017': 18, '8018': 18 };
  if (fixed[ai] !== undefined) return value.length === fixed[ai] && /^\d+$/.test(value) ? value : undefined;
  if (ai === '8006') return /^\d{18}$/.test(value) ? value : undefined;
  return /^\d{4}/.test(value) ? value : undefined;
}

function reencode(value: string): string | undefined {
  if (value === '') return undefined;
  if (!value.includes('%')) return encodeDlValue(value);
  try {
    return encodeDlValue(decodeURIComponent(value));
  } catch {
    return undefined;
  }
}

/** Any http(s) URI whose path holds a GS1 primary key, on any host. */
function fromDigitalLink(uri: string): string | undefined {
  const m = /^https?:\/\/[^/?#]+(\/[^?#]*)?(?:[?#].*)?$/i.exec(uri);
  if (!m || !m[1]) return undefined;
  const segments = m[1].split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const start = segments.findIndex((s, i) => (ALPHA[s] ?? s) in KEYS && i + 1 < segments.length);
  if (start < 0 || (segments.length - start) % 2 !== 0) return undefined;
  const pairs: Pair[] = [];
  for (let i = start; i < segments.length; i += 2) pairs.push([ALPHA[segments[i]!] ?? segments[i]!, segments[i + 1]!]);
  const [keyAi, keyRaw] = pairs[0]!;
  const key = validKey(keyAi, decodeUrnPart(keyRaw) ?? '');
  if (key === undefined) return undefined;
  const encodedKey = reencode(key);
  if (encodedKey === undefined) return undefined;
  for (const q of KEYS[keyAi]!) {
    const found = pairs.find(([ai]) => ai === q);
    if (found) {
      const v = reencode(found[1]);
      return v === undefined ? undefined : `${GS1_DL_BASE}/${keyAi}/${encodedKey}/${q}/${v}`;
    }
  }
  return `${GS1_DL_BASE}/${keyAi}/${encodedKey}`;
}

/**
 * The constrained canonical GS1 Digital Link that the CBV 2.0 event hash uses for an EPC:
 * EPC URNs (`urn:epc:id:`, `urn:epc:class:`, `urn:epc:idpat:`) are translated, Digital Links on
 * any domain move to `https://id.gs1.org`, short names become numeric AIs, GTINs are padded to
 * 14 digits, the query string is dropped and only the most specific identification level is
 * kept (e.g. the serial, not the lot). Returns `undefined` when `value` identifies nothing
 * this way (a plain URL, a `geo:` URI, …).
 *
 * @example
 * ```ts
 * canonicalDigitalLink('urn:epc:id:sgtin:0614141.107346.2017');
 * // 'https://id.gs1.org/01/10614141073464/21/2017'
 * canonicalDigitalLink('https://example.com/gtin/9780345418913/lot/A1/ser/7?x=1');
 * // 'https://id.gs1.org/01/09780345418913/21/7'
 * ```
 * @category EPCIS
 */
export function canonicalDigitalLink(value: string): string | undefined {
  const urn = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/.exec(value);
  if (urn) {
    const [, kind, scheme, body] = urn as unknown as [string, 'id' | 'class' | 'idpat', string, string];
    return kind === 'id' ? fromEpcId(scheme, body) : fromEpcClassOrPattern(kind, scheme, body);
  }
  return fromDigitalLink(value);
}
