import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform();
});
after(() => p.close());

describe('GET /openapi.json', () => {
  it('should be a valid OpenAPI 3.1 document', async () => {
    const doc = await (await fetch(`${p.url}/openapi.json`)).json();
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
  });

  it('should list every route the app serves, with a unique operationId', async () => {
    const doc = (await (await fetch(`${p.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    // Every route registered on the Hono app through a spec…
    for (const spec of p.platform.routes.specs) assert.ok(documented.has(`${spec.method.toUpperCase()} ${spec.path}`), `${spec.method} ${spec.path}`);
    // …and no API route registered around the spec mechanism.
    const served = p.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/v1/') || r.path.startsWith('/epcis')))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const route of served) assert.ok(documented.has(route), `${route} is served but not documented`);
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  it('should match the copy in docs/openapi.json (regenerate with node scripts/openapi.mjs)', () => {
    const root = join(import.meta.dirname, '../../..');
    const r = spawnSync(process.execPath, [join(root, 'scripts/openapi.mjs'), '--check'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });
});
