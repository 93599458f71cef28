import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread running `source` (a TypeScript module). From the bundle (`npm start`) the thread runs
 * the module's own bundle, dist/<bundle>.mjs beside the server's (see build.mjs); from the sources (tests, tsx)
 * it runs the source through ts-worker.mjs. The thread reads its input as `workerData.data`.
 */
export function startWorker(source: URL, bundle: string, data: unknown, resourceLimits?: ResourceLimits): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  return fromSources
    ? new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry: source.href, data }, resourceLimits })
    : new Worker(new URL(`./${bundle}.mjs`, import.meta.url), { workerData: { data }, resourceLimits });
}
