import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { admin, twoFactor } from 'better-auth/plugins';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import { drizzleFor } from '../../db/client.ts';
import { accounts, sessions, twoFactors, users, verifications } from '../../db/schema/identity.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { recordPlatformAudit, type AuditMeta } from '../audit/audit.service.ts';
import { isCommonPassword } from './common-passwords.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { countAttempt, mailKeys, recordFailure, recordSuccess, secondsLocked, throttleKeys, type ThrottleKey } from './throttle.service.ts';

/** Set by our Fastify bridge on every request it forwards: Fastify's view of the client address. */
export const CLIENT_IP_HEADER = 'x-grip-client-ip';

export const VERIFY_EMAIL_EXPIRES_S = 24 * 3600;
export const RESET_PASSWORD_EXPIRES_S = 3600;

/** Endpoints that mail an address on request: limited per address, so nobody can flood an inbox. */
const MAIL_PATHS = new Set(['/request-password-reset', '/send-verification-email']);

const tooMany = (wait: number, what: string) =>
  new APIError('TOO_MANY_REQUESTS', { code: 'RATE_LIMITED', message: `Too many ${what}. Try again in ${wait} seconds.` }, { 'retry-after': String(wait) });

const PASSWORD_PATHS: Record<string, string> = {
  '/sign-up/email': 'password',
  '/reset-password': 'newPassword',
  '/change-password': 'newPassword',
};

/** Successful Better Auth endpoints that leave an audit entry. */
const AUDITED_PATHS: Record<string, string> = {
  '/change-password': 'auth.password_changed',
  '/two-factor/disable': 'auth.two_factor_disabled',
  '/two-factor/generate-backup-codes': 'auth.backup_codes_regenerated',
  '/revoke-session': 'auth.session_revoked',
  '/revoke-sessions': 'auth.sessions_revoked_all',
  '/revoke-other-sessions': 'auth.sessions_revoked_others',
  '/sign-out': 'auth.signed_out',
  '/update-user': 'user.profile_updated',
  '/verify-email': 'auth.email_verified',
};

export interface AuthDeps {
  config: Config;
  pool: pg.Pool;
  mailer: Mailer;
  log: FastifyBaseLogger;
}

/**
 * Better Auth configured for Grip: email + password with verification, argon2id hashing, hashed verification
 * tokens, reset without auto sign-in, server-side sessions, TOTP two-factor, and the admin plugin (platform
 * role, disabling users). What Better Auth does not do — common-password rejection, per-account+IP sign-in
 * backoff, the audit trail — is added through its hooks.
 */
export function createAuth({ config, pool, mailer, log }: AuthDeps) {
  const secure = config.appUrl.startsWith('https://');

  const metaOf = (headers: Headers | undefined, user?: { id: string; email: string } | null): AuditMeta => ({
    actorUserId: user?.id ?? null,
    actorEmail: user?.email ?? null,
    ip: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get('user-agent') ?? null,
    requestId: headers?.get('x-request-id') ?? null,
  });
  const audit = (meta: AuditMeta, action: string, entityId: string | null, after?: unknown) =>
    recordPlatformAudit(pool, meta, { action, entityType: 'user', entityId, after }).catch((err: unknown) =>
      log.error({ err, action }, 'audit write failed'),
    );
  // Mail is handed off without waiting, so a reset request takes the same time whether or not the account exists.
  const sendLater = (message: Parameters<Mailer['send']>[0]) =>
    void mailer.send(message).catch((err: unknown) => log.error({ err, subject: message.subject }, 'mail failed'));

  // A reset has no session: the user it is for is read from the token before Better Auth consumes it.
  const resetFor = new WeakMap<Request, string>();

  return betterAuth({
    appName: 'Grip',
    baseURL: config.appUrl,
    basePath: '/api/auth',
    secret: config.secrets.authSecret,
    trustedOrigins: [config.appUrl],
    database: drizzleAdapter(drizzleFor(pool), {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications, twoFactor: twoFactors },
    }),
    advanced: {
      database: { generateId: 'uuid' },
      cookiePrefix: 'grip',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    verification: { storeIdentifier: 'hashed' },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: false,
      resetPasswordTokenExpiresIn: RESET_PASSWORD_EXPIRES_S,
      revokeSessionsOnPasswordReset: true,
      password: { hash: hashPassword, verify: verifyPassword },
      sendResetPassword: async ({ user, token }) => {
        const url = `${config.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
        sendLater({
          to: user.email,
          subject: 'Reset your Grip password',
          text: `Someone asked to reset the password of your Grip account.\n\nChoose a new password: ${url}\n\nThe link works once, within 1 hour. If it was not you, ignore this email.`,
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: false,
      autoSignInAfterVerification: true,
      expiresIn: VERIFY_EMAIL_EXPIRES_S,
      sendVerificationEmail: async ({ user, token }) => {
        const url = `${config.appUrl}/verify-email?token=${encodeURIComponent(token)}`;
        sendLater({
          to: user.email,
          subject: 'Verify your email for Grip',
          text: `Welcome to Grip, ${user.name}.\n\nConfirm your email address: ${url}\n\nThe link expires in 24 hours.`,
        });
      },
    },
    session: {
      expiresIn: 30 * 24 * 3600,
      updateAge: 24 * 3600,
      cookieCache: { enabled: false }, // every request checks the database, so revocation is immediate
    },
    user: { changeEmail: { enabled: false }, deleteUser: { enabled: false } },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 600,
      customRules: {
        '/sign-in/email': false, // our per-account+IP backoff handles sign-in
        '/sign-up/email': { window: 60, max: 20 },
        '/request-password-reset': { window: 60, max: 10 },
        '/send-verification-email': { window: 60, max: 5 },
        '/two-factor/verify-totp': { window: 60, max: 10 },
        '/two-factor/verify-backup-code': { window: 60, max: 10 },
      },
    },
    plugins: [admin({ defaultRole: 'user', adminRoles: ['admin'] }), twoFactor({ issuer: 'Grip' })],
    databaseHooks: {
      session: {
        create: {
          after: async (session, ctx) => {
            const user = ctx?.context.newSession?.user ?? null;
            await audit(metaOf(ctx?.request?.headers, user ?? { id: session.userId, email: '' }), 'auth.signed_in', session.userId);
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const field = PASSWORD_PATHS[ctx.path];
        const candidate = field ? (ctx.body as Record<string, unknown> | undefined)?.[field] : undefined;
        if (typeof candidate === 'string' && isCommonPassword(candidate)) {
          throw new APIError('BAD_REQUEST', {
            code: 'PASSWORD_TOO_COMMON',
            message: 'This password is one of the most common ones; choose another.',
          });
        }
        if (ctx.path === '/reset-password' && ctx.request) {
          const token = String((ctx.body as { token?: unknown } | undefined)?.token ?? '');
          const found = token ? await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`) : null;
          if (found?.value) resetFor.set(ctx.request, found.value);
        }
        if (ctx.path === '/sign-in/email') {
          const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? '');
          const ip = ctx.request?.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
          const wait = await secondsLocked(pool, throttleKeys(email, ip).map((k) => k.key));
          if (wait > 0) throw tooMany(wait, 'failed attempts');
        }
        if (MAIL_PATHS.has(ctx.path)) {
          // Counted whether or not the account exists, so the limit reveals nothing.
          const keys: ThrottleKey[] = mailKeys(String((ctx.body as { email?: unknown } | undefined)?.email ?? ''));
          const wait = await secondsLocked(pool, keys.map((k) => k.key));
          if (wait > 0) throw tooMany(wait, 'emails to this address');
          await countAttempt(pool, keys);
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const failed = returned instanceof APIError || (returned instanceof Error && 'status' in returned);
        const headers = ctx.request?.headers;
        if (ctx.path === '/sign-in/email') {
          const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? '');
          const ip = headers?.get(CLIENT_IP_HEADER) ?? 'unknown';
          if (failed && (returned as APIError).statusCode === 401) {
            await recordFailure(pool, email, ip);
            await audit({ ...metaOf(headers), actorEmail: email.slice(0, 254) }, 'auth.sign_in_failed', null);
          } else if (!failed) {
            await recordSuccess(pool, email, ip);
          }
          return;
        }
        if (ctx.path === '/reset-password') {
          const userId = ctx.request ? resetFor.get(ctx.request) : undefined;
          if (!failed && userId) await audit({ ...metaOf(headers), actorUserId: userId }, 'auth.password_reset', userId);
          return;
        }
        if (ctx.path === '/two-factor/verify-totp' && !failed && ctx.context.session && !ctx.context.session.user.twoFactorEnabled) {
          // The first successful code after /two-factor/enable is what turns two-factor on.
          const user = ctx.context.session.user;
          await audit(metaOf(headers, user), 'auth.two_factor_enabled', user.id);
          return;
        }
        const action = AUDITED_PATHS[ctx.path];
        if (action && !failed) {
          const user = ctx.context.session?.user ?? ctx.context.newSession?.user ?? null;
          await audit(metaOf(headers, user), action, user?.id ?? null);
        }
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
