// Size budgets, enforced by `npm test`: each entry is bundled for the browser (production Lit,
// dependencies included, minified with terser) and its gzip size compared with its budget.
// Run after `npm run build` (it measures the compiled dist/ files).
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What is measured, and its budget in gzip bytes. */
export const BUDGETS = [
  { name: '<mashang-payment-code> (with Lit + QR encoder)', entry: 'packages/widgets/dist/payment-code/define.js', budget: 25 * 1024 },
  { name: '@mashang/sdk/digital-link', entry: 'packages/sdk/dist/digital-link/index.js', budget: 6 * 1024 },
  { name: '<mashang-qr>', entry: 'packages/widgets/dist/qr/define.js', budget: 20 * 1024 },
  { name: 'CDN file, all widgets', entry: 'packages/widgets/dist/index.js', budget: 120 * 1024 },
];

/** Minified and gzip (level 9) size of `entry` bundled for browsers. */
export async function browserBundleSize(entry) {
  const bundle = await rollup({
    input: join(root, entry),
    plugins: [nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'default'] }), commonjs()],
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY' && warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true, plugins: [terser({ ecma: 2022, module: true })] });
    const code = output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
    return { min: Buffer.byteLength(code), gz: gzipSync(code, { level: 9 }).length };
  } finally {
    await bundle.close();
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Method: rollup (node-resolve browser+production, commonjs) + terser, gzip -9, on the compiled dist/ files.');
  let failed = 0;
  for (const { name, entry, budget } of BUDGETS) {
    if (!existsSync(join(root, entry))) {
      console.log(`✖ ${name}: ${entry} is missing — run \`npm run build\` (or the element does not exist yet)`);
      failed++;
      continue;
    }
    const { min, gz } = await browserBundleSize(entry);
    const ok = gz <= budget;
    if (!ok) failed++;
    const delta = gz - budget;
    console.log(`${ok ? '✔' : '✖'} ${name}: ${kb(gz)} gz (${kb(min)} min), budget ${kb(budget)} (${delta <= 0 ? `${kb(-delta)} under` : `${kb(delta)} OVER`})`);
  }
  process.exit(failed ? 1 : 0);
}
