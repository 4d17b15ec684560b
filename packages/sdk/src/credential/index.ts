/** Signed, offline-verifiable credit codes (信用码): verification, status lists, key sets. @module */

// A credit code is a compact JWS (EdDSA / Ed25519, typ `mashang-credit+jwt`, kid = RFC 7638
// thumbprint) carried in a QR as `https://<platform>/c/<jws>`; revocation uses a signed W3C-style
// bitstring status list. Nothing here depends on the SDK's HTTP client, so it tree-shakes apart.
export {
  CREDENTIAL_ALG,
  CREDIT_CODE_TYP,
  CREDIT_GRADES,
  CreditClaims,
  CreditInfo,
  CreditStatusRef,
  MIN_STATUS_LIST_ENTRIES,
  STATUS_LIST_TYP,
  STATUS_PURPOSES,
  StatusListClaims,
  StatusListInfo,
  type CreditGrade,
} from './claims.js';
export { MAX_BITSTRING_BYTES, decodeBitstring, encodeBitstring, getBit } from './bitstring.js';
export { memoryCache, storageCache, type CacheEntry, type CredentialCache, type KeyValueStorage } from './cache.js';
export { CredentialError, isCredentialError, type CredentialErrorCode } from './errors.js';
export {
  DEFAULT_JWKS_MAX_AGE,
  fetchJwks,
  fetchStatusList,
  type FetchCachedOptions,
  type FetchStatusListOptions,
} from './fetch.js';
export { decodeStatusList, type DecodeStatusListOptions, type StatusList, type StatusPurpose } from './status-list.js';
export { isEd25519Supported } from './support.js';
export { MAX_TOKEN_LENGTH, creditCodeUrl, extractCreditToken } from './token.js';
export {
  verifyCreditCode,
  type CreditCodeFailure,
  type StatusCheck,
  type StatusListSource,
  type VerifyCreditCodeOptions,
  type VerifyCreditCodeResult,
} from './verify.js';
export type { JSONWebKeySet, JWK } from 'jose';
