/** @module epcis/hash — the CBV 2.0 EPCIS Event Hash ID (`ni:///sha-256;…?ver=CBV2.0`). */

import { EpcisError } from './errors.js';
import { eventPreHashString, type EventHashOptions } from './prehash.js';
import type { JsonLdContext } from './types.js';

/**
 * Digest algorithms of the Named Information registry that WebCrypto provides.
 * @category EPCIS
 */
export type EventHashAlgorithm = 'sha-256' | 'sha-384' | 'sha-512';

/**
 * Options of {@link eventHashId}.
 * @category EPCIS
 */
export interface EventHashIdOptions extends EventHashOptions {
  /** @default 'sha-256' */
  algorithm?: EventHashAlgorithm;
}

const WEBCRYPTO_NAME: Readonly<Record<EventHashAlgorithm, string>> = {
  'sha-256': 'SHA-256',
  'sha-384': 'SHA-384',
  'sha-512': 'SHA-512',
};

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c?.subtle) {
    throw new EpcisError(
      'bad_input',
      'WebCrypto is not available (globalThis.crypto.subtle is missing). Use Node 20+ or a browser page served over HTTPS or localhost.',
    );
  }
  return c.subtle;
}

/**
 * The EPCIS Event Hash ID of an EPCIS 2.0 JSON-LD event, as specified in CBV 2.0: the digest of
 * the event's canonical pre-hash string (see {@link eventPreHashString}) as an RFC 6920 `ni:` URI.
 * Different serialisations of the same event (field order, EPC URN vs Digital Link, time zone,
 * trailing zeros, namespace prefixes) give the same ID, so it can serve as `eventID` and to
 * deduplicate captures. `eventID`, `recordTime` and `errorDeclaration` do not enter the hash.
 *
 * Works in browsers and Node 20+ (WebCrypto).
 *
 * @param context The enclosing document's `@context`, needed when the event uses prefixes it
 *   does not declare itself.
 * @example
 * ```ts
 * const id = await eventHashId({
 *   type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
 *   eventTime: '2022-02-16T20:33:31.116-06:00', eventTimeZoneOffset: '-06:00',
 *   epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
 *   readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
 *   bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
 * });
 * // 'ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0'
 * ```
 * @category EPCIS
 */
export async function eventHashId(event: unknown, context?: JsonLdContext, options: EventHashIdOptions = {}): Promise<string> {
  const algorithm = options.algorithm ?? 'sha-256';
  const name = WEBCRYPTO_NAME[algorithm];
  if (name === undefined) {
    throw new EpcisError('bad_input', `Unsupported algorithm ${JSON.stringify(algorithm)}; use 'sha-256', 'sha-384' or 'sha-512'.`);
  }
  const preHash = eventPreHashString(event, context, options);
  const digest = new Uint8Array(await subtle().digest(name, new TextEncoder().encode(preHash)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return `ni:///${algorithm};${hex}?ver=CBV2.0`;
}

/**
 * The event hash IDs of every event in an EPCIS document or query document, in document order,
 * using the document's `@context`.
 *
 * @example
 * ```ts
 * const ids = await documentEventHashIds(doc); // ['ni:///sha-256;…?ver=CBV2.0', …]
 * ```
 * @category EPCIS
 */
export async function documentEventHashIds(document: unknown, options: EventHashIdOptions = {}): Promise<string[]> {
  const doc = document as { '@context'?: JsonLdContext; epcisBody?: Record<string, unknown> } | null;
  const body = doc?.epcisBody;
  const list =
    (body?.['eventList'] as unknown[] | undefined) ??
    ((body?.['queryResults'] as { resultsBody?: { eventList?: unknown[] } } | undefined)?.resultsBody?.eventList);
  if (!Array.isArray(list)) {
    throw new EpcisError('bad_input', 'Expected an EPCIS document with epcisBody.eventList (or epcisBody.queryResults.resultsBody.eventList).');
  }
  return Promise.all(list.map((event) => eventHashId(event, doc?.['@context'], options)));
}
