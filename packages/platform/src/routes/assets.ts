/** @module Serves the widgets' CDN bundle for the platform's own pages (/p/…, /c/…, /01/…). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Platform } from '../context.js';
import { HttpError } from '../errors.js';
import type { router } from '../route.js';

/** URL path of the bundle: every `<mashang-*>` element in one ES module. */
export const WIDGETS_BUNDLE_PATH = '/assets/mashang-widgets.min.js';

function bundleFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@mashang/widgets/package.json')), 'dist', 'mashang-widgets.min.js');
}

let cached: Promise<{ js: string; map: string | undefined }> | undefined;

/**
 * The widgets' CDN bundle (`@mashang/widgets/dist/mashang-widgets.min.js`), read once.
 * Platform pages (/c/…, /01/…, /p/…) load it, or prepend it to their own page script.
 * Throws a 503 `HttpError` saying to run the build when it is missing.
 */
export function loadWidgetsBundle(): Promise<{ js: string; map: string | undefined }> {
  cached ??= (async () => {
    const file = bundleFile();
    try {
      const js = await readFile(file, 'utf8');
      const map = await readFile(`${file}.map`, 'utf8').catch(() => undefined);
      return { js, map };
    } catch {
      cached = undefined;
      throw new HttpError('api_error', 'assets_not_built', `The widgets bundle is missing (${file}); run \`npm run build\`.`, { status: 503 });
    }
  })();
  return cached;
}

/** `GET /assets/mashang-widgets.min.js` (+ its source map). */
export function assetRoutes(route: ReturnType<typeof router>, _platform: Platform): void {
  const load = loadWidgetsBundle;
  route(
    { method: 'get', path: WIDGETS_BUNDLE_PATH, summary: 'The widgets as one ES module (used by the platform pages)', tag: 'Pages', auth: 'public', produces: 'text/javascript' },
    async () =>
      new Response((await load()).js, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
      }),
  );
  route(
    { method: 'get', path: `${WIDGETS_BUNDLE_PATH}.map`, summary: 'Source map of the widgets bundle', tag: 'Pages', auth: 'public', produces: 'application/json' },
    async () => new Response((await load()).map ?? '{}', { headers: { 'content-type': 'application/json' } }),
  );
}
