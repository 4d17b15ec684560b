// The `mashang-platform` command as installed: runs the built bin with plain node.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const bin = join(import.meta.dirname, '../bin/mashang-platform.js');
const dataDir = mkdtempSync(join(tmpdir(), 'mashang-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, MASHANG_DATA_DIR: dataDir, NODE_OPTIONS: '' } });

describe('mashang-platform CLI', () => {
  it('should migrate, then report the schema up to date', () => {
    assert.match(run('migrate').stdout, /Applied 0001_core/);
    assert.match(run('migrate').stdout, /up to date/);
  });

  it('should seed the sandbox and print the keys as JSON for scripts, once', () => {
    const first = JSON.parse(execFileSync(process.execPath, [bin, 'seed', '--sandbox', '--json'], { encoding: 'utf8', env: { ...process.env, MASHANG_DATA_DIR: dataDir } }));
    assert.match(first.operatorKey, /^ok_/);
    assert.match(first.isv.id, /^isv_/);
    assert.match(first.isv.secretKey, /^sk_/);
    assert.match(first.merchant.id, /^mch_/);
    assert.match(first.merchant.secretKey, /^sk_/);
    assert.match(first.merchant.publishableKey, /^pk_/);
    const again = JSON.parse(run('seed', '--sandbox', '--json').stdout);
    assert.deepEqual(again, first, 'a second seed reuses the sandbox');
  });

  it('should refuse unknown commands and a seed without --sandbox', () => {
    const unknown = run('frobnicate');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /Unknown command 'frobnicate'/);
    assert.equal(run('seed').status, 1);
    assert.match(run('--help').stdout, /Usage: mashang-platform/);
  });

  it('should rotate the signing keys, keeping the previous one published', () => {
    const before = JSON.parse(run('keys', 'list', '--json').stdout);
    const after = JSON.parse(run('keys', 'rotate', '--json').stdout);
    assert.notEqual(after.current, before.current);
    assert.ok(after.previous.some((k: { kid: string }) => k.kid === before.current));
  });
});
