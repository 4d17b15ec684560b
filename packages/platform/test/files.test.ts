import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mashang, NotFoundError, PermissionError, ValidationError } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let shop: Mashang;

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
const png = (size = 64) => Uint8Array.from({ length: size }, (_, i) => PNG_HEAD[i] ?? i % 251);
const jpeg = (size = 64) => Uint8Array.from({ length: size }, (_, i) => [0xff, 0xd8, 0xff, 0xe1][i] ?? i % 251);
const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function fileCount(): Promise<number> {
  return Number((await p.platform.db.query<{ n: string }>('select count(*)::text as n from files')).rows[0]!.n);
}

/** A hand-made multipart upload, so tests control every byte and field. */
async function upload(fields: Record<string, string | { bytes: Uint8Array; name: string; type?: string }>, key = p.keys.merchant.secretKey) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.set(name, value);
    else form.set(name, new Blob([value.bytes as BlobPart], { type: value.type ?? 'application/octet-stream' }), value.name);
  }
  const res = await fetch(`${p.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

before(async () => {
  p = await startTestPlatform();
  shop = new Mashang({ apiKey: p.keys.merchant.secretKey, baseUrl: p.url, maxRetries: 0 });
});
after(() => p.close());

describe('POST /v1/files', () => {
  it('should store JPEG, PNG and PDF with the type read from the content, not the name', async () => {
    const a = await upload({ purpose: 'store_photo', file: { bytes: png(), name: 'photo.txt', type: 'text/plain' } });
    assert.equal(a.status, 201);
    assert.equal(a.body['mime_type'], 'image/png');
    assert.equal(a.body['filename'], 'photo.txt');
    const b = await shop.files.create({ file: jpeg(), purpose: 'identity_document', filename: '../../etc/身份证.jpg' });
    assert.equal(b.mime_type, 'image/jpeg');
    assert.equal(b.filename, '身份证.jpg', 'path parts are dropped');
    assert.equal(b.size, 64);
    assert.match(b.sha256, /^[0-9a-f]{64}$/);
    const c = await shop.files.create({ file: new Blob([pdf]), purpose: 'business_license' });
    assert.equal(c.mime_type, 'application/pdf');
    assert.deepEqual(await shop.files.contents(c.id), pdf);
  });

  it('should refuse other types, whatever their name says', async () => {
    const before = await fileCount();
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), /GIF/],
      [new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /HTML\/XML\/SVG/],
      [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /ZIP/],
      [Uint8Array.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63]), /HEIC/],
      [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), /neither a JPEG/],
    ];
    for (const [bytes, description] of cases) {
      const r = await upload({ purpose: 'store_photo', file: { bytes, name: 'photo.jpg', type: 'image/jpeg' } });
      assert.equal(r.status, 400);
      assert.equal(r.body['error'].code, 'file_type_unsupported');
      assert.equal(r.body['error'].param, 'file');
      assert.match(r.body['error'].message, description);
      assert.match(r.body['error'].message, /JPEG or PNG photo, or a PDF/);
    }
    assert.equal(await fileCount(), before);
  });

  it('should refuse files over 5 MB, and bodies far over it', async () => {
    const before = await fileCount();
    const over = await upload({ purpose: 'store_photo', file: { bytes: jpeg(5 * 1024 * 1024 + 1), name: 'big.jpg' } });
    assert.equal(over.status, 413);
    assert.equal(over.body['error'].code, 'file_too_large');
    assert.equal(over.body['error'].param, 'file');
    assert.match(over.body['error'].message, /at most 5 MB/);
    const huge = await upload({ purpose: 'store_photo', file: { bytes: jpeg(8 * 1024 * 1024), name: 'huge.jpg' } });
    assert.equal(huge.status, 413);
    assert.equal(huge.body['error'].code, 'body_too_large');
    const exact = await upload({ purpose: 'store_photo', file: { bytes: jpeg(5 * 1024 * 1024), name: 'max.jpg' } });
    assert.equal(exact.status, 201, 'exactly 5 MB is allowed');
    assert.equal(await fileCount(), before + 1);
    await assert.rejects(shop.files.create({ file: jpeg(5 * 1024 * 1024 + 1), purpose: 'store_photo' }), ValidationError);
  });

  it('should name the field for missing, unknown and wrong form fields', async () => {
    const before = await fileCount();
    const cases: [Parameters<typeof upload>[0], number, string, string][] = [
      [{ file: { bytes: png(), name: 'a.png' } }, 400, 'purpose', 'parameter_missing'],
      [{ purpose: 'selfie', file: { bytes: png(), name: 'a.png' } }, 400, 'purpose', 'parameter_invalid'],
      [{ purpose: 'store_photo' }, 400, 'file', 'parameter_missing'],
      [{ purpose: 'store_photo', file: 'not a file' }, 400, 'file', 'parameter_invalid_type'],
      [{ purpose: 'store_photo', file: { bytes: new Uint8Array(), name: 'empty.png' } }, 400, 'file', 'file_empty'],
      [{ purpose: 'store_photo', file: { bytes: png(), name: 'a.png' }, colour: 'red' }, 400, 'colour', 'parameter_unknown'],
    ];
    for (const [fields, status, param, code] of cases) {
      const r = await upload(fields);
      assert.equal(r.status, status, JSON.stringify(Object.keys(fields)));
      assert.equal(r.body['error'].param, param);
      assert.equal(r.body['error'].code, code);
    }
    const json = await fetch(`${p.url}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.keys.merchant.secretKey}`, 'content-type': 'application/json' },
      body: '{"purpose":"store_photo"}',
    });
    assert.equal(json.status, 415);
    assert.match(((await json.json()) as { error: { message: string } }).error.message, /multipart\/form-data/);
    assert.equal(await fileCount(), before);
  });
});

describe('file access', () => {
  it('should never serve files publicly, nor to other ISVs or publishable keys', async () => {
    const file = await shop.files.create({ file: png(), purpose: 'business_license' });
    const anonymous = await fetch(`${p.url}/v1/files/${file.id}/contents`);
    assert.equal(anonymous.status, 401);
    await assert.rejects(new Mashang({ apiKey: p.keys.merchant.publishableKey, baseUrl: p.url, maxRetries: 0 }).files.contents(file.id), PermissionError);
    const operator = new Mashang({ apiKey: p.keys.operatorKey, baseUrl: p.url, maxRetries: 0 });
    const other = await operator.transport.request({ method: 'post', path: '/v1/isvs', body: { name: '别家服务商' }, schema: (await import('@mashang/sdk')).Isv });
    const otherIsv = new Mashang({ apiKey: other.secret_key!, baseUrl: p.url, maxRetries: 0 });
    await assert.rejects(otherIsv.files.retrieve(file.id), NotFoundError);
    await assert.rejects(otherIsv.files.contents(file.id), NotFoundError);
    assert.equal((await operator.files.retrieve(file.id)).id, file.id, 'the reviewer can read it');
    const isv = new Mashang({ apiKey: p.keys.isv.secretKey, baseUrl: p.url, maxRetries: 0 });
    assert.deepEqual(await isv.files.contents(file.id), png());

    const res = await fetch(`${p.url}/v1/files/${file.id}/contents`, { headers: { authorization: `Bearer ${p.keys.merchant.secretKey}` } });
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.match(res.headers.get('content-disposition')!, /^attachment;/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('cache-control')!, /no-store/);
    await res.arrayBuffer();
  });
});
