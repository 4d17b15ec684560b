/**
 * @module Self-authenticating serials and scratch PINs.
 *
 * A serial is `index (6 chars) + tag (10 chars)` in a 32-character alphabet without 0, 1, I
 * and O, so people cannot confuse them and every character is in GS1 CSET 82, in GB/T 33993's
 * stricter set for AI (21), and URI-safe (no percent-encoding). The index numbers the code
 * inside its batch (30 bits); the tag is 50 bits of a keyed MAC over the index under a key
 * derived from the batch secret. Checking a serial is one MAC computation: no per-code row
 * exists or is read, and a forged serial passes with probability 2⁻⁵⁰.
 *
 * To issue a million codes quickly, one HMAC-SHA-512 covers a block of four consecutive
 * indices: its 64 bytes are cut into four 16-byte slots, one per code. Bytes 0–6 of a slot
 * give the code's tag, bytes 8–15 its scratch PIN. MAC outputs are pseudorandom as a whole,
 * so publishing some bits (the tags printed in the open) says nothing about the others (the
 * PINs under the scratch-off layer, the tags of the neighbours).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The 32 serial characters: digits 2–9 and A–Z without I and O. */
export const SERIAL_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Characters of the index part. */
export const INDEX_CHARS = 6;
/** Characters of the tag part (50 bits). */
export const TAG_CHARS = 10;
/** Length of every serial. */
export const SERIAL_LENGTH = INDEX_CHARS + TAG_CHARS;
/** Largest number of codes per batch (30-bit index). */
export const MAX_INDEX = 2 ** 30;
/** Digits of a scratch PIN. */
export const PIN_DIGITS = 12;

const CODES_PER_BLOCK = 4;
const SLOT_BYTES = 16;
const DOMAIN = 'mashang/item-code/v1';

const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < SERIAL_ALPHABET.length; i++) DECODE[SERIAL_ALPHABET.charCodeAt(i)] = i;
const CHARS = SERIAL_ALPHABET.split('');

/** The MAC key of one batch, derived from its stored secret. */
export interface BatchKey {
  readonly mac: Buffer;
}

/** Derives the batch's MAC key from its 32-byte secret (domain-separated, so the raw secret is never a MAC key). */
export function batchKey(secret: Uint8Array): BatchKey {
  return { mac: createHmac('sha256', secret).update(DOMAIN).digest() };
}

/** The 64-byte MAC output covering indices `4·block … 4·block+3`. */
function macBlock(key: BatchKey, block: number, message: Buffer): Buffer {
  message.writeUIntBE(block, 4, 6);
  return createHmac('sha512', key.mac).update(message).digest();
}

function newMessage(): Buffer {
  const m = Buffer.alloc(10);
  m.write('MSC1', 0, 'latin1');
  return m;
}

/** Writes the 6-character index. */
function encodeIndex(index: number): string {
  return (
    CHARS[(index >>> 25) & 31]! +
    CHARS[(index >>> 20) & 31]! +
    CHARS[(index >>> 15) & 31]! +
    CHARS[(index >>> 10) & 31]! +
    CHARS[(index >>> 5) & 31]! +
    CHARS[index & 31]!
  );
}

/** The 10 tag characters from slot bytes 0–6 (the first 50 bits). */
function encodeTag(out: Buffer, slot: number): string {
  const hi = out.readUInt32BE(slot);
  const lo = out.readUInt32BE(slot + 4) >>> 14; // next 18 bits
  const a = hi >>> 7; // 25 bits
  const b = ((hi & 0x7f) << 18) | lo; // 25 bits
  return (
    CHARS[(a >>> 20) & 31]! +
    CHARS[(a >>> 15) & 31]! +
    CHARS[(a >>> 10) & 31]! +
    CHARS[(a >>> 5) & 31]! +
    CHARS[a & 31]! +
    CHARS[(b >>> 20) & 31]! +
    CHARS[(b >>> 15) & 31]! +
    CHARS[(b >>> 10) & 31]! +
    CHARS[(b >>> 5) & 31]! +
    CHARS[b & 31]!
  );
}

const PIN_MOD = 10 ** PIN_DIGITS;

/** The 12-digit PIN from slot bytes 8–15 (52 bits reduced mod 10¹²; the bias is below 0.03 %). */
function encodePin(out: Buffer, slot: number): string {
  const value = out.readUInt32BE(slot + 8) * 2 ** 20 + (out.readUInt32BE(slot + 12) >>> 12);
  return String(value % PIN_MOD).padStart(PIN_DIGITS, '0');
}

/** One issued code. */
export interface IssuedCode {
  index: number;
  serial: string;
  /** Present when asked for. */
  pin?: string;
}

/**
 * Calls `visit(index, mac, slot)` for every index in `[start, start + count)`, in order: the
 * code's tag is in bytes `slot … slot+6` of `mac` and its PIN in `slot+8 … slot+15` (see
 * {@link writeSerial}, {@link writePin}). `mac` is only valid during the call.
 */
export function forEachSlot(key: BatchKey, start: number, count: number, visit: (index: number, mac: Buffer, slot: number) => void): void {
  const end = start + count;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || end > MAX_INDEX) {
    throw new RangeError(`code indices must lie in [0, ${MAX_INDEX}), got ${start} + ${count}`);
  }
  const message = newMessage();
  let index = start;
  while (index < end) {
    const block = Math.floor(index / CODES_PER_BLOCK);
    const mac = macBlock(key, block, message);
    const blockEnd = Math.min(end, (block + 1) * CODES_PER_BLOCK);
    for (; index < blockEnd; index++) visit(index, mac, (index % CODES_PER_BLOCK) * SLOT_BYTES);
  }
}

/**
 * Calls `emit(serial, pin)` for every index in `[start, start + count)`, in order. `pin` is
 * `undefined` unless `withPin`.
 */
export function forEachCode(key: BatchKey, start: number, count: number, withPin: boolean, emit: (serial: string, pin: string | undefined) => void): void {
  forEachSlot(key, start, count, (index, mac, slot) => emit(encodeIndex(index) + encodeTag(mac, slot), withPin ? encodePin(mac, slot) : undefined));
}

const ALPHABET_BYTES = Uint8Array.from(SERIAL_ALPHABET, (c) => c.charCodeAt(0));

/** Writes the 16 ASCII bytes of the serial at `pos` of `target`; returns the position after it. The bulk path: no strings. */
export function writeSerial(target: Uint8Array, pos: number, index: number, mac: Buffer, slot: number): number {
  const A = ALPHABET_BYTES;
  target[pos] = A[(index >>> 25) & 31]!;
  target[pos + 1] = A[(index >>> 20) & 31]!;
  target[pos + 2] = A[(index >>> 15) & 31]!;
  target[pos + 3] = A[(index >>> 10) & 31]!;
  target[pos + 4] = A[(index >>> 5) & 31]!;
  target[pos + 5] = A[index & 31]!;
  const hi = mac.readUInt32BE(slot);
  const lo = mac.readUInt32BE(slot + 4) >>> 14;
  const a = hi >>> 7;
  const b = ((hi & 0x7f) << 18) | lo;
  target[pos + 6] = A[(a >>> 20) & 31]!;
  target[pos + 7] = A[(a >>> 15) & 31]!;
  target[pos + 8] = A[(a >>> 10) & 31]!;
  target[pos + 9] = A[(a >>> 5) & 31]!;
  target[pos + 10] = A[a & 31]!;
  target[pos + 11] = A[(b >>> 20) & 31]!;
  target[pos + 12] = A[(b >>> 15) & 31]!;
  target[pos + 13] = A[(b >>> 10) & 31]!;
  target[pos + 14] = A[(b >>> 5) & 31]!;
  target[pos + 15] = A[b & 31]!;
  return pos + SERIAL_LENGTH;
}

/** Writes the 12 ASCII digits of the PIN at `pos`; returns the position after them. */
export function writePin(target: Uint8Array, pos: number, mac: Buffer, slot: number): number {
  let value = (mac.readUInt32BE(slot + 8) * 2 ** 20 + (mac.readUInt32BE(slot + 12) >>> 12)) % PIN_MOD;
  for (let i = PIN_DIGITS - 1; i >= 0; i--) {
    const digit = value % 10;
    target[pos + i] = 48 + digit;
    value = (value - digit) / 10;
  }
  return pos + PIN_DIGITS;
}

/** The code with index `index` (its serial and PIN). */
export function codeAt(key: BatchKey, index: number): Required<IssuedCode> {
  let result: Required<IssuedCode> | undefined;
  forEachCode(key, index, 1, true, (serial, pin) => {
    result = { index, serial, pin: pin! };
  });
  return result!;
}

/**
 * Reads the index of a well-formed serial, or -1 when `serial` cannot be one of ours
 * (length, alphabet). Costs no MAC and no lookup.
 */
export function serialIndex(serial: string): number {
  if (serial.length !== SERIAL_LENGTH) return -1;
  let index = 0;
  for (let i = 0; i < SERIAL_LENGTH; i++) {
    const c = serial.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) return -1;
    if (i < INDEX_CHARS) index = index * 32 + v;
  }
  return index;
}

/**
 * The index of `serial` when it is a genuine serial of the batch with `issued` codes, else -1.
 * The tag comparison is constant-time.
 */
export function verifySerial(key: BatchKey, serial: string, issued: number): number {
  const index = serialIndex(serial);
  if (index < 0 || index >= issued) return -1;
  const block = Math.floor(index / CODES_PER_BLOCK);
  const out = macBlock(key, block, newMessage());
  const expected = Buffer.from(encodeTag(out, (index % CODES_PER_BLOCK) * SLOT_BYTES), 'latin1');
  const given = Buffer.from(serial.slice(INDEX_CHARS), 'latin1');
  return timingSafeEqual(expected, given) ? index : -1;
}

/** Removes spaces and dashes people type between PIN groups. */
export function normalizePin(pin: string): string {
  return pin.replace(/[\s-]/g, '');
}

/** True when `pin` is the PIN of the code with `index`; constant-time. */
export function verifyPin(key: BatchKey, index: number, pin: string): boolean {
  const expected = Buffer.from(codeAt(key, index).pin, 'latin1');
  const given = Buffer.alloc(expected.length);
  const normalized = normalizePin(pin);
  given.write(normalized.slice(0, expected.length), 'latin1');
  // Compare the full length every time; the length check is folded in afterwards.
  return timingSafeEqual(expected, given) && normalized.length === expected.length;
}

/** Formats a PIN for printing: `1234 5678 9012`. */
export function groupPin(pin: string): string {
  return pin.replace(/(\d{4})(?=\d)/g, '$1 ');
}
