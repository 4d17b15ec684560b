/** Decoding and verifying a signed W3C-style bitstring status list. @module */
import type { JSONWebKeySet } from 'jose';
import { decodeBitstring, getBit } from './bitstring.js';
import { MIN_STATUS_LIST_ENTRIES, STATUS_LIST_TYP, StatusListClaims, type STATUS_PURPOSES } from './claims.js';
import { CredentialError } from './errors.js';
import { verifyJws } from './jws.js';

/** What a set bit in a status list means. */
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** A decoded status list: read an entry with {@link StatusList.isSet}. */
export interface StatusList {
  /** URL the list is published at (the token's `sub`); absent for a bare `encodedList`. */
  readonly url?: string;
  /** Issuer (`iss`) of the list token; absent for a bare `encodedList`. */
  readonly issuer?: string;
  /** What a set bit means; credit codes are checked only against `revocation` lists. */
  readonly purpose: StatusPurpose;
  /** Number of entries (bits). */
  readonly size: number;
  /** When the list was signed, seconds since the epoch. */
  readonly issuedAt?: number;
  /** When the list should be replaced by a fresher one, seconds since the epoch. */
  readonly expiresAt?: number;
  /** Cache lifetime hint from the list, milliseconds. */
  readonly ttl?: number;
  /** The signed token the list came from, to persist for offline use. */
  readonly token?: string;
  /**
   * True when entry `index` is set (for `revocation`: revoked). Throws a {@link CredentialError}
   * `RANGE_ERROR` outside the list.
   */
  isSet(index: number): boolean;
}

/** Options of {@link decodeStatusList}. */
export interface DecodeStatusListOptions {
  /** Keys that may sign the list (the platform's `/.well-known/jwks.json`). Required for a token. */
  jwks?: JSONWebKeySet;
  /** Accept only a list from this issuer. */
  issuer?: string;
  /**
   * Purpose of a bare `encodedList` (a token states its own).
   * @default 'revocation'
   */
  purpose?: StatusPurpose;
}

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Decodes a status list: either the signed status-list token (its signature is verified against
 * `jwks`; an expired token is still returned, with `expiresAt` in the past, so a verifier can use
 * it offline) or a bare `encodedList` (`u…`) whose origin the caller vouches for.
 * Throws a {@link CredentialError}: `STATUS_VERIFICATION_ERROR` for a bad signature, unknown key,
 * wrong `typ`/issuer or malformed content, `STATUS_LIST_LENGTH_ERROR` below 131,072 entries.
 *
 * @example
 * ```ts
 * const list = await decodeStatusList(token, { jwks });
 * list.isSet(94567); // true when credential 94567 is revoked
 * ```
 */
export async function decodeStatusList(input: string, options: DecodeStatusListOptions = {}): Promise<StatusList> {
  if (typeof input !== 'string') {
    throw new TypeError('decodeStatusList expects a status-list token or an encodedList string');
  }
  const text = input.trim();
  if (!JWS_SHAPE.test(text)) {
    return fromBits(await decodeBitstring(text), { purpose: options.purpose ?? 'revocation' });
  }
  if (!options.jwks) {
    throw new TypeError('decodeStatusList needs { jwks } to verify a status-list token');
  }
  const outcome = await verifyJws(text, options.jwks, {
    typ: STATUS_LIST_TYP,
    issuer: options.issuer,
    now: new Date(),
    clockTolerance: 0,
  });
  if (!outcome.ok) {
    throw new CredentialError('STATUS_VERIFICATION_ERROR', `status list rejected: ${outcome.reason.replace('_', ' ')}`);
  }
  const parsed = StatusListClaims.safeParse(outcome.payload);
  if (!parsed.success) {
    throw new CredentialError('STATUS_VERIFICATION_ERROR', 'status list claims are malformed', { cause: parsed.error });
  }
  const claims = parsed.data;
  return fromBits(await decodeBitstring(claims.statusList.encodedList), {
    url: claims.sub,
    issuer: claims.iss,
    purpose: claims.statusList.purpose,
    issuedAt: claims.iat,
    expiresAt: claims.exp,
    ...(claims.statusList.ttl === undefined ? {} : { ttl: claims.statusList.ttl }),
    token: text,
  });
}

function fromBits(bits: Uint8Array, meta: Omit<StatusList, 'size' | 'isSet'>): StatusList {
  const size = bits.length * 8;
  if (size < MIN_STATUS_LIST_ENTRIES) {
    throw new CredentialError(
      'STATUS_LIST_LENGTH_ERROR',
      `a status list needs at least ${MIN_STATUS_LIST_ENTRIES} entries, this one has ${size}`,
    );
  }
  return { ...meta, size, isSet: (index: number) => getBit(bits, index) };
}
