import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dataCipher, fieldCipher, maskAccountNumber, maskIdNumber } from '../src/internal/crypto.js';

const base = { dataKey: undefined, memory: false, sandbox: true };

describe('field encryption for personal data', () => {
  it('should generate the sandbox key into the data dir once, readable only by its owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mashang-key-'));
    try {
      const a = await dataCipher({}, { ...base, dataDir: dir });
      const file = join(dir, 'data-key');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64').length, 32);
      const b = await dataCipher({}, { ...base, dataDir: dir }); // a restart
      const sealed = a.encrypt('11010519491231002X', 'ctx');
      assert.equal(b.decrypt(sealed, 'ctx'), '11010519491231002X');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should use MASHANG_DATA_KEY, refuse a malformed one, and require one outside the sandbox', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const cipher = await dataCipher({}, { ...base, dataDir: '/nonexistent', dataKey: key });
    assert.equal(fieldCipher(Buffer.alloc(32, 7)).decrypt(cipher.encrypt('6222021234567890128', 'x'), 'x'), '6222021234567890128');
    await assert.rejects(dataCipher({}, { ...base, dataDir: '/nonexistent', dataKey: 'c2hvcnQ=' }), /32 random bytes.*got 5 bytes/);
    await assert.rejects(dataCipher({}, { ...base, dataDir: '/nonexistent', sandbox: false }), /MASHANG_DATA_KEY is not set/);
  });

  it('should bind a ciphertext to its column and detect tampering', () => {
    const cipher = fieldCipher(Buffer.alloc(32, 1));
    const sealed = cipher.encrypt('11010519491231002X', 'application.legal_representative.id_number');
    assert.match(sealed, /^v1:/);
    assert.ok(!sealed.includes('11010519491231002X'));
    assert.notEqual(cipher.encrypt('11010519491231002X', 'a'), cipher.encrypt('11010519491231002X', 'a'), 'a fresh IV each time');
    assert.throws(() => cipher.decrypt(sealed, 'application.settlement_account.account_number'));
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    assert.throws(() => cipher.decrypt(`v1:${raw.toString('base64')}`, 'application.legal_representative.id_number'));
    assert.throws(() => fieldCipher(Buffer.alloc(32, 2)).decrypt(sealed, 'application.legal_representative.id_number'));
  });

  it('should mask ID and account numbers', () => {
    assert.equal(maskIdNumber('11010519491231002X'), '110***********002X');
    assert.equal(maskIdNumber('H12345678'), 'H12**5678');
    assert.equal(maskIdNumber('12345678'), '******78');
    assert.equal(maskAccountNumber('6222021234567890128'), '***************0128');
    assert.equal(maskAccountNumber('1234'), '****');
  });
});
