/** @module Types shared by the app, its middleware and routes. */
import type { PlatformConfig } from './config.js';
import type { Db } from './db/index.js';
import type { RouteRegistry } from './route.js';

/** Who is calling, as established from the `Authorization` header. */
export type Principal =
  | { kind: 'operator'; keyId: string }
  | { kind: 'isv'; keyId: string; isvId: string }
  | { kind: 'merchant'; keyId: string; isvId: string; merchantId: string }
  | { kind: 'publishable'; keyId: string; isvId: string; merchantId: string }
  | { kind: 'client_secret'; keyId: string; objectId: string; merchantId: string | null };

/** A background task started with the platform and stopped with it. */
export type Stop = () => void | Promise<void>;

/**
 * In-process notifications between capabilities (onboarding approves a merchant → credit
 * assigns a default grade, …). Webhooks to the outside are separate (`webhooks/`).
 * Listeners run after the emitting transaction committed; a failing listener is logged, not rethrown.
 */
export interface Bus {
  on(type: string, listener: (payload: Record<string, unknown>) => void | Promise<void>): void;
  emit(type: string, payload: Record<string, unknown>): Promise<void>;
}

/** The running platform: configuration, storage and shared services. */
export interface Platform {
  /** In-process events between capabilities. */
  readonly bus: Bus;
  readonly config: PlatformConfig;
  readonly db: Db;
  readonly routes: RouteRegistry;
  /** The public origin: `MASHANG_PUBLIC_URL`, or the address the server listens on. */
  publicUrl(): string;
  /** Sets the listening address once the server is up (port 0 in tests). */
  setListeningUrl(url: string): void;
  /** Registers cleanup to run on {@link Platform.close}. */
  onClose(stop: Stop): void;
  /** Log with the configured logger. */
  log(entry: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Hono environment of every handler. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal | null;
    platform: Platform;
  };
}
