// The CDN file: every widget, Lit and the QR encoder in one minified ES module,
// bundled from the compiled widgets (run `tsc -b` first; `npm run build` does both).
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'packages/widgets/dist/index.js',
  output: {
    file: 'packages/widgets/dist/mashang-widgets.min.js',
    format: 'es',
    sourcemap: true,
    banner: '/*! @mashang/widgets — https://github.com/mashang — MIT */',
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'default'] }),
    commonjs(),
    terser({ ecma: 2022, module: true, format: { comments: /^!/ } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
