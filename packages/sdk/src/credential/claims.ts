/** Claim schemas, header constants and limits of Mashang signed credit codes and status lists. @module */
import * as z from 'zod/mini';

/** JWS `alg` of every Mashang credential and status list: EdDSA over Ed25519 (RFC 8037). */
export const CREDENTIAL_ALG = 'EdDSA';

/**
 * JWS `typ` of a credit code (explicit typing, RFC 8725 §3.11). It keeps a credit code from being
 * accepted where a status list is expected and the other way round.
 */
export const CREDIT_CODE_TYP = 'mashang-credit+jwt';

/** JWS `typ` of a signed status list. */
export const STATUS_LIST_TYP = 'mashang-status-list+jwt';

/**
 * Fewest entries a status list may have: 16 KiB of bits (W3C Bitstring Status List §6.1), so a
 * list reveals little about which credential a verifier is checking.
 */
export const MIN_STATUS_LIST_ENTRIES = 131_072;

/** Credit grades, best first. */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;

/** A credit grade: `A` best, `D` worst. */
export type CreditGrade = (typeof CREDIT_GRADES)[number];

// GB 32100-2015 character set (no I, O, Z, S, V); the check character is the issuer's concern.
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

const httpUrl = () => z.url({ protocol: /^https?$/ });
const numericDate = () => z.int().check(z.nonnegative());

/** Where a credential's revocation bit lives: a status list URL and a bit index in it. */
export const CreditStatusRef = z.object({
  /** URL of the signed status list (the list token's `sub`). */
  list: httpUrl(),
  /** Index of this credential's bit; bit 0 is the left-most bit of the first byte. */
  index: z.int().check(z.nonnegative()),
});
/** Where a credential's revocation bit lives. */
export type CreditStatusRef = z.infer<typeof CreditStatusRef>;

/** The `credit` claim: what the credential says about the merchant. */
export const CreditInfo = z.object({
  /** Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters. */
  uscc: z.string().check(z.regex(USCC, 'uscc must be 18 characters of the GB 32100-2015 set')),
  /** Registered name of the business as on its licence. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Credit grade. */
  grade: z.enum(CREDIT_GRADES),
  /** Score behind the grade (0–100), when the grading scheme has one. */
  score: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  /**
   * Last calendar day (China Standard Time) the grade is valid, `YYYY-MM-DD`. Informational: the
   * verifier enforces `exp`, which the issuer sets no later than the end of this day.
   */
  validUntil: z.optional(z.string().check(z.refine(isIsoDate, 'validUntil must be a date YYYY-MM-DD'))),
  /** Revocation entry. */
  status: CreditStatusRef,
});
/** The `credit` claim. */
export type CreditInfo = z.infer<typeof CreditInfo>;

/** The claims of a credit code (JWT claims set). Times are NumericDate: seconds since the epoch. */
export const CreditClaims = z.object({
  /** Issuer: the platform's base URL, e.g. `https://mashang.example`. */
  iss: httpUrl(),
  /** Merchant id, `mch_…`. */
  sub: z.string().check(z.regex(/^mch_[0-9A-Za-z]{8,40}$/, 'sub must be a merchant id mch_…')),
  /** Credential id, `cc_…`. */
  jti: z.string().check(z.regex(/^cc_[0-9A-Za-z]{8,40}$/, 'jti must be a credential id cc_…')),
  /** Issued at. */
  iat: numericDate(),
  /** Not before; absent means valid from `iat`. */
  nbf: z.optional(numericDate()),
  /** Expiry. */
  exp: numericDate(),
  /** What the credential certifies. */
  credit: CreditInfo,
});
/** The claims of a credit code. */
export type CreditClaims = z.infer<typeof CreditClaims>;

/** Status purposes of W3C Bitstring Status List that Mashang lists may carry. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;

/** The `statusList` claim of a status-list token (W3C `BitstringStatusList` subject, reduced). */
export const StatusListInfo = z.object({
  /** What a set bit means. Credit codes use `revocation`. */
  purpose: z.enum(STATUS_PURPOSES),
  /** Multibase base64url (`u` prefix, no padding) of the GZIP-compressed bitstring. */
  encodedList: z.string().check(z.regex(/^u[A-Za-z0-9_-]+$/, 'encodedList must be multibase base64url (u…)')),
  /** Cache lifetime hint in milliseconds. */
  ttl: z.optional(z.int().check(z.nonnegative())),
});
/** The `statusList` claim. */
export type StatusListInfo = z.infer<typeof StatusListInfo>;

/** The claims of a signed status list. */
export const StatusListClaims = z.object({
  /** Issuer: the platform's base URL. */
  iss: httpUrl(),
  /** The URL this list is published at; credentials point here with `credit.status.list`. */
  sub: httpUrl(),
  /** Issued at. */
  iat: numericDate(),
  /** Expiry: a verifier should fetch a fresh list after this, but may use a stale one offline. */
  exp: numericDate(),
  /** The list. */
  statusList: StatusListInfo,
});
/** The claims of a signed status list. */
export type StatusListClaims = z.infer<typeof StatusListClaims>;
