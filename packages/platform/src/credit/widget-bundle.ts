/** @module The `<mashang-credit-code>` element bundled into one browser script for the `/c/…` page. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** A bundle, or the reason there is none (then `code` is a script that says so in the console). */
export interface WidgetBundle {
  ok: boolean;
  code: string;
}

/**
 * A prebuilt bundle, when the package build made one; otherwise the element is bundled on first
 * use with esbuild (present wherever the workspace's dev tooling is installed). Without either, the
 * page still shows the server's verdict as plain HTML.
 */
const PREBUILT = new URL('../../dist/assets/credit-code.js', import.meta.url);

let bundle: Promise<WidgetBundle> | undefined;

async function build(): Promise<WidgetBundle> {
  try {
    return { ok: true, code: await readFile(PREBUILT, 'utf8') };
  } catch {
    // No prebuilt bundle: build one.
  }
  try {
    const entry = fileURLToPath(import.meta.resolve('@mashang/widgets/credit-code'));
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      legalComments: 'none',
      conditions: ['@mashang/source', 'browser', 'import', 'default'],
      logLevel: 'silent',
    });
    return { ok: true, code: result.outputFiles[0]!.text };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, code: `console.error(${JSON.stringify(`Mashang: the credit-code element is not available on this server (${reason}); build @mashang/platform with its assets.`)});\n` };
  }
}

/** The bundle, built once per process. */
export function widgetBundle(): Promise<WidgetBundle> {
  return (bundle ??= build());
}
