/** @module One log line per request: method, path (no query, no body), status, duration. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

/** Logs after the response is produced. Bodies and query strings are never logged. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    c.var.platform.log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      request_id: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
