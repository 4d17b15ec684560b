/** @module `mashang-platform` command line: start, migrate, seed. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type PlatformConfig } from './config.js';
import { openDb } from './db/index.js';
import { seedSandbox, type SandboxKeys } from './seed.js';
import { startPlatform } from './server.js';

const USAGE = `Usage: mashang-platform <command> [options]

Commands:
  start              Start the platform (PGlite in MASHANG_DATA_DIR, or DATABASE_URL)
  migrate            Apply pending SQL migrations and exit
  seed --sandbox     Create a sandbox ISV and demo merchant and print their keys
                     --json prints { operatorKey, isv, merchant } for scripts
  keys list          Show the credit-code signing keys (current and previous)
  keys rotate        Make a new signing key current; old credentials keep verifying
  keys remove <kid>  Stop publishing a retired key (credentials it signed stop verifying)
  codes issue --batch bat_… --count N --out codes.csv [--with-pin] [--format csv|ndjson]
                     Issue item codes for a batch and download them, with a progress bar

Environment: PORT (8080), HOST (127.0.0.1), MASHANG_DATA_DIR (.mashang), DATABASE_URL,
MASHANG_PUBLIC_URL, MASHANG_OPERATOR_KEY, MASHANG_DATA_KEY, MASHANG_RATE_LIMIT (50/s).`;

/** Path of the sandbox key file inside the data dir. */
export function sandboxFile(config: PlatformConfig): string {
  return join(config.dataDir, 'sandbox.json');
}

/** Reads the sandbox keys written by an earlier seed, if any. */
export async function readSandbox(config: PlatformConfig): Promise<SandboxKeys | undefined> {
  try {
    return JSON.parse(await readFile(sandboxFile(config), 'utf8')) as SandboxKeys;
  } catch {
    return undefined;
  }
}

/** Seeds once: reuses the key file when the data already holds the sandbox. */
export async function ensureSandbox(config: PlatformConfig): Promise<{ keys: SandboxKeys; created: boolean }> {
  const existing = await readSandbox(config);
  if (existing) return { keys: existing, created: false };
  const db = await openDb(config);
  try {
    const keys = await seedSandbox(db, config.operatorKey);
    await mkdir(config.dataDir, { recursive: true });
    // The sandbox's own keys, kept beside its data so `npm start` can show them again. Never do this with live keys.
    await writeFile(sandboxFile(config), `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    return { keys, created: true };
  } finally {
    await db.close();
  }
}

/** Human-readable summary of the sandbox keys. */
export function describeSandbox(keys: SandboxKeys, url: string): string {
  return [
    'Sandbox accounts (local development only):',
    `  operator key        ${keys.operatorKey}`,
    `  ISV                 ${keys.isv.id}`,
    `  ISV secret key      ${keys.isv.secretKey}`,
    `  merchant            ${keys.merchant.id}`,
    `  merchant secret key ${keys.merchant.secretKey}`,
    `  publishable key     ${keys.merchant.publishableKey}`,
    '',
    `  API        ${url}/v1  (OpenAPI: ${url}/openapi.json)`,
    `  health     ${url}/healthz`,
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script). Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sandbox: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
  });
  const command = positionals[0];
  // `codes issue` parses its own options.
  if (command === 'codes' && positionals[1] === 'issue') {
    const { issueCodesCli } = await import('./trace/cli.js');
    return issueCodesCli(argv.slice(argv.indexOf('issue') + 1));
  }
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const { migrate } = await import('./db/index.js');
      const db = await openDb(config, { runMigrations: false });
      const applied = await migrate(db);
      await db.close();
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Schema is up to date.');
      return 0;
    }
    case 'seed': {
      if (!values.sandbox) {
        console.error('seed needs --sandbox (the only seed there is).');
        return 1;
      }
      const { keys, created } = await ensureSandbox(config);
      if (values.json) console.log(JSON.stringify(keys));
      else console.log(`${created ? 'Created' : 'Already seeded;'} ${describeSandbox(keys, config.publicUrl ?? `http://${config.host}:${config.port}`)}`);
      return 0;
    }
    case 'start': {
      const running = await startPlatform(config);
      console.log(`Mashang platform listening on ${running.url} (storage: ${running.platform.db.driver})`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => {});
    }
    case 'keys': {
      const { rotateKeys, listKeys, removeKey, describeKeys } = await import('./credit/cli.js');
      const action = positionals[1] ?? 'list';
      const result =
        action === 'rotate' ? await rotateKeys(config) : action === 'remove' ? await removeKey(config, positionals[2] ?? '') : action === 'list' ? await listKeys(config) : undefined;
      if (!result) {
        console.error(`Unknown keys action '${action}'; use list, rotate or remove <kid>.`);
        return 2;
      }
      console.log(values.json ? JSON.stringify(result) : describeKeys(result));
      return 0;
    }
    default:
      console.error(`Unknown command '${command}'.\n\n${USAGE}`);
      return 1;
  }
}
