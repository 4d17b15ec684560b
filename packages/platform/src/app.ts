/** @module Assembles the platform: storage, middleware, every capability's routes. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { PlatformConfig } from './config.js';
import type { AppEnv, Platform, Stop } from './context.js';
import { openDb, type Db } from './db/index.js';
import { HttpError } from './errors.js';
import { accessLog } from './middleware/access-log.js';
import { authenticate } from './middleware/authenticate.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { RouteRegistry, router } from './route.js';
import { CAPABILITIES } from './capabilities.js';
import { ensureOperatorKey } from './store/accounts.js';

/** A capability adds its routes (and may start background work) here. */
export type Capability = (route: ReturnType<typeof router>, platform: Platform, app: Hono<AppEnv>) => void | Promise<void>;

function createBus(log: (entry: Record<string, unknown>) => void): Platform['bus'] {
  const listeners = new Map<string, ((payload: Record<string, unknown>) => void | Promise<void>)[]>();
  return {
    on(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    async emit(type, payload) {
      for (const listener of listeners.get(type) ?? []) {
        try {
          await listener(payload);
        } catch (error) {
          log({ level: 'error', msg: 'bus listener failed', type, error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
  };
}

/** A platform with its Hono app. */
export interface PlatformApp {
  platform: Platform;
  app: Hono<AppEnv>;
}

/** Options of {@link createPlatform}. */
export interface CreatePlatformOptions {
  /** Use this database instead of opening the configured one. */
  db?: Db;
  /** Extra capabilities (examples mount the shop's server piece this way). */
  extra?: Capability[];
}

/** Opens storage, applies migrations and builds the app. Call `platform.close()` when done. */
export async function createPlatform(config: PlatformConfig, options: CreatePlatformOptions = {}): Promise<PlatformApp> {
  const db = options.db ?? (await openDb(config));
  if (config.operatorKey) await ensureOperatorKey(db, config.operatorKey);
  const stops: Stop[] = [];
  let listeningUrl = `http://${config.host}:${config.port}`;
  const registry = new RouteRegistry();
  const platform: Platform = {
    config,
    db,
    routes: registry,
    bus: createBus(config.log),
    publicUrl: () => config.publicUrl ?? listeningUrl,
    setListeningUrl(url) {
      listeningUrl = url;
    },
    onClose(stop) {
      stops.push(stop);
    },
    log: config.log,
    async close() {
      for (const stop of stops.splice(0).reverse()) await stop();
      if (!options.db) await db.close();
    },
  };

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('platform', platform);
    await next();
  });
  app.use(requestId());
  app.use(accessLog());
  app.use(
    '/v1/*',
    cors({
      origin: '*',
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Mashang-Merchant'],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
      exposeHeaders: ['Request-Id', 'Retry-After', 'Idempotent-Replayed'],
      maxAge: 600,
    }),
  );
  app.use(authenticate());
  app.use(rateLimit({ perSecond: config.rateLimit }));

  app.onError((error, c) => {
    const requestId = c.var.requestId ?? 'req_unknown';
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body(requestId), error.status as 400);
    }
    platform.log({ level: 'error', msg: 'unhandled error', request_id: requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return c.json(new HttpError('api_error', 'internal_error', 'Something went wrong on our side; it has been logged. Retry later.').body(requestId), 500);
  });
  app.notFound((c) =>
    c.json(new HttpError('not_found', 'route_missing', `No route ${c.req.method} ${c.req.path}. See /openapi.json for every route.`).body(c.var.requestId), 404),
  );

  const route = router(app, registry);
  for (const capability of [...CAPABILITIES, ...(options.extra ?? [])]) await capability(route, platform, app);
  return { platform, app };
}
