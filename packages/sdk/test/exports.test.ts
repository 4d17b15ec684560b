// The published shape of the packages: exports maps (publint), and a smoke import of each
// entry point from an `npm pack` tarball with plain Node (no source condition, no tsx).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { publint } from 'publint';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'mashang-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

function pack(pkgDir: string): string {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: join(root, pkgDir), encoding: 'utf8' });
  return join(work, out.trim().split('\n').at(-1)!);
}

describe('package exports', () => {
  for (const pkg of ['packages/sdk', 'packages/widgets', 'packages/platform']) {
    it(`should pass publint: ${pkg}`, async () => {
      const { messages } = await publint({ pkgDir: join(root, pkg), level: 'warning', strict: true });
      assert.deepEqual(
        messages.map((m) => `${m.code} ${m.path.join('.')}`),
        [],
      );
    });
  }

  it('should import every @mashang/sdk entry point from the packed tarball with plain node', () => {
    const tarball = pack('packages/sdk');
    const modules = join(work, 'node_modules');
    const dest = join(modules, '@mashang/sdk');
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(dest, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; dependencies: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies)) {
      const target = join(root, 'node_modules', dep);
      const link = join(modules, dep);
      mkdirSync(join(link, '..'), { recursive: true });
      if (!existsSync(link)) symlinkSync(target, link);
    }
    const entries = Object.keys(manifest.exports).filter((e) => e !== './package.json');
    assert.ok(entries.length >= 6);
    const script = entries.map((e) => `await import('@mashang/sdk${e.slice(1)}');`).join('\n') + "\nconst { Mashang } = await import('@mashang/sdk'); if (typeof Mashang !== 'function') process.exit(2);";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(out, '');
  });
});
