// `npm start`: builds what is missing, starts the platform on embedded PGlite in .mashang/,
// seeds the sandbox on first run, and serves the example shop from the same server.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`\`${cmd} ${args.join(' ')}\` failed; fix the error above and run npm start again.`);
    process.exit(r.status ?? 1);
  }
}

// tsc -b is incremental: a no-op when dist/ is up to date.
console.log('Building (incremental)…');
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
const cdn = join(root, 'packages/widgets/dist/mashang-widgets.min.js');
const widgetsIndex = join(root, 'packages/widgets/dist/index.js');
if (!existsSync(cdn) || statSync(cdn).mtimeMs < statSync(widgetsIndex).mtimeMs) {
  run(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent']);
}

// The example shop's server pieces are TypeScript; load them through tsx.
const { register } = await import('tsx/esm/api');
register();
const { loadConfig, startPlatform } = await import('@mashang/platform');
const { ensureSandbox, describeSandbox } = await import('@mashang/platform/cli');
const { shopCapability } = await import('../examples/shop/server.ts');

const config = loadConfig();
const { keys, created } = await ensureSandbox(config);
const running = await startPlatform(config, { extra: [shopCapability({ keys })] });
const url = running.platform.publicUrl();
console.log(`\nMashang platform on ${running.url} (storage: ${running.platform.db.driver}, data: ${config.dataDir})`);
console.log(`${created ? 'Seeded a new sandbox. ' : ''}${describeSandbox(keys, url)}`);
console.log(
  [
    '',
    `  Example shop  ${url}/shop/               (a 信用码 in the footer)`,
    `    checkout    ${url}/shop/checkout.html  (收款码: create an order, pay it in the sandbox wallet)`,
    `    product     ${url}/shop/product.html   (一物一码: printed label, consumer page)`,
    `    onboarding  ${url}/shop/onboarding.html (入驻: a new merchant, auto-reviewed)`,
    `    credit      ${url}/shop/credit.html`,
    '',
    'Set MASHANG_PUBLIC_URL to this machine\'s LAN address to scan the codes with a phone.',
    'Press Ctrl-C to stop.',
  ].join('\n'),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await running.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
