/** @module Numbered SQL migrations (`migrations/NNNN_name.sql`), applied in order at start-up. */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/** The folder holding the `.sql` files, beside `src/` and `dist/`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Applies every migration not yet recorded in `schema_migrations`; returns the ones applied. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  await db.exec('create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())');
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // Several servers may start at once against one PostgreSQL: one migrates, the others wait.
    if (tx.driver === 'postgres') await tx.query('select pg_advisory_xact_lock(7261)');
    const done = new Set((await tx.query<{ version: string }>('select version from schema_migrations')).rows.map((r) => r.version));
    for (const file of files) {
      const version = file.slice(0, -4);
      if (done.has(version)) continue;
      await tx.exec(await readFile(new URL(file, `file://${dir.endsWith('/') ? dir : `${dir}/`}`), 'utf8'));
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      applied.push(version);
    }
  });
  return applied;
}
