/** Internal: verifies a compact JWS against a JWKS with jose and classifies failures. @module */
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { CREDENTIAL_ALG } from './claims.js';

/** Why a JWS was rejected before its claims could be trusted. */
export type JwsFailure = 'malformed' | 'unknown_key' | 'bad_signature';

/** Outcome of {@link verifyJws}. `time` is set when the signature is good but `exp`/`nbf` fail. */
export type JwsOutcome =
  | { ok: true; payload: JWTPayload; kid: string; time?: 'expired' | 'not_yet_valid' }
  | { ok: false; reason: JwsFailure };

/** Options of {@link verifyJws}. */
export interface JwsCheck {
  typ: string;
  issuer?: string | undefined;
  now: Date;
  clockTolerance: number;
}

// An Ed25519 signature is 64 bytes: 86 base64url characters whose last one carries 2 bits and
// 4 zero bits. Requiring that canonical form means one signature has exactly one spelling.
const ED25519_SIGNATURE = /^[A-Za-z0-9_-]{85}[AQgw]$/;

const keySets = new WeakMap<object, JWTVerifyGetKey>();

class KeyResolutionError extends Error {}

function keySetFor(jwks: JSONWebKeySet): JWTVerifyGetKey {
  let getKey = keySets.get(jwks);
  if (!getKey) {
    const local = createLocalJWKSet(jwks);
    getKey = async (header, token) => {
      try {
        return await local(header, token);
      } catch (error) {
        if (codeOf(error) === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
        throw new KeyResolutionError('no usable key', { cause: error });
      }
    };
    keySets.set(jwks, getKey);
  }
  return getKey;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function verifyWithKeySet(token: string, getKey: JWTVerifyGetKey, options: JWTVerifyOptions) {
  try {
    return await jwtVerify(token, getKey, options);
  } catch (error) {
    if (codeOf(error) !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
    // Several keys share the kid (a key listed twice): jose hands them over to try one by one.
    let last: unknown = new KeyResolutionError('no usable key among several with this kid');
    for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
      try {
        return await jwtVerify(token, key, options);
      } catch (attempt) {
        if (codeOf(attempt) !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw attempt;
        last = attempt;
      }
    }
    throw last;
  }
}

function classify(error: unknown): JwsOutcome {
  if (error instanceof KeyResolutionError) return { ok: false, reason: 'unknown_key' };
  switch (codeOf(error)) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { ok: false, reason: 'bad_signature' };
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return { ok: false, reason: 'unknown_key' };
    default:
      return { ok: false, reason: 'malformed' };
  }
}

/**
 * Verifies `token` (compact JWS, `alg` EdDSA, a `kid`, the given `typ`) against `jwks`, then its
 * `iss`, `nbf` and `exp`. Never throws. A good signature with a failing time check is still
 * `ok`, with `time` set, so callers can show the claims of an expired credential.
 * An `iss` other than the expected issuer counts as `unknown_key`: the signer is not one trusted
 * for that issuer.
 */
export async function verifyJws(token: string, jwks: JSONWebKeySet, check: JwsCheck): Promise<JwsOutcome> {
  try {
    const parts = token.split('.');
    if (parts.length !== 3 || !ED25519_SIGNATURE.test(parts[2]!)) return { ok: false, reason: 'malformed' };
    const header = decodeProtectedHeader(token);
    if (header.alg !== CREDENTIAL_ALG || typeof header.kid !== 'string' || header.kid === '') {
      return { ok: false, reason: 'malformed' };
    }
    let getKey: JWTVerifyGetKey;
    try {
      getKey = keySetFor(jwks);
    } catch {
      return { ok: false, reason: 'unknown_key' };
    }
    const options: JWTVerifyOptions = {
      algorithms: [CREDENTIAL_ALG],
      typ: check.typ,
      currentDate: check.now,
      clockTolerance: check.clockTolerance,
      ...(check.issuer === undefined ? {} : { issuer: check.issuer }),
    };
    try {
      const { payload } = await verifyWithKeySet(token, getKey, options);
      return { ok: true, payload, kid: header.kid };
    } catch (error) {
      const code = codeOf(error);
      const failed = error as { claim?: unknown; reason?: unknown; payload?: JWTPayload };
      const timing = failed.reason === 'check_failed' ? failed.claim : undefined;
      // jose checks the signature, `typ` and `iss` before the times, so these carry verified claims.
      if (code === 'ERR_JWT_EXPIRED' && timing === 'exp' && failed.payload) {
        return { ok: true, payload: failed.payload, kid: header.kid, time: 'expired' };
      }
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        if (timing === 'nbf' && failed.payload) {
          return { ok: true, payload: failed.payload, kid: header.kid, time: 'not_yet_valid' };
        }
        if (timing === 'iss') return { ok: false, reason: 'unknown_key' };
      }
      return classify(error);
    }
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
