// Writes docs/openapi.json: the platform's OpenAPI document, generated from the route specs and
// the SDK's zod schemas (the same document the server serves at GET /openapi.json).
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { register } = await import('tsx/esm/api');
register();
const { createPlatform, loadConfig } = await import('@mashang/platform');
const { platform, app } = await createPlatform(loadConfig({}, { memory: true, port: 8080, log: () => {} }));
const res = await app.request('/openapi.json');
const doc = await res.json();
doc.servers = [{ url: 'http://127.0.0.1:8080', description: 'local sandbox (npm start)' }];
doc.info['x-generated-by'] = 'scripts/openapi.mjs from the route specs and the SDK schemas; do not edit';
const target = join(root, 'docs/openapi.json');
const text = `${JSON.stringify(doc, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const { readFile } = await import('node:fs/promises');
  const current = await readFile(target, 'utf8').catch(() => '');
  await platform.close();
  if (current !== text) {
    console.error('docs/openapi.json is out of date: run `node scripts/openapi.mjs`.');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date.');
  process.exit(0);
}
await writeFile(target, text);
await platform.close();
console.log(`docs/openapi.json: ${Object.keys(doc.paths).length} paths`);
