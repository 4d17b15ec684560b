/** @module Where the credit-code signing keys live: a key file in the data dir, configuration, or memory. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from '@mashang/sdk/credential';
import type { PlatformConfig } from '../config.js';
import { generateSigningKey, importSigningKey, type SigningKey } from './signing.js';

/**
 * Longest a credit code lives, in days. A retired key stays in the JWKS this long after its
 * retirement, so every credential it signed keeps verifying until it expires.
 */
export const MAX_CREDENTIAL_DAYS = 90;

const DAY = 86_400_000;

/** Environment variable holding signing keys as configuration (production, several servers). */
export const KEYS_ENV = 'MASHANG_CREDIT_SIGNING_KEYS';

/** Name of the key file inside the data dir. */
export const KEY_FILE = 'credit-signing-keys.json';

/** One key as stored: the private JWK and its life. */
export interface StoredKey {
  privateJwk: JWK;
  createdAt: string;
  /** When it stopped signing; absent for the current key. */
  retiredAt?: string;
}

/** The key file: oldest first; the last key without `retiredAt` signs. */
export interface KeyFile {
  keys: StoredKey[];
}

/** A loaded key with its life. */
export interface LoadedKey extends SigningKey {
  retiredAt: string | undefined;
}

/** Until when a retired key is published: retirement plus the longest credential lifetime. */
export function publishUntil(key: { retiredAt?: string | undefined }): number {
  return key.retiredAt === undefined ? Infinity : Date.parse(key.retiredAt) + MAX_CREDENTIAL_DAYS * DAY;
}

/** Checks a parsed key file's shape; throws naming what is wrong. */
export function parseKeyFile(value: unknown, where: string): KeyFile {
  // A bare array (configuration shorthand) lists the current key first; the others count as
  // retired when the configuration was read, so they stay published for MAX_CREDENTIAL_DAYS.
  const loadedAt = new Date().toISOString();
  const list = Array.isArray(value)
    ? value.map((privateJwk: unknown, i) => ({ privateJwk, createdAt: loadedAt, ...(i > 0 ? { retiredAt: loadedAt } : {}) }))
    : (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`${where}: expected { "keys": [ { "privateJwk": {…}, "createdAt": "…" } ] } or an array of private Ed25519 JWKs (current first)`);
  }
  const keys = (Array.isArray(value) ? [...list].reverse() : list) as StoredKey[];
  keys.forEach((key, i) => {
    if (typeof key !== 'object' || key === null || typeof key.privateJwk !== 'object' || key.privateJwk === null) {
      throw new Error(`${where}: keys[${i}].privateJwk must be a private Ed25519 JWK`);
    }
    if (typeof key.createdAt !== 'string' || Number.isNaN(Date.parse(key.createdAt))) throw new Error(`${where}: keys[${i}].createdAt must be an RFC 3339 time`);
    if (key.retiredAt !== undefined && (typeof key.retiredAt !== 'string' || Number.isNaN(Date.parse(key.retiredAt)))) {
      throw new Error(`${where}: keys[${i}].retiredAt must be an RFC 3339 time`);
    }
  });
  if (!keys.some((key) => key.retiredAt === undefined)) throw new Error(`${where}: no current key (every key has retiredAt); run \`mashang-platform keys rotate\``);
  return { keys };
}

/** Where keys come from. `writable` sources support rotation. */
export interface KeySource {
  readonly description: string;
  readonly writable: boolean;
  /** The key file, creating a first key when there is none and the source is writable. */
  read(): Promise<KeyFile>;
  /** A value that changes whenever the keys may have changed (cheap to compute). */
  version(): Promise<string>;
  write?(file: KeyFile): Promise<void>;
}

async function firstKeyFile(): Promise<KeyFile> {
  const key = await generateSigningKey();
  return { keys: [{ privateJwk: key.privateJwk, createdAt: key.createdAt }] };
}

/** Keys held in memory for the life of the process (tests). */
export function memorySource(): KeySource {
  let file: Promise<KeyFile> | undefined;
  let generation = 0;
  return {
    description: 'memory (lost when the platform stops)',
    writable: true,
    read: () => (file ??= firstKeyFile()),
    version: async () => String(generation),
    async write(next) {
      file = Promise.resolve(next);
      generation++;
    },
  };
}

/** Keys given as configuration: JSON in {@link KEYS_ENV}. Rotation means changing the configuration. */
export function configuredSource(json: string): KeySource {
  let parsed: KeyFile;
  try {
    parsed = parseKeyFile(JSON.parse(json), KEYS_ENV);
  } catch (error) {
    throw new Error(error instanceof SyntaxError ? `${KEYS_ENV} is not valid JSON: ${error.message}` : (error as Error).message);
  }
  return { description: `configuration (${KEYS_ENV})`, writable: false, read: async () => parsed, version: async () => 'configured' };
}

/** The key file in the data dir, created with a first key on first use (mode 0600). */
export function fileSource(dataDir: string): KeySource {
  const path = join(dataDir, KEY_FILE);
  const read = async (): Promise<KeyFile> => {
    try {
      return parseKeyFile(JSON.parse(await readFile(path, 'utf8')), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dataDir, { recursive: true });
    const first = await firstKeyFile();
    try {
      await writeFile(path, `${JSON.stringify(first, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return first;
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKeyFile(JSON.parse(await readFile(path, 'utf8')), path);
      throw error;
    }
  };
  return {
    description: path,
    writable: true,
    read,
    async version() {
      try {
        const s = await stat(path);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    },
    async write(file) {
      await mkdir(dataDir, { recursive: true });
      // Write then rename, so a running platform never reads half a file.
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, path);
    },
  };
}

/**
 * The key source for a configuration: {@link KEYS_ENV} when set; otherwise the key file in the
 * data dir, except in memory mode without an existing data dir (tests), where keys live in memory.
 */
export function keySourceFor(config: Pick<PlatformConfig, 'dataDir' | 'memory'>, env: Record<string, string | undefined> = process.env): KeySource {
  const configured = env[KEYS_ENV];
  if (configured) return configuredSource(configured);
  if (config.memory && !existsSync(config.dataDir)) return memorySource();
  return fileSource(config.dataDir);
}

/**
 * The platform's view of its keys: the current signing key and the keys to publish. Re-reads the
 * source when it changed, so `mashang-platform keys rotate` takes effect without a restart.
 */
export class Keyring {
  readonly source: KeySource;
  #loaded: { version: string; keys: LoadedKey[] } | undefined;

  constructor(source: KeySource) {
    this.source = source;
  }

  /** Every key in the source, oldest first. */
  async all(): Promise<LoadedKey[]> {
    const version = await this.source.version();
    if (this.#loaded?.version === version) return this.#loaded.keys;
    const file = await this.source.read();
    const keys = await Promise.all(
      file.keys.map(async (stored) => ({ ...(await importSigningKey(stored.privateJwk, { createdAt: stored.createdAt })), retiredAt: stored.retiredAt })),
    );
    this.#loaded = { version: await this.source.version(), keys };
    return keys;
  }

  /** The key that signs new credentials and status lists. */
  async current(): Promise<LoadedKey> {
    const keys = await this.all();
    return keys.filter((key) => key.retiredAt === undefined).at(-1)!;
  }

  /** The keys to publish at `now`: the current key and retired keys whose credentials may still be valid. */
  async published(now = Date.now()): Promise<LoadedKey[]> {
    const keys = await this.all();
    const current = await this.current();
    return [current, ...keys.filter((key) => key !== current && publishUntil(key) > now).reverse()];
  }
}
