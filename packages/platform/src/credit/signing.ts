/** Ed25519 signing keys, and signing of credit codes (信用码) and revocation status lists. @module */
import {
  CREDENTIAL_ALG,
  CREDIT_CODE_TYP,
  CreditClaims,
  MIN_STATUS_LIST_ENTRIES,
  STATUS_LIST_TYP,
  StatusListClaims,
  encodeBitstring,
  type JSONWebKeySet,
  type JWK,
} from '@mashang/sdk/credential';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';

/** An Ed25519 signing key as the platform stores it. `kid` is the key's RFC 7638 thumbprint. */
export interface SigningKey {
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
  kid: string;
  /** Private JWK (`kty` OKP, `crv` Ed25519, `x`, `d`, `kid`, `alg`, `use`). Keep it secret. */
  privateJwk: JWK;
  /** Public JWK, as published in the JWKS. */
  publicJwk: JWK;
  /** When the key was made, RFC 3339 UTC. */
  createdAt: string;
}

/** What {@link signCreditCredential} signs: the credit-code claims, `iat` defaulting to now. */
export type CreditCredentialInput = Omit<CreditClaims, 'iat'> & { iat?: number };

/** Options of {@link signStatusList}. */
export interface SignStatusListInput {
  /** The bitstring, at least 16 KiB (see `createBitstring`). */
  bits: Uint8Array;
  /** Issuer: the platform's base URL, the same as in the credentials. */
  issuer: string;
  /** The stable URL the list is published at; the token's `sub`. */
  url: string;
  /** Key to sign with. */
  key: Pick<SigningKey, 'kid' | 'privateJwk'>;
  /**
   * Lifetime: the token's `exp` is `iat + ttlSeconds` and `statusList.ttl` is the same in ms.
   * @default 600
   */
  ttlSeconds?: number;
  /**
   * What a set bit means.
   * @default 'revocation'
   */
  purpose?: 'revocation' | 'suspension';
  /**
   * Signing time.
   * @default new Date()
   */
  now?: Date;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'kid', 'alg', 'use'] as const;

function publicPart(jwk: JWK, kid: string): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: CREDENTIAL_ALG, use: 'sig' };
}

/**
 * Generates an Ed25519 key pair for signing credit codes and status lists, with `kid` = RFC 7638
 * thumbprint of the public key. Persisting it is the caller's job.
 *
 * @example
 * ```ts
 * const key = await generateSigningKey();
 * store.save(key.kid, key.privateJwk, key.createdAt);
 * ```
 */
export async function generateSigningKey(now: Date = new Date()): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(CREDENTIAL_ALG, { crv: 'Ed25519', extractable: true });
  return importSigningKey(await exportJWK(privateKey), { createdAt: now });
}

/**
 * Rebuilds a {@link SigningKey} from a stored private Ed25519 JWK (needs `x` and `d`): recomputes
 * `kid` and the public JWK, and checks that `x` belongs to `d` by signing and verifying once.
 *
 * @example
 * ```ts
 * const key = await importSigningKey(JSON.parse(row.private_jwk), { createdAt: row.created_at });
 * ```
 */
export async function importSigningKey(
  privateJwk: JWK,
  { createdAt = new Date() }: { createdAt?: Date | string } = {},
): Promise<SigningKey> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.x !== 'string' || typeof privateJwk.d !== 'string') {
    throw new TypeError('a signing key must be a private Ed25519 JWK: { kty: "OKP", crv: "Ed25519", x, d }');
  }
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x }, 'sha256');
  const publicJwk = publicPart(privateJwk, kid);
  const key: SigningKey = {
    kid,
    privateJwk: { ...publicJwk, d: privateJwk.d },
    publicJwk,
    createdAt: new Date(createdAt).toISOString(),
  };
  try {
    // Some WebCrypto implementations check x against d on import, others do not: sign once to know.
    const probe = await new SignJWT({}).setProtectedHeader({ alg: CREDENTIAL_ALG }).sign(await privateKeyOf(key.privateJwk));
    await jwtVerify(probe, await importJWK(publicJwk, CREDENTIAL_ALG));
  } catch (cause) {
    throw new TypeError('the JWK\'s public part "x" does not belong to its private part "d", or "d" is not an Ed25519 key', { cause });
  }
  return key;
}

/**
 * The JWKS to publish at `/.well-known/jwks.json`: the public part of each key (only `kty`, `crv`,
 * `x`, `kid`, `alg`, `use`; never `d`). List the current key and every retired key whose
 * credentials have not expired, so rotation does not invalidate issued codes.
 *
 * @example
 * ```ts
 * app.get('/.well-known/jwks.json', (c) => c.json(publicJwks([current, previous])));
 * ```
 */
export function publicJwks(keys: Iterable<Pick<SigningKey, 'publicJwk'>>): JSONWebKeySet {
  const seen = new Set<string>();
  const out: JWK[] = [];
  for (const { publicJwk } of keys) {
    if (typeof publicJwk.kid !== 'string' || seen.has(publicJwk.kid)) continue;
    seen.add(publicJwk.kid);
    const jwk: JWK = {};
    for (const member of PUBLIC_MEMBERS) if (publicJwk[member] !== undefined) jwk[member] = publicJwk[member];
    out.push(jwk);
  }
  return { keys: out };
}

const importedKeys = new WeakMap<JWK, Promise<CryptoKey>>();

function privateKeyOf(jwk: JWK): Promise<CryptoKey> {
  let key = importedKeys.get(jwk);
  if (!key) {
    key = importJWK(jwk, CREDENTIAL_ALG) as Promise<CryptoKey>;
    importedKeys.set(jwk, key);
  }
  return key;
}

function describe(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

// End of a `YYYY-MM-DD` day in China Standard Time (UTC+8, no daylight saving), in seconds.
function endOfChinaDay(date: string): number {
  return Date.parse(`${date}T23:59:59+08:00`) / 1000;
}

/**
 * Signs a credit code: a compact JWS with protected header
 * `{ alg: 'EdDSA', typ: 'mashang-credit+jwt', kid }` over the claims, serialised in the fixed order
 * `iss, sub, jti, iat, nbf?, exp, credit{uscc, name, grade, score?, validUntil?, status{list, index}}`
 * (so a given key and claims always give the same token). Throws a `TypeError` naming the claim
 * when the claims are invalid, or when `exp` is not after `iat`/`nbf` or outlives the grade's
 * `validUntil` day (China Standard Time).
 *
 * @example
 * ```ts
 * const jws = await signCreditCredential({
 *   iss: 'https://mashang.example', sub: 'mch_01KRTAKFG0K068SY1MCSGTPNE9', jti: 'cc_01KSR492002CCB8AP6XSGJT3RW',
 *   exp: Math.floor(Date.now() / 1000) + 180 * 86400,
 *   credit: { uscc: '91330502MA2B3C4D5X', name: '湖州市吴兴区老街面馆有限公司', grade: 'A',
 *             status: { list: 'https://mashang.example/credit/status/1', index: 94567 } },
 * }, key);
 * const qr = creditCodeUrl('https://mashang.example', jws);
 * ```
 */
export async function signCreditCredential(
  claims: CreditCredentialInput,
  key: Pick<SigningKey, 'kid' | 'privateJwk'>,
  { now = new Date() }: { now?: Date } = {},
): Promise<string> {
  const { credit } = claims;
  const payload = {
    iss: claims.iss,
    sub: claims.sub,
    jti: claims.jti,
    iat: claims.iat ?? Math.floor(now.getTime() / 1000),
    ...(claims.nbf === undefined ? {} : { nbf: claims.nbf }),
    exp: claims.exp,
    credit: credit && {
      uscc: credit.uscc,
      name: credit.name,
      grade: credit.grade,
      ...(credit.score === undefined ? {} : { score: credit.score }),
      ...(credit.validUntil === undefined ? {} : { validUntil: credit.validUntil }),
      status: credit.status && { list: credit.status.list, index: credit.status.index },
    },
  };
  const parsed = CreditClaims.safeParse(payload);
  if (!parsed.success) throw new TypeError(`invalid credit-code claims: ${describe(parsed.error.issues)}`);
  if (payload.exp <= Math.max(payload.iat, payload.nbf ?? 0)) {
    throw new TypeError(`exp (${payload.exp}) must be after iat (${payload.iat}) and nbf`);
  }
  if (credit.validUntil !== undefined && payload.exp > endOfChinaDay(credit.validUntil)) {
    throw new TypeError(
      `exp (${payload.exp}) must not be after the end of the grade's validUntil day ${credit.validUntil} ` +
        `(${endOfChinaDay(credit.validUntil)} in China Standard Time): a credential must not outlive its grade`,
    );
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: CREDENTIAL_ALG, typ: CREDIT_CODE_TYP, kid: key.kid })
    .sign(await privateKeyOf(key.privateJwk));
}

/**
 * Signs a revocation status list: a compact JWS (`typ` `mashang-status-list+jwt`) with claims
 * `{ iss, sub: url, iat, exp: iat + ttlSeconds, statusList: { purpose, encodedList, ttl } }`,
 * `encodedList` being `u` + base64url(GZIP(bits)) and `ttl` in milliseconds. Serve it at `url`.
 *
 * @example
 * ```ts
 * const bits = createBitstring();
 * setBit(bits, 94567);
 * const token = await signStatusList({
 *   bits, issuer: 'https://mashang.example', url: 'https://mashang.example/credit/status/1', key,
 * });
 * ```
 */
export async function signStatusList(input: SignStatusListInput): Promise<string> {
  const { bits, issuer, url, key, ttlSeconds = 600, purpose = 'revocation', now = new Date() } = input;
  if (!(bits instanceof Uint8Array) || bits.length * 8 < MIN_STATUS_LIST_ENTRIES) {
    throw new RangeError(`a status list needs at least ${MIN_STATUS_LIST_ENTRIES} entries (${MIN_STATUS_LIST_ENTRIES / 8} bytes)`);
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`);
  }
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    iss: issuer,
    sub: url,
    iat,
    exp: iat + ttlSeconds,
    statusList: { purpose, encodedList: await encodeBitstring(bits), ttl: ttlSeconds * 1000 },
  };
  const parsed = StatusListClaims.safeParse(payload);
  if (!parsed.success) throw new TypeError(`invalid status-list claims: ${describe(parsed.error.issues)}`);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: CREDENTIAL_ALG, typ: STATUS_LIST_TYP, kid: key.kid })
    .sign(await privateKeyOf(key.privateJwk));
}
