// Browser tests: every packages/widgets/src/**/*.test.ts in Debian's Chromium (Playwright
// launcher), against a real platform started here on 127.0.0.1:0 with PGlite in memory.
// Run through scripts/wtr.mjs, which loads TypeScript sources (tsx) with the source condition.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumPath, CHROMIUM_ARGS } from './scripts/browser.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const executablePath = chromiumPath();

// Sandbox timings short enough for tests (each capability reads its own variable).
process.env.MASHANG_SANDBOX_REVIEW_DELAY_MS ??= '300';
process.env.MASHANG_WEBHOOK_RETRY_BASE_MS ??= '50';

const { startTestPlatform } = await import('./packages/platform/test/helpers.ts');
const platform = await startTestPlatform({ rateLimit: 0, log: () => {} });
const env = { platformUrl: platform.url, keys: platform.keys };

async function pageOf(session) {
  return session.browser.getPage(session.id);
}

/** Server-side commands the tests call with `executeServerCommand` (see packages/widgets/test/env.ts). */
const commands = {
  name: 'mashang-commands',
  async executeCommand({ command, payload, session }) {
    if (!command.startsWith('mashang-')) return undefined;
    const page = await pageOf(session);
    switch (command) {
      case 'mashang-screenshot': {
        const path = join(root, 'screenshots', `${payload.name}.png`);
        await mkdir(dirname(path), { recursive: true });
        if (payload.selector) await page.locator(payload.selector).first().screenshot({ path });
        else await page.screenshot({ path, fullPage: true });
        return path;
      }
      case 'mashang-decode-qr': {
        const { PNG } = await import('pngjs');
        const jsQR = (await import('jsqr')).default;
        const buffer = await page.locator(payload.selector).first().screenshot();
        const png = PNG.sync.read(buffer);
        const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
        return code ? code.data : null;
      }
      case 'mashang-open-page': {
        // A second page in the same browser (a phone scanning a code, say); runs simple steps.
        const other = await page.context().newPage();
        try {
          await other.goto(payload.url);
          for (const step of payload.steps ?? []) {
            if (step.fill) await other.locator(step.fill).first().fill(String(step.value));
            if (step.click) await other.locator(step.click).first().click();
            if (step.waitFor) await other.locator(step.waitFor).first().waitFor({ timeout: step.timeout ?? 5000 });
            if (step.screenshot) {
              const path = join(root, 'screenshots', `${step.screenshot}.png`);
              await mkdir(dirname(path), { recursive: true });
              await other.screenshot({ path, fullPage: true });
            }
          }
          return await other.locator('body').innerText();
        } finally {
          await other.close();
        }
      }
      default:
        return undefined;
    }
  },
};

/**
 * CommonJS dependencies (the `qrcode` encoder, jsQR) bundled on the fly into ES modules with
 * their named exports, so the browser can import them as the widgets' sources do.
 */
const CJS_MODULES = {
  'qrcode/lib/core/qrcode.js': ['create'],
  jsqr: ['default'],
};
function cjsAsEsm() {
  const cache = new Map();
  return {
    name: 'mashang-cjs-as-esm',
    resolveImport({ source }) {
      if (source in CJS_MODULES) return `/__mashang/cjs/${encodeURIComponent(source)}.js`;
      return undefined;
    },
    async serve(context) {
      const m = /^\/__mashang\/cjs\/(.+)\.js$/.exec(context.path);
      if (!m) return undefined;
      const source = decodeURIComponent(m[1]);
      if (!cache.has(source)) {
        const names = CJS_MODULES[source].filter((n) => n !== 'default');
        const contents = `import * as m from ${JSON.stringify(source)};\n${names.map((n) => `export const ${n} = m.${n};`).join('\n')}\nexport default (m.default ?? m);`;
        const out = await build({ stdin: { contents, resolveDir: root }, bundle: true, format: 'esm', write: false, platform: 'browser' });
        cache.set(source, out.outputFiles[0].text);
      }
      return { body: cache.get(source), type: 'js' };
    },
  };
}

const envEndpoint = {
  name: 'mashang-env',
  serve(context) {
    if (context.path === '/__mashang/env') return { body: JSON.stringify(env), type: 'application/json' };
    return undefined;
  },
  async serverStop() {
    await platform.close();
  },
};

export default {
  rootDir: root,
  files: ['packages/widgets/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['@mashang/source', 'browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  plugins: [
    envEndpoint,
    commands,
    cjsAsEsm(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'packages/widgets/tsconfig.json') }),
  ],
};
