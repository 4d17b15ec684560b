/** @module examples/pos/journey.ts runs as a newcomer runs it, against a platform of its own and against a running one. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '@mashang/sdk';
import { startTestPlatform, type TestPlatform } from './helpers.js';

const script = fileURLToPath(new URL('../../../examples/pos/journey.ts', import.meta.url));
let dir: string;
let p: TestPlatform;

function run(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', script, '--exit'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mashang-pos-'));
  p = await startTestPlatform();
});
after(async () => {
  await p.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/pos/journey.ts', () => {
  it('should run on a sandbox platform of its own and print the full journey', { timeout: 120_000 }, async () => {
    const { code, out } = await run({ OUTBOX_DIR: join(dir, 'alone') });
    assert.equal(code, 0, out);
    assert.match(out, /Sent 9 events to http:\/\/127\.0\.0\.1:\d+\/epcis\/capture; 0 left in the outbox/);
    const steps = [...out.matchAll(/^ {2}\S+Z {2}(\S+?)（/gm)].map((m) => m[1]);
    assert.deepEqual(steps, ['赋码/生产', '质检', '装箱', '出库/发货', '入库/收货', '出库/发货', '入库/收货', '拆箱', '零售']);
  });

  it('should capture into a running platform with its merchant key, and its consumer page shows the journey', { timeout: 120_000 }, async () => {
    const { code, out } = await run({ OUTBOX_DIR: join(dir, 'running'), MASHANG_URL: p.url, MASHANG_SECRET_KEY: p.keys.merchant.secretKey });
    assert.equal(code, 0, out);
    const page = /Consumer page: (\S+)/.exec(out)![1]!;
    assert.ok(page.startsWith(p.url), page);
    const record = (await (await fetch(page, { headers: { accept: 'application/json' } })).json()) as TraceRecord;
    assert.equal(record.journey.length, 9);
    assert.equal(record.journey.at(-1)!.biz_step, 'retail_selling');
    assert.equal(record.journey.at(-1)!.location!.name, '码上生活超市（湖州店）');
    assert.equal(record.journey[3]!.sensors![0]!.value, 6.5);
    const html = await (await fetch(page, { headers: { accept: 'text/html' } })).text();
    assert.match(html, /<mashang-trace/);
  });
});
