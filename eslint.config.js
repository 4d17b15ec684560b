// Lint: ESLint recommended + typescript-eslint recommended, on sources, tests, scripts and examples.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', 'screenshots/**', 'coverage/**', '.mashang/**', '**/*.d.ts', 'packages/sdk/src/epcis/schema/epcis-schema.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', console: 'readonly', process: 'readonly', fetch: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', location: 'readonly',
        customElements: 'readonly', HTMLElement: 'readonly', CustomEvent: 'readonly', localStorage: 'readonly', navigator: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly',
        performance: 'readonly', crypto: 'readonly', structuredClone: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly',
        Buffer: 'readonly', EventSource: 'readonly', Blob: 'readonly', FormData: 'readonly', File: 'readonly', requestAnimationFrame: 'readonly',
        globalThis: 'readonly', queueMicrotask: 'readonly', atob: 'readonly', btoa: 'readonly', getComputedStyle: 'readonly', Image: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // Validators deliberately match control characters to refuse them.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      // chai assertions such as `expect(x).to.exist` are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests feed full-width and odd whitespace to validators on purpose.
      'no-irregular-whitespace': 'off',
    },
  },
);
