/** @module bench/size — bundles one ES module entry with rollup (node-resolve, terser) and reports its minified and gzip size. */

import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

/**
 * Bundles `entry` as a browser ESM bundle (dependencies resolved with the
 * `browser` field, tree-shaken, minified by terser) and measures it.
 *
 * @param {string} entry Path of the JavaScript entry module (e.g. a file in a package's dist/).
 * @param {{ external?: import('rollup').ExternalOption }} [options] Modules to leave out of the bundle.
 * @returns {Promise<{ min: number, gz: number }>} Minified bytes, and bytes after gzip level 9.
 * @example
 * const { min, gz } = await bundleSize('packages/sdk/dist/uscc/index.js', { external: [] });
 */
export async function bundleSize(entry, { external = [] } = {}) {
  const bundle = await rollup({
    input: entry,
    external,
    plugins: [nodeResolve({ browser: true })],
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser()] });
    const code = output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
    return { min: Buffer.byteLength(code), gz: gzipSync(code, { level: 9 }).length };
  } finally {
    await bundle.close();
  }
}
