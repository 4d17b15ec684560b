/** @module Opens the configured database and brings its schema up to date. */
import { join } from 'node:path';
import type { PlatformConfig } from '../config.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export type { Db, QueryResult } from './db.js';
export { migrate } from './migrate.js';

/** PostgreSQL when `databaseUrl` is set; otherwise PGlite in `dataDir/pgdata` (or memory). */
export async function openDb(config: Pick<PlatformConfig, 'databaseUrl' | 'dataDir' | 'memory'>, { runMigrations = true } = {}): Promise<Db> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl)
    : await openPglite(config.memory ? undefined : join(config.dataDir, 'pgdata'));
  if (runMigrations) await migrate(db);
  return db;
}
