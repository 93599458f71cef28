import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * What a route requires before any work runs:
 * - `public`: anyone (health, docs, sign-in);
 * - `authenticated`: any signed-in user;
 * - `platform:admin`: the installation's operator;
 * - `<resource>:<action>`: a workspace permission (see the access module).
 */
export type RoutePermission = 'public' | 'authenticated' | 'platform:admin' | `${string}:${string}`;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

/** Routes that third-party plugins register (the docs viewer's assets): public by nature. */
const FRAMEWORK_PUBLIC_PREFIXES = ['/api/docs'];

export interface DeclaredRoute {
  method: string;
  url: string;
  permission: RoutePermission;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the permission it declared: the source of the authorization test matrix. */
    routeTable: DeclaredRoute[];
  }
}

/**
 * Every route must declare its permission; registering one without fails at start (and so fails every test).
 * The check that the caller holds it is added by the identity module's preHandler, which reads the same config.
 */
export default fp(
  async function accessPlugin(app: FastifyInstance) {
    const table: DeclaredRoute[] = [];
    app.decorate('routeTable', table);
    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { permission?: RoutePermission };
      if (!config.permission && FRAMEWORK_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
        route.config = { ...config, permission: 'public' };
      }
      const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
      if (!permission) {
        throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.permission`);
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') table.push({ method, url: route.url, permission });
      }
    });
  },
  { name: 'access' },
);
