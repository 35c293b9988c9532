// Lint rules enforce the runtime layering of docs/architecture.md#layers:
//   shared/   runs everywhere: no electron, no node:*, no DOM, and imports nothing outside shared/
//   renderer/ runs in the page: no electron, no node:*, no main/
//   only main/app/ and preload/ may import electron
//   main/core/ imports no provider, no simulator, nothing of the shells (app, host, composition)
//   main/providers/<p>/ imports core and shared only: never another provider nor a simulator
//   main/sandbox/ (the simulators) imports core and shared only
//   renderer/features/<f>/ imports the kit (components/, styles/), app/, bridge/, i18n/, shared/ and its own folder:
//   never another feature; renderer/components/ (the kit) never imports a feature
// tests/unit/lint/boundaries.test.ts plants wrong-way imports and checks that these rules refuse them.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'tls', 'stream', 'child_process', 'url', 'util', 'events', 'zlib', 'buffer', 'worker_threads'];
const noNode = [
  { group: ['node:*'], message: 'This layer must run outside Node: no node:* import.' },
  ...nodeBuiltins.map((m) => ({ group: [m, `${m}/*`], message: 'This layer must run outside Node.' })),
];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only main/app/ and preload/ may import electron.' };

const providerFolders = fs
  .readdirSync(new URL('./main/providers/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const noShells = {
  group: ['**/app/**', '**/host/**', '**/composition.js', '**/composition'],
  message: 'Core, providers and simulators are composed by the shells; they never import them.',
};
const noSimulator = { group: ['**/sandbox/**', '**/sandbox'], message: 'A provider or the core never depends on a simulator: it gets a SimulatedEndpoint through the core deps.' };
const noProvider = { group: ['**/providers/**', '**/providers'], message: 'The core and the simulators never import a provider (the registry composes them).' };
const rendererFeatures = fs
  .readdirSync(new URL('./renderer/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const rendererPatterns = [
  noElectron,
  ...noNode,
  { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to main only through window.guichet.' },
];
const rendererLayers = ['components', 'app', 'bridge', 'i18n', 'styles'];
const noRenderer = { group: ['**/renderer/**', '**/preload/**'], message: 'main/ talks to the window only through the IPC contract.' };

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
    files: ['main/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noProvider, noSimulator, noShells, noRenderer] }] },
  },
  {
    files: ['main/sandbox/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noProvider, noShells, noRenderer] }] },
  },
  // A provider's file at depth d reaches main/providers/ with d + 1 `..`: any folder there but its own
  // is another provider (written generically, so a provider added tomorrow is covered too).
  ...providerFolders.flatMap((provider) =>
    [0, 1, 2, 3].map((depth) => {
      const up = '../'.repeat(depth + 1);
      return {
        files: [`main/providers/${provider}/${'*/'.repeat(depth)}*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                noElectron,
                noSimulator,
                noShells,
                noRenderer,
                { group: [`${up}registry.js`, `${up}registry`], message: 'A provider is listed by the registry; it never reads it.' },
                { group: [`${up}*/**`, `!${up}../**`, `!${up}${provider}/**`], message: 'A provider never imports another provider.' },
              ],
            },
          ],
        },
      };
    }),
  ),
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noElectron, ...noNode, noRenderer, { group: ['**/main/**'], message: 'shared/ imports nothing outside shared/.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: rendererPatterns }] },
  },
  {
    files: ['renderer/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...rendererPatterns, { group: ['**/features/**', '**/features'], message: 'The kit serves every feature: it never imports one.' }] },
      ],
    },
  },
  // A feature's file at depth d reaches renderer/features/ with d + 1 `..` and renderer/ with d + 2: any
  // folder beside its own is another feature, and only the kit, app, bridge, i18n and styles are open in renderer/.
  ...rendererFeatures.flatMap((feature) =>
    [0, 1, 2, 3].map((depth) => {
      const up = '../'.repeat(depth + 1);
      return {
        files: [`renderer/features/${feature}/${'*/'.repeat(depth)}*.{ts,tsx}`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                ...rendererPatterns,
                { group: [`${up}*/**`, `!${up}../**`, `!${up}${feature}/**`], message: 'A feature never imports another feature: share through renderer/components.' },
                {
                  group: [`${up}../[a-zA-Z]*.*`, `${up}../*/**`, `!${up}../../**`, ...rendererLayers.map((layer) => `!${up}../${layer}/**`)],
                  message: 'A feature imports only the kit (components, styles), app, bridge, i18n and shared.',
                },
              ],
            },
          ],
        },
      };
    }),
  ),
  {
    files: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
