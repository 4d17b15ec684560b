/** @module Validation of values against zod/mini schemas with SDK errors. */
import type * as z from 'zod/mini';
import { ValidationError } from '../errors/transport-errors.js';

/** Parses `value` with `schema` or throws a {@link ValidationError} naming every bad field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    what,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}
