/**
 * @module Field encryption (AES-256-GCM) for personal data at rest, and the masks shown instead.
 *
 * The key is `MASHANG_DATA_KEY` (32 bytes, base64). Without it, the sandbox generates one into
 * `<dataDir>/data-key` (mode 0600) on first start; in-memory platforms (tests) use a random key
 * that lives as long as the process. A non-sandbox platform refuses to start without a key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlatformConfig } from '../config.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts short strings with one data key. */
export interface FieldCipher {
  /**
   * Encrypts `plaintext`. `context` (e.g. `'application.id_number'`) is bound as additional
   * authenticated data, so a ciphertext copied into another column fails to decrypt.
   */
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
}

function parseKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`${source} must be 32 random bytes in base64 (44 characters); generate one with \`openssl rand -base64 32\` (got ${key.length} bytes)`);
  }
  return key;
}

/** A cipher over a 32-byte key. */
export function fieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(ciphertext, context) {
      const [version, payload] = ciphertext.split(':', 2);
      if (version !== VERSION || !payload) throw new Error(`Unknown ciphertext format '${version ?? ''}'`);
      const raw = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

const ciphers = new WeakMap<object, Promise<FieldCipher>>();

/**
 * The platform's data cipher, loaded once per platform: `config.dataKey`, else (sandbox) the key
 * file in the data directory, created when missing, else a random key for in-memory platforms.
 */
export function dataCipher(owner: object, config: Pick<PlatformConfig, 'dataKey' | 'dataDir' | 'memory' | 'sandbox'>): Promise<FieldCipher> {
  let cipher = ciphers.get(owner);
  if (!cipher) {
    cipher = loadKey(config).then(fieldCipher);
    ciphers.set(owner, cipher);
  }
  return cipher;
}

async function loadKey(config: Pick<PlatformConfig, 'dataKey' | 'dataDir' | 'memory' | 'sandbox'>): Promise<Buffer> {
  if (config.dataKey) return parseKey(config.dataKey, 'MASHANG_DATA_KEY');
  // In-memory platforms (tests) keep nothing after they stop, so a throw-away key fits.
  if (config.memory) return randomBytes(32);
  if (!config.sandbox) {
    throw new Error('MASHANG_DATA_KEY is not set. Outside the sandbox the data-encryption key must come from the environment (32 random bytes, base64).');
  }
  const file = join(config.dataDir, 'data-key');
  try {
    return parseKey(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(config.dataDir, { recursive: true });
  // 'wx': if another process created it meanwhile, use theirs.
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(await readFile(file, 'utf8'), file);
    throw error;
  }
}

/**
 * Masks an identity-document number: the first 3 and last 4 characters stay, the rest become `*`
 * (`110105194912310021` → `110***********0021`). Short numbers keep only the last 2.
 */
export function maskIdNumber(value: string): string {
  const chars = [...value];
  if (chars.length <= 8) return '*'.repeat(Math.max(chars.length - 2, 0)) + chars.slice(-2).join('');
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}

/** Masks a bank account number to its last 4 digits (`6222021234567890123` → `***************0123`). */
export function maskAccountNumber(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}
