// npm run bench -- <name>: bundles bench/<name>.ts with esbuild (the benches import the app's own
// TypeScript modules) and runs it under plain Node. Each bench writes bench/results/<name>.json.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const available = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (available: ${available.join(', ')})`);
  process.exit(2);
}
const outfile = path.join(root, 'dist', 'bench', `${name}.mjs`);
await build({
  entryPoints: [path.join(root, 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
