/** @module Platform configuration, read from the environment. */
import { resolve } from 'node:path';

/** Everything the platform needs to start. */
export interface PlatformConfig {
  /** TCP port; 0 picks a free one. @default 8080 */
  port: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host: string;
  /** Where PGlite data, signing keys and the sandbox key file live. @default '.mashang' */
  dataDir: string;
  /** Keep everything in memory (tests). Ignores `dataDir` for storage. @default false */
  memory: boolean;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl: string | undefined;
  /** Public origin used in QR payloads and links, e.g. `https://pay.example.cn`. Defaults to the listening address. */
  publicUrl: string | undefined;
  /** The operator key (`ok_…`); when unset the sandbox seed generates one. */
  operatorKey: string | undefined;
  /** 32-byte data-encryption key, base64 (`MASHANG_DATA_KEY`); generated into `dataDir` for the sandbox. */
  dataKey: string | undefined;
  /** Requests per second allowed per API key (or per client address without a key); bursts up to twice that. @default 50 */
  rateLimit: number;
  /** Largest JSON body accepted, in bytes. @default 1048576 */
  bodyLimit: number;
  /** Sandbox behaviours (auto-review, wallet page) on. @default true */
  sandbox: boolean;
  /** Where log lines go. @default one JSON line per entry on stdout */
  log: (entry: Record<string, unknown>) => void;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/** Writes one JSON log line to stdout. */
export function jsonLog(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
}

/** Reads the configuration from `env` (normally `process.env`), with the documented defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    port: int(env['PORT'], 8080, 'PORT'),
    host: env['HOST'] || '127.0.0.1',
    dataDir: resolve(env['MASHANG_DATA_DIR'] || '.mashang'),
    memory: false,
    databaseUrl: env['DATABASE_URL'] || undefined,
    publicUrl: env['MASHANG_PUBLIC_URL']?.replace(/\/$/, '') || undefined,
    operatorKey: env['MASHANG_OPERATOR_KEY'] || undefined,
    dataKey: env['MASHANG_DATA_KEY'] || undefined,
    rateLimit: int(env['MASHANG_RATE_LIMIT'], 50, 'MASHANG_RATE_LIMIT'),
    bodyLimit: int(env['MASHANG_BODY_LIMIT'], 1024 * 1024, 'MASHANG_BODY_LIMIT'),
    sandbox: env['MASHANG_SANDBOX'] !== '0',
    log: jsonLog,
    ...overrides,
  };
}
