import { z } from 'zod';
import { grantsSchema } from './access.ts';

export const meSchema = z
  .object({
    user: z.object({
      id: z.uuid(),
      name: z.string(),
      email: z.string(),
      emailVerified: z.boolean(),
      twoFactorEnabled: z.boolean(),
      createdAt: z.iso.datetime({ offset: true }),
    }),
    platformRole: z.enum(['admin', 'user']),
    memberships: z.array(
      z.object({
        workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), requireTwoFactor: z.boolean() }),
        role: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
        permissions: grantsSchema,
        flags: z.record(z.string(), z.boolean()),
      }),
    ),
    /** Global flag defaults (workspace overrides are inside each membership). */
    flags: z.record(z.string(), z.boolean()),
    /** For portal users: the customer record they act as (set by the CRM capability). */
    customer: z.object({ id: z.uuid(), workspaceId: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const tokenRequestBody = z.object({
  email: z.email(),
  password: z.string().min(1).max(128),
  /** Required for accounts with two-factor authentication: the current authenticator code, or a backup code. */
  totpCode: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app').optional(),
  backupCode: z.string().min(6).max(40).optional(),
});
export const refreshRequestBody = z.object({ refreshToken: z.string().min(20).max(200) });
export const tokenResponseSchema = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    refreshExpiresIn: z.number().int(),
  })
  .meta({ id: 'TokenPair' });

export const portalSignUpBody = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  password: z.string().min(8).max(128),
});
