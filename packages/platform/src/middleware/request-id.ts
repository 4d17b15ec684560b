/** @module Gives every request an id (`Request-Id` header, in error bodies and logs). */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { randomToken } from '../internal/ids.js';

/** Sets `c.var.requestId` and the `Request-Id` response header. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const id = `req_${randomToken(20)}`;
    c.set('requestId', id);
    c.header('Request-Id', id);
    await next();
  };
}
