import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import type { Grants, Scope } from '@grip/contracts/access';
import type { Config } from '../config.ts';
import type { TenantContext } from '../db/tenant.ts';
import { AppError } from './errors.ts';
import { createAuth, type Auth } from '../modules/identity/auth.ts';
import { verifyAccessToken } from '../modules/identity/tokens.service.ts';
import { resolveAccess } from '../modules/access/access.service.ts';
import type { AuditMeta } from '../modules/audit/audit.service.ts';
import { TtlCache } from '../lib/ttl-cache.ts';

export interface Principal {
  user: {
    id: string;
    email: string;
    name: string;
    role: 'admin' | 'user';
    emailVerified: boolean;
    twoFactorEnabled: boolean;
  };
  sessionId: string;
  via: 'cookie' | 'bearer';
}

export interface Access {
  workspace: { id: string; slug: string; name: string; requireTwoFactor: boolean };
  membershipId: string;
  role: { id: string; key: string; name: string };
  grants: Grants;
  /** The scope of the permission this route needs: `own` limits the work to the caller's records. */
  scope: Scope;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** Forget cached sessions and memberships (after anything that changes who may do what). */
    clearAuthCache: () => void;
  }
  interface FastifyRequest {
    principal: Principal | null;
    access: Access | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in principal of a route that requires one (a programmer error if the route is public). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.routeOptions.url} used principalOf on a public route`);
  return request.principal;
}

export function accessOf(request: FastifyRequest): Access {
  if (!request.access) throw new Error(`${request.routeOptions.url} used accessOf without a workspace permission`);
  return request.access;
}

/** The tenant context for withTenant: the verified membership's workspace, never client input alone. */
export function tenantOf(request: FastifyRequest): TenantContext {
  return { workspaceId: accessOf(request).workspace.id, userId: principalOf(request).user.id };
}

/** The tenant context plus the scope the route's permission is granted with (services narrow `own` work by it). */
export function callerOf(request: FastifyRequest): TenantContext & { userId: string; scope: Scope } {
  return { workspaceId: accessOf(request).workspace.id, userId: principalOf(request).user.id, scope: accessOf(request).scope };
}

export function auditMetaOf(request: FastifyRequest): AuditMeta {
  return {
    actorUserId: request.principal?.user.id ?? null,
    actorEmail: request.principal?.user.email ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

/**
 * Authentication and authorization for every route, before validation or any work:
 * `public` passes; everything else needs a signed-in, enabled user (session cookie or bearer access token) →
 * 401; `platform:admin` needs the platform role → 403; a workspace permission needs a membership in the
 * `:workspace` of the URL (none → 404, so other workspaces' existence is not revealed) whose role grants it
 * (→ 403). Cookie-authenticated writes must come from our own origin (CSRF).
 */
export default fp(
  async function authPlugin(app: FastifyInstance, opts: { config: Config }) {
    const auth = createAuth({ config: opts.config, pool: app.db.app, mailer: app.mail, log: app.log.child({ component: 'auth' }) });
    app.decorate('auth', auth);
    app.decorateRequest('principal', null);
    app.decorateRequest('access', null);
    const ownOrigin = new URL(opts.config.appUrl).origin;

    // Sessions and memberships are read on every request and change rarely: caching them keeps a request at one
    // database round trip. Changes made through this instance clear the caches at once (see onResponse below);
    // other instances see them within the TTL.
    const principals = new TtlCache<Principal | null>(opts.config.authCacheTtlMs);
    const accesses = new TtlCache<Awaited<ReturnType<typeof resolveAccess>>>(opts.config.authCacheTtlMs);
    const clearAuthCache = () => {
      principals.clear();
      accesses.clear();
    };
    app.decorate('clearAuthCache', clearAuthCache);

    async function authenticate(request: FastifyRequest): Promise<Principal | null> {
      const key = request.headers.authorization ?? request.headers.cookie;
      if (!key) return null;
      const cached = principals.get(key);
      if (cached !== undefined) return cached;
      const principal = await lookupPrincipal(request);
      principals.set(key, principal);
      return principal;
    }

    async function lookupPrincipal(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const claims = await verifyAccessToken(opts.config.secrets.authSecret, header.slice(7).trim());
        if (!claims) return null;
        const { rows } = await app.db.app.query(
          `SELECT u.id, u.email, u.name, u.role, u.email_verified AS "emailVerified", u.two_factor_enabled AS "twoFactorEnabled"
             FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = $1 AND s.user_id = $2 AND s.expires_at > now() AND NOT u.banned`,
          [claims.sessionId, claims.userId],
        );
        return rows[0] ? { user: rows[0], sessionId: claims.sessionId, via: 'bearer' } : null;
      }
      if (!request.headers.cookie) return null;
      const found = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
      if (!found || found.user.banned) return null;
      const u = found.user;
      return {
        user: {
          id: u.id,
          email: u.email,
          name: u.name,
          role: u.role === 'admin' ? 'admin' : 'user',
          emailVerified: u.emailVerified,
          twoFactorEnabled: Boolean(u.twoFactorEnabled),
        },
        sessionId: found.session.id,
        via: 'cookie',
      };
    }

    function checkOrigin(request: FastifyRequest) {
      const origin = request.headers.origin ?? (request.headers.referer ? new URL(request.headers.referer).origin : undefined);
      const host = request.headers.host ? `${request.protocol}://${request.headers.host}` : undefined;
      if (origin !== undefined && origin !== ownOrigin && origin !== host) {
        throw new AppError('csrf_rejected', 'Cross-site request refused', 403);
      }
      const site = request.headers['sec-fetch-site'];
      if (origin === undefined && site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new AppError('csrf_rejected', 'Cross-site request refused', 403);
      }
    }

    type ResolvedAccess = Awaited<ReturnType<typeof resolveAccess>>;
    const isWorkspacePermission = (permission: string) => permission !== 'authenticated' && permission !== 'platform:admin';
    const slugOf = (request: FastifyRequest, permission: string) => {
      const slug = (request.params as { workspace?: string }).workspace;
      if (!slug) throw new Error(`Route ${request.routeOptions.url} declares ${permission} but has no :workspace parameter`);
      return slug;
    };

    /** The checks themselves, once the principal and (for workspace permissions) the membership are known. */
    function authorize(request: FastifyRequest, permission: string, principal: Principal | null, access: ResolvedAccess | undefined) {
      if (!principal) throw new AppError('unauthenticated', 'Sign in to continue', 401);
      request.principal = principal;
      if (principal.via === 'cookie' && !SAFE_METHODS.has(request.method)) checkOrigin(request);
      if (permission === 'authenticated') return;
      if (permission === 'platform:admin') {
        if (principal.user.role !== 'admin') throw new AppError('forbidden', 'This needs the platform admin role', 403);
        return;
      }
      if (!access) throw new AppError('not_found', 'Workspace not found', 404);
      if (access.workspace.disabledAt) throw new AppError('workspace_disabled', 'This workspace is disabled', 403);
      const scope = access.grants[permission as keyof Grants];
      if (!scope) throw new AppError('forbidden', `Your role does not allow ${permission}`, 403, { permission });
      if (access.workspace.requireTwoFactor && !principal.user.twoFactorEnabled) {
        throw new AppError('two_factor_required', 'This workspace requires two-factor authentication; enable it in your account', 403);
      }
      request.access = { ...access, scope };
    }

    async function lookUpAndAuthorize(request: FastifyRequest, permission: string) {
      const principal = await authenticate(request);
      let access: ResolvedAccess | undefined;
      if (principal && isWorkspacePermission(permission)) {
        const slug = slugOf(request, permission);
        const accessKey = `${principal.user.id}:${slug}`;
        access = accesses.get(accessKey);
        if (access === undefined) {
          access = await resolveAccess(app.db.app, principal.user.id, slug);
          accesses.set(accessKey, access);
        }
      }
      authorize(request, permission, principal, access);
    }

    // A callback hook with a synchronous path: when the session and the membership are cached (nearly every
    // request), authorizing costs no promise and no database round trip.
    app.addHook('onRequest', (request, _reply, done) => {
      const permission = request.routeOptions.config?.permission;
      if (!permission || permission === 'public') return done();
      try {
        const key = request.headers.authorization ?? request.headers.cookie;
        const principal = key ? principals.get(key) : null;
        if (principal !== undefined) {
          const access = principal && isWorkspacePermission(permission) ? accesses.get(`${principal.user.id}:${slugOf(request, permission)}`) : null;
          if (access !== undefined) {
            authorize(request, permission, principal, access ?? undefined);
            return done();
          }
        }
      } catch (err) {
        return done(err as Error);
      }
      lookUpAndAuthorize(request, permission).then(() => done(), (err: Error) => done(err));
    });

    // Identity, account, admin and access-management writes can change a session, a user or a membership.
    const CRM_DATA = /^(customers|customer-fields|policies|notes|views|bulk-jobs|tickets):/;
    // Personal data under workspace:read (views, drafts, notifications) changes no access either.
    const PERSONAL_DATA = /^\/api\/v1\/w\/:workspace\/(views|last-views|drafts|notifications|notification-preferences)(\/|$)/;
    // (onSend: the handler's transaction has committed, and the client cannot act on the answer yet.)
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (!SAFE_METHODS.has(request.method)) {
        const permission = request.routeOptions.config?.permission;
        if (!(typeof permission === 'string' && CRM_DATA.test(permission)) && !PERSONAL_DATA.test(request.routeOptions.url ?? '')) clearAuthCache();
      }
      done(null, payload);
    });
  },
  { name: 'auth', dependencies: ['db', 'mail', 'access'] },
);
