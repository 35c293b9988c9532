// Lint rules enforce the runtime layering of docs/architecture.md#layers:
//   shared/   runs everywhere: no electron, no node:*, no DOM
//   renderer/ runs in the page: no electron, no node:*, no main/
//   only main/app/ and preload/ may import electron
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'tls', 'stream', 'child_process', 'url', 'util', 'events', 'zlib', 'buffer', 'worker_threads'];
const noNode = [
  { group: ['node:*'], message: 'This layer must run outside Node: no node:* import.' },
  ...nodeBuiltins.map((m) => ({ group: [m, `${m}/*`], message: 'This layer must run outside Node.' })),
];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only main/app/ and preload/ may import electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [noElectron] }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['main/app/**', 'preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron, ...noNode] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            ...noNode,
            { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to main only through window.guichet.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
