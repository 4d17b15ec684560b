// `npm run test:postgres`: the storage and API suites against a real PostgreSQL server.
// Creates a throwaway cluster with Debian's initdb/pg_ctl (/usr/lib/postgresql/*/bin) in a
// temp dir on a free loopback port, runs the platform's Node tests with
// MASHANG_TEST_DATABASE_URL pointing at it, then stops and removes the cluster.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function findPgBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length) {
    console.error('No PostgreSQL server binaries in /usr/lib/postgresql/*/bin. Install them: apt-get install postgresql');
    process.exit(1);
  }
  return join(base, versions[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// initdb refuses to run as root; use the postgres system user the Debian package creates.
const asRoot = process.getuid?.() === 0;
function pgCommand(bin, args) {
  if (!asRoot) return [bin, args];
  return ['runuser', ['-u', 'postgres', '--', bin, ...args]];
}

function must(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

const bin = findPgBin();
const dir = mkdtempSync(join(tmpdir(), 'mashang-pg-'));
const data = join(dir, 'data');
if (asRoot) {
  const id = spawnSync('id', ['-u', 'postgres']).stdout.toString().trim();
  const gid = spawnSync('id', ['-g', 'postgres']).stdout.toString().trim();
  if (!id) throw new Error('No postgres user; install the postgresql package');
  chownSync(dir, Number(id), Number(gid));
}
const port = await freePort();
let started = false;
let code = 1;
try {
  must(...pgCommand(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']), 'initdb');
  must(
    ...pgCommand(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']),
    'pg_ctl start',
  );
  started = true;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  console.log(`PostgreSQL ${bin.split('/').at(-2)} on ${url} (data in ${data})`);
  const files = process.argv.slice(2).length ? process.argv.slice(2) : ['packages/platform/test/**/*.test.ts'];
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MASHANG_TEST_DATABASE_URL: url },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
} finally {
  if (started) spawnSync(...pgCommand(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']), { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
}
console.log(code === 0 ? 'PostgreSQL suite passed.' : 'PostgreSQL suite FAILED.');
process.exit(code);
