// Builds everything `npm start`, the tests and electron-builder need into dist/:
//   dist/renderer/      the React app (Vite)
//   dist/main/app.cjs   Electron main process (only loaded where the Electron binary exists)
//   dist/main/preload.cjs
//   dist/main/start.mjs the launcher: Electron when present, otherwise the web host
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv[2];

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'error' });
  await buildEarlyLink();
}

/**
 * renderer/bridge/earlyLink.ts: a small classic script of its own, which index.html runs as soon as it
 * arrives (async), so the session, the bridge's socket and the first answers travel while the browser
 * is still compiling the application's module. Named by its content, like Vite's assets.
 */
async function buildEarlyLink() {
  const result = await esbuild({
    entryPoints: ['renderer/bridge/earlyLink.ts'],
    absWorkingDir: root,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 8);
  const name = `early-link-${hash}.js`;
  fs.writeFileSync(path.join(root, 'dist/renderer/assets', name), code);
  const indexPath = path.join(root, 'dist/renderer/index.html');
  const html = fs.readFileSync(indexPath, 'utf8');
  if (!html.includes('<script type="module"')) throw new Error('dist/renderer/index.html: no module script to put the early link before');
  fs.writeFileSync(indexPath, html.replace('<script type="module"', `<script async src="./assets/${name}"></script>\n    <script type="module"`));
}

/**
 * zod's namespace (`import { z } from 'zod'`) re-exports its translated messages for some fifty
 * languages (`z.locales`, `z.core.locales`); a bundler cannot drop them, since the namespace is one
 * object. Guichet never reads them (the clerk's text comes from the renderer's catalogues; main
 * returns codes) and zod's own English default is imported apart (zod/v4/classic/schemas.js). Half of
 * zod's bytes, and a quarter of what the host compiles at start-up: replaced by an empty namespace.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

async function buildMain() {
  // Minified (names kept for stack traces and logs): a third of the bytes to read, decode and
  // compile at every start, which is most of the host's time before it is ready.
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    minify: true,
    keepNames: true,
    plugins: [zodWithoutLocales],
  };
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: ['main/app/main.ts'],
      outfile: 'dist/main/app.cjs',
      format: 'cjs',
      // Native and Electron-provided modules stay outside the bundle; electron-builder ships them.
      external: ['electron', 'better-sqlite3'],
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
    esbuild({
      ...common,
      entryPoints: ['preload/index.ts'],
      outfile: 'dist/main/preload.cjs',
      format: 'cjs',
      // A sandboxed preload may only require('electron'): everything else is bundled in.
      external: ['electron'],
      sourcemap: false,
    }),
    esbuild({
      ...common,
      entryPoints: { start: 'main/host/start.ts' },
      outdir: 'dist/main',
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      // A few files to load instead of hundreds of node_modules files: the web host starts faster.
      // Split at the lazy import of the application: the host listens (and the browser starts)
      // after evaluating its own small chunk, while the rest (database, providers, simulators) loads.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      external: ['better-sqlite3', 'electron', 'vite', 'esbuild'],
      banner: { js: "import { createRequire as __guichetRequire } from 'node:module'; const require = __guichetRequire(import.meta.url);" },
    }),
  ]);
  // The Archive's PDF text worker runs as its own thread from a file (main/core/archive/textExtractor.ts):
  // plain JavaScript importing only pdfjs-dist, copied as is next to the bundles.
  fs.copyFileSync(path.join(root, 'main/core/archive/pdfTextWorker.mjs'), path.join(root, 'dist/main/pdfTextWorker.mjs'));
}

if (!only || only === 'renderer') await buildRenderer();
if (!only || only === 'main') await buildMain();
