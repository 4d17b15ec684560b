/**
 * The Mashang reference platform: HTTP API, storage, review workflow, signing keys,
 * GS1 resolver and webhooks.
 * @packageDocumentation
 */
export { createPlatform, type Capability, type CreatePlatformOptions, type PlatformApp } from './app.js';
export { startPlatform, type RunningPlatform } from './server.js';
export { loadConfig, jsonLog, type PlatformConfig } from './config.js';
export { openDb, migrate, type Db, type QueryResult } from './db/index.js';
export { seedSandbox, type SandboxKeys } from './seed.js';
export type { Platform, Principal, AppEnv } from './context.js';
export { HttpError } from './errors.js';
