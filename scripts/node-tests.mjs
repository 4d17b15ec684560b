// Runs the Node test files (node:test) with the TypeScript sources: every
// packages/*/test/**/*.test.ts and test/**/*.test.ts, or the files/folders given.
// Node 20's test runner does not expand globs itself, so the files are listed here.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function find(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) find(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const targets = args.length
  ? args.map((a) => join(root, a))
  : [...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'test')), join(root, 'test')];
const files = targets
  .flatMap((t) => {
    try {
      return statSync(t).isDirectory() ? find(t) : [t];
    } catch {
      return [];
    }
  })
  .map((f) => relative(root, f))
  .sort();
if (!files.length) {
  console.error(`No test files found in ${targets.map((t) => relative(root, t)).join(', ')}`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('close', (code) => process.exit(code ?? 1));
