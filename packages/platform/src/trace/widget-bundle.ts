/** @module The `<mashang-trace>` element bundled into one browser script for the resolver page. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** A bundle, or (when `ok` is false) a script that explains in the console why there is none. */
export interface TraceBundle {
  ok: boolean;
  code: string;
}

/** Written by a packaging step that prebuilds page assets; absent in a source checkout. */
const PREBUILT = new URL('../../dist/assets/trace.js', import.meta.url);

let bundle: Promise<TraceBundle> | undefined;

async function build(): Promise<TraceBundle> {
  try {
    return { ok: true, code: await readFile(PREBUILT, 'utf8') };
  } catch {
    // Not prebuilt: bundle the element's sources with esbuild (part of the workspace's dev tooling).
  }
  try {
    const entry = fileURLToPath(import.meta.resolve('@mashang/widgets/trace'));
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
    return { ok: false, code: `console.error(${JSON.stringify(`Mashang: the trace element is not available on this server (${reason}); the page shows the server's verdict only.`)});\n` };
  }
}

/** The bundle, built once per process. */
export function traceBundle(): Promise<TraceBundle> {
  return (bundle ??= build());
}
