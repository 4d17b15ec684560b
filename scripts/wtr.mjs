// Runs @web/test-runner with TypeScript sources loadable in its Node process (the config starts
// a real platform from packages/platform/src) and the source export condition.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve('@web/test-runner')), 'bin.js');
const child = spawn(process.execPath, ['--conditions=@mashang/source', '--import', 'tsx', bin, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
