/** @module Shapes shared by every resource: ids, timestamps, metadata, lists and the error body. */
import * as z from 'zod/mini';

/** An RFC 3339 UTC timestamp, e.g. `2026-11-22T08:30:00.000Z`. @category Schemas */
export const Timestamp = z.string();
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * Free-form key/value pairs kept with an object (≤ 20 keys, keys ≤ 40 chars, values ≤ 500 chars).
 * @category Schemas
 */
export const Metadata = z
  .record(z.string().check(z.minLength(1), z.maxLength(40)), z.string().check(z.maxLength(500)))
  .check(z.refine((m) => Object.keys(m).length <= 20, 'metadata may hold at most 20 keys'));
export type Metadata = z.infer<typeof Metadata>;

/** A prefixed object id such as `mch_…`. @category Schemas */
export function prefixedId<P extends string>(prefix: P) {
  return z.string().check(z.regex(new RegExp(`^${prefix}_[0-9a-zA-Z]{8,40}$`), `must be a ${prefix}_… id`));
}

/** Query parameters every list endpoint accepts. @category Schemas */
export const ListParams = z.strictObject({
  /** Page size, 1–100. @default 10 */
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** Return objects after this id (the last id of the previous page). */
  starting_after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type ListParams = z.input<typeof ListParams>;

/** One page of a list: `{ object: 'list', data, has_more }`. @category Schemas */
export function ListOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });
}
/** A page of `T`. @category Schemas */
export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

/** The `error.type` values. @category Schemas */
export const ErrorType = z.enum([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found',
  'conflict',
  'idempotency_error',
  'rate_limit_error',
  'api_error',
]);

/** The body of every error answer. @category Schemas */
export const ErrorBody = z.object({
  error: z.object({
    type: ErrorType,
    code: z.string(),
    message: z.string(),
    param: z.optional(z.string()),
    request_id: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `{ id, object, deleted: true }` returned by deletions. @category Schemas */
export const Deleted = z.object({ id: z.string(), object: z.string(), deleted: z.literal(true) });
export type Deleted = z.infer<typeof Deleted>;
