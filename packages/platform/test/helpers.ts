/** @module Starts a real platform on 127.0.0.1:0 with PGlite in memory (or DATABASE_URL) for tests. */
import { loadConfig, startPlatform, seedSandbox, openDb, type PlatformConfig, type RunningPlatform, type SandboxKeys, type Capability } from '@mashang/platform';

export interface TestPlatform extends RunningPlatform {
  keys: SandboxKeys;
  /** Every log entry written while the platform ran. */
  logs: Record<string, unknown>[];
}

/**
 * A fresh platform with the sandbox seeded. Storage is PGlite in memory, or a fresh schema
 * in the PostgreSQL of `MASHANG_TEST_DATABASE_URL` (the PostgreSQL suite sets it).
 */
export async function startTestPlatform(overrides: Partial<PlatformConfig> = {}, extra: Capability[] = []): Promise<TestPlatform> {
  const logs: Record<string, unknown>[] = [];
  const pgUrl = process.env['MASHANG_TEST_DATABASE_URL'];
  let databaseUrl: string | undefined;
  if (pgUrl) {
    // One schema per test platform keeps tests independent on a shared server.
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await openDb({ databaseUrl: pgUrl, dataDir: '', memory: false }, { runMigrations: false });
    await admin.exec(`create schema ${schema}`);
    await admin.close();
    const u = new URL(pgUrl);
    u.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = u.toString();
  }
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      memory: true,
      databaseUrl,
      rateLimit: 0,
      dataDir: '/nonexistent-test-data-dir',
      log: (entry) => logs.push(entry),
      ...overrides,
    },
  );
  const running = await startPlatform(config, { extra });
  const keys = await seedSandbox(running.platform.db);
  return Object.assign(running, { keys, logs });
}
