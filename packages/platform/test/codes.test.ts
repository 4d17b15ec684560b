import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDigitalLink } from '@mashang/sdk/digital-link';
import { issueChunks, serialUriPrefix } from '../src/trace/issue.js';
import { batchKey, codeAt, forEachCode, MAX_INDEX, SERIAL_ALPHABET, SERIAL_LENGTH, serialIndex, verifyPin, verifySerial } from '../src/trace/serial.js';

/** GB/T 33993 allows CSET 82 minus % & / < > ? in AI (21). */
const GBT33993 = /^[!"'()*+,\-.0-9:;=A-Z_a-z]+$/;

function randomSerial(): string {
  let s = '';
  for (let i = 0; i < SERIAL_LENGTH; i++) s += SERIAL_ALPHABET[randomInt(SERIAL_ALPHABET.length)];
  return s;
}

describe('serial alphabet', () => {
  it('should have 32 characters without 0, 1, I and O, all in CSET 82, GB/T 33993 and URI-unreserved', () => {
    assert.equal(new Set(SERIAL_ALPHABET).size, 32);
    for (const confusable of '01IO') assert.ok(!SERIAL_ALPHABET.includes(confusable), confusable);
    assert.match(SERIAL_ALPHABET, GBT33993);
    assert.match(SERIAL_ALPHABET, /^[A-Za-z0-9\-._~]+$/);
    assert.ok(SERIAL_LENGTH <= 20);
  });
});

describe('self-authenticating serials', () => {
  const key = batchKey(randomBytes(32));

  it('should verify every one of 100 000 issued serials at its index, all distinct', () => {
    const seen = new Set<string>();
    let index = 0;
    forEachCode(key, 0, 100_000, false, (serial) => {
      assert.equal(verifySerial(key, serial, 100_000), index, serial);
      assert.equal(serialIndex(serial), index);
      seen.add(serial);
      index++;
    });
    assert.equal(seen.size, 100_000);
  });

  it('should reject 10 000 random forgeries whose index is in range', () => {
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      // Keep the index part plausible (issued) so only the tag can give the forgery away.
      const genuine = codeAt(key, randomInt(100_000)).serial;
      const forged = genuine.slice(0, 6) + randomSerial().slice(6);
      if (forged === genuine) continue; // a 2^-50 coincidence
      assert.equal(verifySerial(key, forged, 100_000), -1, forged);
      rejected++;
    }
    assert.equal(rejected, 10_000);
  });

  it('should reject every single-character change of a genuine serial', () => {
    const { serial } = codeAt(key, 4242);
    for (let i = 0; i < SERIAL_LENGTH; i++) {
      for (const ch of SERIAL_ALPHABET) {
        if (ch === serial[i]) continue;
        const changed = serial.slice(0, i) + ch + serial.slice(i + 1);
        assert.equal(verifySerial(key, changed, MAX_INDEX), -1, changed);
      }
    }
  });

  it('should reject serials of another batch, beyond the issued count, malformed ones and lowercase copies', () => {
    const other = batchKey(randomBytes(32));
    const { serial } = codeAt(key, 7);
    assert.equal(verifySerial(key, serial, 8), 7);
    assert.equal(verifySerial(other, serial, 8), -1);
    assert.equal(verifySerial(key, serial, 7), -1, 'index 7 not issued yet');
    for (const bad of ['', serial.slice(1), `${serial}2`, serial.replace(/./, '0'), serial.replace(/./, 'I'), serial.toLowerCase(), `${serial.slice(0, 15)}é`]) {
      assert.equal(serialIndex(bad) >= 0 && verifySerial(key, bad, 8) >= 0, false, bad);
    }
  });

  it('should round-trip any index and reject tampered tags (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: MAX_INDEX - 1 }), fc.integer({ min: 6, max: SERIAL_LENGTH - 1 }), fc.integer({ min: 1, max: 31 }), (secret, index, pos, shift) => {
        const k = batchKey(secret);
        const { serial } = codeAt(k, index);
        assert.equal(serial.length, SERIAL_LENGTH);
        assert.equal(verifySerial(k, serial, MAX_INDEX), index);
        const c = SERIAL_ALPHABET[(SERIAL_ALPHABET.indexOf(serial[pos]!) + shift) % 32]!;
        assert.equal(verifySerial(k, serial.slice(0, pos) + c + serial.slice(pos + 1), MAX_INDEX), -1);
      }),
      { numRuns: 300 },
    );
  });

  it('should derive the same codes in any chunking', () => {
    const whole: string[] = [];
    forEachCode(key, 3, 50, true, (s, pin) => whole.push(`${s}:${pin}`));
    const pieces: string[] = [];
    for (const [from, n] of [[3, 1], [4, 7], [11, 40], [51, 2]] as const) forEachCode(key, from, n, true, (s, pin) => pieces.push(`${s}:${pin}`));
    assert.deepEqual(pieces, whole);
  });
});

describe('scratch PINs', () => {
  const key = batchKey(randomBytes(32));

  it('should be 12 digits, verify for their own code only, ignoring spaces and dashes', () => {
    const a = codeAt(key, 10);
    const b = codeAt(key, 11);
    assert.match(a.pin, /^\d{12}$/);
    assert.notEqual(a.pin, b.pin);
    assert.ok(verifyPin(key, 10, a.pin));
    assert.ok(verifyPin(key, 10, `${a.pin.slice(0, 4)} ${a.pin.slice(4, 8)}-${a.pin.slice(8)}`));
    assert.ok(!verifyPin(key, 11, a.pin));
    assert.ok(!verifyPin(key, 10, a.pin.slice(0, 11)));
    assert.ok(!verifyPin(key, 10, `${a.pin}0`));
    assert.ok(!verifyPin(batchKey(randomBytes(32)), 10, a.pin));
  });

  it('should not be predictable from the serials around them', () => {
    // Distinct PINs across a block and its neighbours, and roughly uniform leading digits.
    const pins: string[] = [];
    forEachCode(key, 0, 20_000, true, (_, pin) => pins.push(pin!));
    assert.equal(new Set(pins).size, pins.length);
    const firstDigit = new Array(10).fill(0);
    for (const pin of pins) firstDigit[Number(pin[0])]++;
    for (const n of firstDigit) assert.ok(n > 1700 && n < 2300, String(firstDigit));
  });
});

describe('issuance output', () => {
  it('should write CSV and NDJSON lines whose URIs parse back to the same GTIN, lot and serial', () => {
    const key = batchKey(randomBytes(32));
    const prefix = serialUriPrefix('https://trace.example.cn', '6901234567892', 'L1,"x"');
    for (const format of ['csv', 'ndjson'] as const) {
      let out = '';
      let codes = 0;
      for (const chunk of issueChunks({ key, start: 0, count: 1000, withPin: true, uriPrefix: prefix, format }, { chunkCodes: 333 })) {
        out += chunk.bytes.toString('utf8');
        codes += chunk.codes;
      }
      assert.equal(codes, 1000);
      const lines = out.trimEnd().split('\n');
      const rows = format === 'csv' ? lines.slice(1).map((l) => { const m = /^([^,]+),([^,]+),(\d+)$/.exec(l)!; return { serial: m[1]!, uri: m[2]!, pin: m[3]! }; }) : lines.map((l) => JSON.parse(l) as { serial: string; uri: string; pin: string });
      assert.equal(rows.length, 1000);
      rows.forEach((row, i) => {
        const dl = parseDigitalLink(row.uri);
        assert.equal(dl.base, 'https://trace.example.cn');
        assert.deepEqual(dl.primaryKey, { ai: '01', value: '06901234567892' });
        assert.deepEqual(dl.qualifiers, [{ ai: '10', value: 'L1,"x"' }, { ai: '21', value: row.serial }]);
        assert.equal(verifySerial(key, row.serial, 1000), i);
        assert.ok(verifyPin(key, i, row.pin));
      });
    }
  });
});
