/** @module Merchants (商户) managed by an ISV (服务商). */
import * as z from 'zod/mini';
import { Metadata, Timestamp, prefixedId } from './common.js';
import { validateUscc } from '../uscc/index.js';

/** Lifecycle of a merchant: `pending` until onboarding is approved, then `active`. @category Schemas */
export const MerchantStatus = z.enum(['pending', 'active', 'suspended']);
export type MerchantStatus = z.infer<typeof MerchantStatus>;

/** A merchant as the API returns it. @category Schemas */
export const Merchant = z.object({
  id: z.string(),
  object: z.literal('merchant'),
  isv_id: z.string(),
  name: z.string(),
  short_name: z.nullable(z.string()),
  uscc: z.nullable(z.string()),
  contact_email: z.nullable(z.string()),
  status: MerchantStatus,
  metadata: Metadata,
  created: Timestamp,
  updated: Timestamp,
});
export type Merchant = z.infer<typeof Merchant>;

const Name = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));
const ShortName = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(20, 'must be at most 20 characters'));
const Uscc = z.string().check(
  z.superRefine((value, ctx) => {
    const result = validateUscc(value);
    if (!result.valid) ctx.addIssue({ code: 'custom', message: `must be a valid 统一社会信用代码: ${result.reason}`, input: value });
  }),
);
const Email = z.email('must be an email address');

/** Body of `POST /v1/merchants`. @category Schemas */
export const MerchantCreateParams = z.strictObject({
  /** Registered or trading name shown to customers. */
  name: Name,
  /** Short name (≤ 20 chars) for receipts and payment pages. */
  short_name: z.optional(ShortName),
  /** 统一社会信用代码, when already known; onboarding verifies it. */
  uscc: z.optional(Uscc),
  contact_email: z.optional(Email),
  metadata: z.optional(Metadata),
});
export type MerchantCreateParams = z.input<typeof MerchantCreateParams>;

/** Body of `POST /v1/merchants/{id}` (partial update). @category Schemas */
export const MerchantUpdateParams = z.strictObject({
  name: z.optional(Name),
  short_name: z.optional(z.nullable(ShortName)),
  contact_email: z.optional(z.nullable(Email)),
  metadata: z.optional(Metadata),
});
export type MerchantUpdateParams = z.input<typeof MerchantUpdateParams>;

/** Path parameter `{id}` of merchant routes. @category Schemas */
export const MerchantId = prefixedId('mch');
