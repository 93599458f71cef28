import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { AppError } from './errors.ts';

const API_PREFIXES = ['/api/', '/health/', '/metrics'];
const isApiPath = (url: string) => API_PREFIXES.some((p) => url.startsWith(p) || `${url}/` === p);

/**
 * Serves the built web app. A GET for a file of the build sends it (hashed assets cached for a year); any other
 * page path gets index.html, and the client router draws the page or its 404. Unknown API paths, and every
 * unknown non-GET request, get the JSON 404.
 */
export default fp(
  async function webPlugin(app: FastifyInstance, opts: { dist: string }) {
    const root = path.resolve(opts.dist);
    const hasWeb = existsSync(path.join(root, 'index.html'));
    if (hasWeb) await app.register(fastifyStatic, { root, serve: false });

    app.setNotFoundHandler(async (request) => {
      throw new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`, 404);
    });

    app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const url = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (isApiPath(url)) throw new AppError('not_found', `No route ${request.method} ${url}`, 404);
      if (!hasWeb) {
        return reply
          .status(503)
          .type('text/plain')
          .send('The web app is not built. Run `npm run build` (npm start does this for you).');
      }
      const file = path.resolve(root, `.${url}`);
      if (file.startsWith(`${root}${path.sep}`) && existsSync(file) && statSync(file).isFile()) {
        const immutable = url.startsWith('/assets/');
        return reply
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
          .sendFile(path.relative(root, file), { cacheControl: false });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  },
  { name: 'web' },
);
