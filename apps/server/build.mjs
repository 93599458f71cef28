// `npm run build -w @grip/server`: the server's entry points as plain JavaScript in dist/ (one bundle each), so
// that `npm start` runs without compiling TypeScript in the process: about 70 MB less memory than tsx.
// Packages stay external (loaded from node_modules as usual), except the workspace's own contracts, which are
// TypeScript. dist/ sits beside src/, so paths computed from a module's location (ROOT_DIR) hold in both.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !name.startsWith('@grip/'));

/** Worker threads the server starts (lib/worker-thread.ts): bundled with every build, beside the entry points. */
const THREADS = { 'import-parser': 'src/modules/imports/import-parser.ts' };

/** Bundles `entries` (name → source file) and the worker threads into dist/<name>.mjs. */
export async function buildServer(entries = { server: 'src/server.ts', worker: 'src/worker.ts' }, outdir = 'dist') {
  await build({
    absWorkingDir: new URL('.', import.meta.url).pathname,
    entryPoints: { ...THREADS, ...entries },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: external.flatMap((name) => [name, `${name}/*`]),
    // Some dependencies are CommonJS and call require(): give the ES module bundle one.
    banner: { js: "import { createRequire as __gripCreateRequire } from 'node:module'; const require = __gripCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
