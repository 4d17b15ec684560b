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
await writeFile(join(root, 'docs/openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
await platform.close();
console.log(`docs/openapi.json: ${Object.keys(doc.paths).length} paths`);
