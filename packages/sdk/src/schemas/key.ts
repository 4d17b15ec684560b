/** @module API keys and ISV accounts. */
import * as z from 'zod/mini';
import { Timestamp } from './common.js';

/** `secret` keys (`sk_…`) are for servers; `publishable` keys (`pk_…`) may appear in web pages. @category Schemas */
export const ApiKeyType = z.enum(['secret', 'publishable']);
export type ApiKeyType = z.infer<typeof ApiKeyType>;

/** An API key. `secret` holds the full key only in the answer that created it. @category Schemas */
export const ApiKey = z.object({
  id: z.string(),
  object: z.literal('api_key'),
  type: ApiKeyType,
  isv_id: z.nullable(z.string()),
  merchant_id: z.nullable(z.string()),
  /** First characters of the key, to recognise it in lists. */
  prefix: z.string(),
  /** The full key; present once, when created. Store it: the platform keeps only a hash. */
  secret: z.optional(z.string()),
  created: Timestamp,
  revoked: z.nullable(Timestamp),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** Body of `POST /v1/merchants/{id}/keys`. @category Schemas */
export const ApiKeyCreateParams = z.strictObject({ type: ApiKeyType });
export type ApiKeyCreateParams = z.input<typeof ApiKeyCreateParams>;

/** An ISV (服务商) account. @category Schemas */
export const Isv = z.object({
  id: z.string(),
  object: z.literal('isv'),
  name: z.string(),
  created: Timestamp,
  /** The ISV's first secret key; present once, when created. */
  secret_key: z.optional(z.string()),
});
export type Isv = z.infer<typeof Isv>;

/** Body of `POST /v1/isvs` (operator only). @category Schemas */
export const IsvCreateParams = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
});
export type IsvCreateParams = z.input<typeof IsvCreateParams>;

/** Answer of `GET /healthz`. @category Schemas */
export const Health = z.object({ status: z.literal('ok'), version: z.string(), storage: z.string() });
export type Health = z.infer<typeof Health>;
