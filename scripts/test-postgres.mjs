// `npm run test:postgres`: the storage and API suites against a real PostgreSQL server.
// Creates a throwaway cluster with Debian's initdb/pg_ctl (/usr/lib/postgresql/*/bin) in a
// temp dir on a free loopback port (scripts/pg-cluster.mjs), runs the platform's Node tests with
// MASHANG_TEST_DATABASE_URL pointing at it, then stops and removes the cluster.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPgCluster } from './pg-cluster.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let cluster;
let code = 1;
try {
  cluster = await startPgCluster();
  const { url } = cluster;
  console.log(`PostgreSQL ${cluster.version} on ${url} (data in ${cluster.data})`);
  const files = process.argv.slice(2).length ? process.argv.slice(2) : ['packages/platform/test'];
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts/node-tests.mjs'), ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MASHANG_TEST_DATABASE_URL: url },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
} finally {
  cluster?.stop();
}
console.log(code === 0 ? 'PostgreSQL suite passed.' : 'PostgreSQL suite FAILED.');
process.exit(code);
