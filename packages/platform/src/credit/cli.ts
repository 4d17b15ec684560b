/** @module `mashang-platform keys …`: rotate, list and remove the credit-code signing keys. */
import type { PlatformConfig } from '../config.js';
import { KEYS_ENV, MAX_CREDENTIAL_DAYS, keySourceFor, publishUntil, type KeyFile, type KeySource } from './keyring.js';
import { generateSigningKey, importSigningKey } from './signing.js';

/** Options of {@link rotateKeys}. */
export interface RotateKeysOptions {
  /** The rotation time. @default new Date() */
  now?: Date;
  /** Environment to read {@link KEYS_ENV} from. @default process.env */
  env?: Record<string, string | undefined>;
}

/** What a key operation did. */
export interface KeysReport {
  /** Where the keys live. */
  source: string;
  /** The key that signs from now on. */
  current: string;
  /** Retired keys still published, newest first, with the time they leave the JWKS. */
  previous: { kid: string; publishedUntil: string }[];
  /** Keys removed from the key set by this operation. */
  removed: string[];
}

function writableSource(config: Pick<PlatformConfig, 'dataDir' | 'memory'>, env: Record<string, string | undefined> | undefined): KeySource {
  const source = keySourceFor({ dataDir: config.dataDir, memory: false }, env);
  if (!source.writable || !source.write) {
    throw new Error(
      `The signing keys come from ${source.description}, which this command cannot change. ` +
        `Generate a new key, put it first in ${KEYS_ENV} (keep the old ones after it for ${MAX_CREDENTIAL_DAYS} days) and restart the servers.`,
    );
  }
  return source;
}

async function report(source: KeySource, file: KeyFile, removed: string[], now: number): Promise<KeysReport> {
  const keys = await Promise.all(file.keys.map(async (k) => ({ kid: (await importSigningKey(k.privateJwk)).kid, retiredAt: k.retiredAt })));
  const current = keys.filter((k) => k.retiredAt === undefined).at(-1)!;
  return {
    source: source.description,
    current: current.kid,
    previous: keys
      .filter((k) => k !== current && publishUntil(k) > now)
      .reverse()
      .map((k) => ({ kid: k.kid, publishedUntil: new Date(publishUntil(k)).toISOString() })),
    removed,
  };
}

/**
 * Rotates the credit-code signing key in the data dir: a new Ed25519 key signs from now on, the
 * old one stays in `/.well-known/jwks.json` for {@link MAX_CREDENTIAL_DAYS} days so the credentials
 * it signed keep verifying until they expire, and keys retired longer ago than that are removed.
 * A running platform picks the change up on its next request. Keys given as configuration
 * ({@link KEYS_ENV}) cannot be rotated here: the error says what to do instead.
 *
 * @example
 * ```ts
 * const { current, previous } = await rotateKeys(loadConfig());
 * ```
 */
export async function rotateKeys(config: Pick<PlatformConfig, 'dataDir' | 'memory'>, options: RotateKeysOptions = {}): Promise<KeysReport> {
  const now = options.now ?? new Date();
  const source = writableSource(config, options.env);
  const file = await source.read();
  const fresh = await generateSigningKey(now);
  const retiredAt = now.toISOString();
  const kept = [];
  const removed: string[] = [];
  for (const key of file.keys) {
    const retired = key.retiredAt === undefined ? { ...key, retiredAt } : key;
    if (publishUntil(retired) > now.getTime()) kept.push(retired);
    else removed.push((await importSigningKey(key.privateJwk)).kid);
  }
  const next: KeyFile = { keys: [...kept, { privateJwk: fresh.privateJwk, createdAt: fresh.createdAt }] };
  await source.write!(next);
  return report(source, next, removed, now.getTime());
}

/**
 * Removes one key from the key set at once (a compromised key): credentials it signed stop
 * verifying (`unknown_key`). Removing the current key generates a new current key.
 *
 * @example
 * ```ts
 * await removeKey(loadConfig(), 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
 * ```
 */
export async function removeKey(config: Pick<PlatformConfig, 'dataDir' | 'memory'>, kid: string, options: RotateKeysOptions = {}): Promise<KeysReport> {
  const now = options.now ?? new Date();
  const source = writableSource(config, options.env);
  const file = await source.read();
  const kids = await Promise.all(file.keys.map(async (k) => (await importSigningKey(k.privateJwk)).kid));
  const index = kids.indexOf(kid);
  if (index === -1) throw new Error(`No signing key '${kid}'. Known keys: ${kids.join(', ')}`);
  const remaining = file.keys.filter((_, i) => i !== index);
  if (!remaining.some((k) => k.retiredAt === undefined)) {
    const fresh = await generateSigningKey(now);
    remaining.push({ privateJwk: fresh.privateJwk, createdAt: fresh.createdAt });
  }
  const next: KeyFile = { keys: remaining };
  await source.write!(next);
  return report(source, next, [kid], now.getTime());
}

/** The current and published keys, without changing anything (creates the first key if there is none). */
export async function listKeys(config: Pick<PlatformConfig, 'dataDir' | 'memory'>, options: RotateKeysOptions = {}): Promise<KeysReport> {
  const source = keySourceFor({ dataDir: config.dataDir, memory: false }, options.env);
  return report(source, await source.read(), [], (options.now ?? new Date()).getTime());
}

/** One human-readable paragraph for the command line. */
export function describeKeys(result: KeysReport): string {
  return [
    `Signing keys (${result.source}):`,
    `  current   ${result.current}`,
    ...result.previous.map((p) => `  previous  ${p.kid}  (published until ${p.publishedUntil})`),
    ...result.removed.map((kid) => `  removed   ${kid}`),
  ].join('\n');
}
