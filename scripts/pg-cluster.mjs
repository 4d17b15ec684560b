// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's initdb/pg_ctl
// (/usr/lib/postgresql/*/bin) in a temp dir on a free loopback port, fsync off.
//
//   const cluster = await startPgCluster();   // { url, bin, dir, stop() }
//   try { … cluster.url … } finally { cluster.stop(); }
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest PostgreSQL server binaries, or exits with how to install them. */
export function findPgBin() {
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

function must(cmd, args, what, stdio) {
  const r = spawnSync(cmd, args, { stdio });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})${r.stderr ? `: ${r.stderr}` : ''}`);
}

/**
 * Creates and starts a cluster. `settings` are extra `-c name=value` server settings.
 * @param {{ settings?: Record<string, string | number>, quiet?: boolean }} [options]
 */
export async function startPgCluster(options = {}) {
  const stdio = options.quiet ? 'pipe' : 'inherit';
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
  const settings = { listen_addresses: '127.0.0.1', fsync: 'off', max_connections: 200, ...options.settings };
  const flags = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  let started = false;
  const stop = () => {
    if (started) spawnSync(...pgCommand(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']), { stdio });
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    must(...pgCommand(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']), 'initdb', stdio);
    must(...pgCommand(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} ${flags}`, 'start']), 'pg_ctl start', stdio);
    started = true;
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, bin, dir, data, version: bin.split('/').at(-2), stop };
}
