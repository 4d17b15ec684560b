/** Offline verification of a scanned credit code (信用码). @module */
import type { JSONWebKeySet } from 'jose';
import { CREDIT_CODE_TYP, CreditClaims, type CreditStatusRef } from './claims.js';
import { verifyJws } from './jws.js';
import { decodeStatusList, type StatusList } from './status-list.js';
import { extractCreditToken } from './token.js';

/** Why a credit code is not valid. */
export type CreditCodeFailure =
  | 'malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked';

/**
 * How revocation was checked: against a list within its validity (`current`), against a list past
 * its `exp`, typically a cached one while offline (`stale`), or not at all (`unchecked`: no list
 * given, the list could not be fetched or verified, or it is not the list the credential names).
 */
export type StatusCheck = 'current' | 'stale' | 'unchecked';

/**
 * A status list to check revocation against: a decoded {@link StatusList}, a signed status-list
 * token, or a function that gets one for the URL named in the verified credential (typically
 * `(url) => fetchStatusList(url, { jwks })`). A function that throws or returns `undefined`
 * leaves revocation `unchecked`.
 */
export type StatusListSource =
  | StatusList
  | string
  | ((url: string) => StatusList | string | undefined | Promise<StatusList | string | undefined>);

/** Options of {@link verifyCreditCode}. */
export interface VerifyCreditCodeOptions {
  /** The issuer's key set, `{ keys: [...] }` (from `/.well-known/jwks.json`, see {@link fetchJwks}). */
  jwks: JSONWebKeySet;
  /** Where to check revocation. Without it revocation is `unchecked`. */
  statusList?: StatusListSource;
  /**
   * The time to verify at (a `Date` or milliseconds since the epoch).
   * @default new Date()
   */
  now?: Date | number;
  /** Accept only credentials whose `iss` is this URL; another issuer gives `unknown_key`. */
  issuer?: string;
  /**
   * Seconds of clock skew allowed on `exp` and `nbf`; phones' clocks drift.
   * @default 60
   */
  clockTolerance?: number;
}

/** Result of {@link verifyCreditCode}. */
export interface VerifyCreditCodeResult {
  /** True when signature, time window and (if checked) revocation status all pass. */
  valid: boolean;
  /** Why not, when `valid` is false. */
  reason?: CreditCodeFailure;
  /**
   * The verified claims, present whenever the signature verified: also for `expired`,
   * `not_yet_valid` and `revoked`, so a page can say whose credential it is.
   */
  claims?: CreditClaims;
  /** How revocation was checked; present whenever `claims` is. */
  statusCheck?: StatusCheck;
}

/**
 * Verifies a scanned credit code offline: the Ed25519 signature against `jwks` (key chosen by
 * `kid`), `typ`, the claims' shape, `nbf`/`exp`, and, when a status list is available, the
 * revocation bit. Accepts the bare JWS or the QR URL (`https://<host>/c/<jws>`, or the JWS in the
 * fragment). Never throws: anything unreadable is `malformed`.
 *
 * Order of checks: `malformed` → `unknown_key` → `bad_signature` → `revoked` → `expired` /
 * `not_yet_valid`. Revocation wins over the time window because it is the permanent, more
 * important message. A runtime whose WebCrypto lacks Ed25519 can use no key, so it reports
 * `unknown_key` for every code; see {@link isEd25519Supported}.
 *
 * @example
 * ```ts
 * const jwks = await fetchJwks('https://mashang.example/.well-known/jwks.json');
 * const result = await verifyCreditCode(scannedText, {
 *   jwks,
 *   issuer: 'https://mashang.example',
 *   statusList: (url) => fetchStatusList(url, { jwks }),
 * });
 * if (result.valid) show(result.claims!.credit.grade);
 * else if (result.reason === 'revoked') showRevoked(result.claims!);
 * ```
 */
export async function verifyCreditCode(
  tokenOrUrl: string,
  options: VerifyCreditCodeOptions,
): Promise<VerifyCreditCodeResult> {
  try {
    const token = extractCreditToken(tokenOrUrl);
    if (!token) return { valid: false, reason: 'malformed' };
    const now = options.now === undefined ? new Date() : new Date(options.now);
    const outcome = await verifyJws(token, options.jwks, {
      typ: CREDIT_CODE_TYP,
      issuer: options.issuer,
      now,
      clockTolerance: options.clockTolerance ?? 60,
    });
    if (!outcome.ok) return { valid: false, reason: outcome.reason };
    const parsed = CreditClaims.safeParse(outcome.payload);
    if (!parsed.success) return { valid: false, reason: 'malformed' };
    const claims = parsed.data;
    const status = await checkStatus(claims, options, now);
    if (status.revoked) return { valid: false, reason: 'revoked', claims, statusCheck: status.check };
    if (outcome.time) return { valid: false, reason: outcome.time, claims, statusCheck: status.check };
    return { valid: true, claims, statusCheck: status.check };
  } catch {
    return { valid: false, reason: 'malformed' };
  }
}

interface StatusOutcome {
  revoked: boolean;
  check: StatusCheck;
}

const UNCHECKED: StatusOutcome = { revoked: false, check: 'unchecked' };

async function checkStatus(claims: CreditClaims, options: VerifyCreditCodeOptions, now: Date): Promise<StatusOutcome> {
  const source = options.statusList;
  if (source === undefined) return UNCHECKED;
  const ref = claims.credit.status;
  try {
    const got = typeof source === 'function' ? await source(ref.list) : source;
    if (got === undefined) return UNCHECKED;
    const list = typeof got === 'string' ? await decodeStatusList(got, { jwks: options.jwks }) : got;
    if (!appliesTo(list, ref, claims.iss)) return UNCHECKED;
    const revoked = list.isSet(ref.index);
    const fresh = list.expiresAt === undefined || list.expiresAt * 1000 > now.getTime();
    return { revoked, check: fresh ? 'current' : 'stale' };
  } catch {
    return UNCHECKED;
  }
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function appliesTo(list: StatusList, ref: CreditStatusRef, issuer: string): boolean {
  return (
    list.purpose === 'revocation' &&
    (list.url === undefined || sameUrl(list.url, ref.list)) &&
    (list.issuer === undefined || sameUrl(list.issuer, issuer))
  );
}
