/** @module Credit ratings and credit codes (信用码): grades, their basis, and signed credentials. */
import * as z from 'zod/mini';
import { Timestamp, prefixedId } from './common.js';

/**
 * A credit grade, best first:
 * - `A` 诚信优秀 / Excellent: no adverse record, licence verified, complaints resolved;
 * - `B` 诚信良好 / Good: no serious adverse record (the default for a newly approved sandbox merchant);
 * - `C` 需要关注 / Fair: adverse records under correction (abnormal operation list, repeated complaints);
 * - `D` 诚信较差 / Poor: serious dishonesty, major penalties or a failed inspection not corrected.
 * @category Schemas
 */
export const CreditGrade = z.enum(['A', 'B', 'C', 'D'], 'must be one of "A", "B", "C", "D" (A best, D worst)');
export type CreditGrade = z.infer<typeof CreditGrade>;

/**
 * The documented reasons a grade can rest on (its `basis`). In production they come from
 * market-regulation credit data; the operator records which applied.
 * @category Schemas
 */
export const CREDIT_BASIS_REASONS = [
  /** 新入驻默认等级: no assessment yet; the platform's default for a newly approved merchant. */
  'new_merchant_default',
  /** 营业执照核验通过: the business licence and USCC were verified against the register. */
  'licence_verified',
  /** 无不良记录: no adverse record in the assessment period. */
  'no_adverse_records',
  /** 消费投诉及时处理: consumer complaints were resolved in time. */
  'complaints_resolved',
  /** 消费投诉较多: repeated or unresolved consumer complaints. */
  'consumer_complaints',
  /** 列入经营异常名录: on the register of abnormal business operations. */
  'abnormal_operation_list',
  /** 行政处罚: an administrative penalty in the assessment period. */
  'administrative_penalty',
  /** 产品或食品抽检不合格: failed a product or food-safety spot check. */
  'inspection_failed',
  /** 纳税信用等级: the national tax-credit grade was taken into account. */
  'tax_credit_grade',
  /** 列入严重违法失信名单: on the list of seriously dishonest entities. */
  'serious_dishonesty_list',
  /** 信用修复完成: credit repair was completed after an earlier adverse record. */
  'credit_repaired',
] as const;

/** One reason a grade rests on; see {@link CREDIT_BASIS_REASONS}. @category Schemas */
export const CreditBasisReason = z.enum(CREDIT_BASIS_REASONS, `must be one of the documented reasons: ${CREDIT_BASIS_REASONS.join(', ')}`);
export type CreditBasisReason = z.infer<typeof CreditBasisReason>;

/** Where a rating came from: recorded by the operator, or the platform's default on approval. @category Schemas */
export const CreditRatingSource = z.enum(['operator', 'default']);
export type CreditRatingSource = z.infer<typeof CreditRatingSource>;

/** A calendar date `YYYY-MM-DD`. */
const DateOnly = z.string().check(
  z.refine((value) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === value;
  }, 'must be a calendar date YYYY-MM-DD'),
);

/** A merchant's credit rating (信用评级). Ratings are never edited: a new one supersedes the last. @category Schemas */
export const CreditRating = z.object({
  id: z.string(),
  object: z.literal('credit_rating'),
  merchant: z.string(),
  grade: CreditGrade,
  /** Score behind the grade (0–100), when the grading scheme has one. */
  score: z.nullable(z.number()),
  /** The documented reasons the grade rests on. */
  basis: z.array(CreditBasisReason),
  /** Last day (China Standard Time) the grade is valid. Credit codes never outlive it. */
  valid_until: z.string(),
  source: CreditRatingSource,
  /** Free-text note for the record (not shown to consumers). */
  note: z.nullable(z.string()),
  /** True for the merchant's newest rating. */
  current: z.boolean(),
  created: Timestamp,
});
export type CreditRating = z.infer<typeof CreditRating>;

/** Body of `POST /v1/credit-ratings` (operator). @category Schemas */
export const CreditRatingCreateParams = z.strictObject({
  /** The merchant rated, `mch_…`. */
  merchant: prefixedId('mch'),
  grade: CreditGrade,
  /** 0–100, optional. */
  score: z.optional(z.number().check(z.minimum(0, 'must be between 0 and 100'), z.maximum(100, 'must be between 0 and 100'))),
  /** At least one documented reason, each at most once. */
  basis: z
    .array(CreditBasisReason)
    .check(
      z.minLength(1, 'must list at least one documented reason'),
      z.refine((list) => new Set(list).size === list.length, 'must not repeat a reason'),
    ),
  /** Last day the grade is valid, `YYYY-MM-DD`, today or later (China Standard Time). */
  valid_until: DateOnly,
  note: z.optional(z.string().check(z.maxLength(500, 'must be at most 500 characters'))),
});
export type CreditRatingCreateParams = z.input<typeof CreditRatingCreateParams>;

/** Query of `GET /v1/credit-ratings`. @category Schemas */
export const CreditRatingListParams = z.strictObject({
  /** Only this merchant's ratings. Required for ISV and merchant keys' own merchants; optional for the operator. */
  merchant: z.optional(prefixedId('mch')),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type CreditRatingListParams = z.input<typeof CreditRatingListParams>;

/** State of a credit code as the platform knows it. @category Schemas */
export const CreditCodeStatus = z.enum(['active', 'expired', 'revoked']);
export type CreditCodeStatus = z.infer<typeof CreditCodeStatus>;

/** Why a credit code was revoked. @category Schemas */
export const CreditRevocationReason = z.enum(
  ['grade_changed', 'rating_withdrawn', 'merchant_suspended', 'key_compromise', 'issued_in_error', 'other'],
  'must be one of grade_changed, rating_withdrawn, merchant_suspended, key_compromise, issued_in_error, other',
);
export type CreditRevocationReason = z.infer<typeof CreditRevocationReason>;

/**
 * A credit code: the signed credential (`token`, a compact JWS) and the URL its QR encodes.
 * Anyone can verify `token` offline against `/.well-known/jwks.json` (see `@mashang/sdk/credential`).
 * @category Schemas
 */
export const CreditCode = z.object({
  id: z.string(),
  object: z.literal('credit_code'),
  merchant: z.string(),
  /** The rating it certifies. */
  rating: z.string(),
  grade: CreditGrade,
  /** Registered name and USCC as certified. */
  name: z.string(),
  uscc: z.string(),
  /** The compact JWS (EdDSA, `typ: mashang-credit+jwt`). */
  token: z.string(),
  /** What the QR encodes: `https://<platform>/c/<token>`. */
  url: z.string(),
  /** Signing key id (RFC 7638 thumbprint). */
  kid: z.string(),
  /** The status list holding its revocation bit, and the bit. */
  status_list: z.string(),
  status_index: z.number(),
  status: CreditCodeStatus,
  issued: Timestamp,
  expires: Timestamp,
  revoked: z.nullable(Timestamp),
  revocation_reason: z.nullable(CreditRevocationReason),
});
export type CreditCode = z.infer<typeof CreditCode>;

/** Body of `POST /v1/credit-codes` (merchant). @category Schemas */
export const CreditCodeCreateParams = z.strictObject({
  /**
   * Lifetime in days, 1–90; capped by the grade's `valid_until`.
   * @default 30
   */
  expires_in_days: z.optional(z.int('must be an integer number of days').check(z.minimum(1, 'must be between 1 and 90'), z.maximum(90, 'must be between 1 and 90'))),
});
export type CreditCodeCreateParams = z.input<typeof CreditCodeCreateParams>;

/** Body of `POST /v1/credit-codes/{id}/revoke` (operator). @category Schemas */
export const CreditCodeRevokeParams = z.strictObject({
  reason: CreditRevocationReason,
});
export type CreditCodeRevokeParams = z.input<typeof CreditCodeRevokeParams>;

/** Path parameter `{id}` of credit-code routes. @category Schemas */
export const CreditCodeId = prefixedId('cc');

/** Path parameter `{id}` of credit-rating routes. @category Schemas */
export const CreditRatingId = prefixedId('crt');

/** One public key of `/.well-known/jwks.json` (an Ed25519 OKP JWK, RFC 8037). @category Schemas */
export const PublicJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export type PublicJwk = z.infer<typeof PublicJwk>;

/** The key set that verifies credit codes and status lists: the current key first, then retired keys still in use. @category Schemas */
export const PublicJwks = z.object({ keys: z.array(PublicJwk) });
export type PublicJwks = z.infer<typeof PublicJwks>;

/** Query of `GET /v1/credit-codes`. @category Schemas */
export const CreditCodeListParams = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type CreditCodeListParams = z.input<typeof CreditCodeListParams>;
