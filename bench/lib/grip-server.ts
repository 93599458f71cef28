// The Grip bench server as users run it: bundled to plain JavaScript by the server's own build (as `npm start`
// does), not compiled on the fly by tsx, so that its memory and start-up are those of a real installation.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
// @ts-expect-error -- a plain ES module without type declarations
import { buildServer } from '../../apps/server/build.mjs';

const SERVER_DIR = path.resolve(import.meta.dirname, '../../apps/server');
let built: Promise<URL> | undefined;

/** The Node flags `npm start` runs the server with (from apps/server/package.json, so the two never drift apart). */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(SERVER_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
}

/** Builds bench/servers/grip.ts into apps/server/dist/bench-grip.mjs (once per run) and returns its URL. */
export function gripServerScript(): Promise<URL> {
  built ??= (async () => {
    await (buildServer as (entries: Record<string, string>, outdir: string) => Promise<void>)({ 'bench-grip': '../../bench/servers/grip.ts' }, 'dist');
    return pathToFileURL(path.join(SERVER_DIR, 'dist/bench-grip.mjs'));
  })();
  return built;
}
