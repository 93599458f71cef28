import { z } from 'zod';

/** Every workspace permission, `resource:action`. Later capabilities append theirs. */
export const PERMISSIONS = [
  { key: 'workspace:read', label: 'See the workspace' },
  { key: 'workspace:update', label: 'Rename, change slug and security settings' },
  { key: 'workspace:delete', label: 'Delete the workspace' },
  { key: 'members:read', label: 'See members and invitations' },
  { key: 'members:invite', label: 'Invite people' },
  { key: 'members:update', label: 'Change members’ roles' },
  { key: 'members:remove', label: 'Remove members' },
  { key: 'roles:read', label: 'See roles and permissions' },
  { key: 'roles:manage', label: 'Create, edit and delete roles' },
  { key: 'audit:read', label: 'Read the audit log' },
  { key: 'audit:export', label: 'Export the audit log' },
  { key: 'flags:read', label: 'See feature flags' },
  { key: 'flags:manage', label: 'Override feature flags' },
  { key: 'customers:read', label: 'See customers (own: only those you own)' },
  { key: 'customers:create', label: 'Create customers' },
  { key: 'customers:update', label: 'Edit customers, bulk changes (own: only yours)' },
  { key: 'customers:delete', label: 'Move customers to the trash and restore them' },
  { key: 'customers:merge', label: 'Merge duplicate customers' },
  { key: 'customers:configure', label: 'Define custom fields' },
  { key: 'policies:read', label: 'See policies (own: of your customers)' },
  { key: 'policies:create', label: 'Add policies' },
  { key: 'policies:update', label: 'Edit policies' },
  { key: 'policies:delete', label: 'Delete policies' },
  { key: 'notes:read', label: 'Read internal notes' },
  { key: 'notes:create', label: 'Write notes' },
  { key: 'notes:update', label: 'Edit notes (own: only yours)' },
  { key: 'notes:delete', label: 'Delete notes (own: only yours)' },
  { key: 'views:share', label: 'Share saved views with the workspace' },
  { key: 'tickets:read', label: 'See tickets (own: those assigned to you)' },
  { key: 'tickets:create', label: 'Open tickets' },
  { key: 'tickets:update', label: 'Edit, move and reply to tickets (own: those assigned to you)' },
  { key: 'tickets:assign', label: 'Assign tickets (own: only to yourself)' },
  { key: 'tickets:configure', label: 'Set up pipelines, stages and SLA targets' },
  { key: 'imports:run', label: 'Import customers, policies and tickets from files, and undo imports' },
  { key: 'exports:schedule', label: 'Schedule recurring exports mailed to recipients' },
] as const;
export type Permission = (typeof PERMISSIONS)[number]['key'];
export const permissionKeys = PERMISSIONS.map((p) => p.key) as [Permission, ...Permission[]];

export const scopeSchema = z.enum(['own', 'all']);
export type Scope = z.infer<typeof scopeSchema>;
/** Permission → scope. A permission that is absent is not granted. */
export const grantsSchema = z.partialRecord(z.enum(permissionKeys), scopeSchema);
export type Grants = z.infer<typeof grantsSchema>;

export const BUILTIN_ROLE_KEYS = ['owner', 'admin', 'manager', 'agent', 'viewer', 'customer'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

export const slugSchema = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'may contain lowercase letters, digits and single hyphens');

export const workspaceSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    requireTwoFactor: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Workspace' });
export type Workspace = z.infer<typeof workspaceSchema>;

export const myWorkspaceSchema = workspaceSchema
  .extend({ role: z.object({ id: z.uuid(), key: z.string(), name: z.string() }), permissions: grantsSchema })
  .meta({ id: 'MyWorkspace' });
export type MyWorkspace = z.infer<typeof myWorkspaceSchema>;

export const createWorkspaceBody = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80, 'must be at most 80 characters'),
  slug: slugSchema.optional(),
});
export const updateWorkspaceBody = z
  .object({
    name: z.string().trim().min(2).max(80).optional(),
    slug: slugSchema.optional(),
    requireTwoFactor: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const roleSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    builtin: z.boolean(),
    permissions: grantsSchema,
    memberCount: z.number().int(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof roleSchema>;

export const roleKeySchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'may contain lowercase letters, digits and single hyphens');
export const createRoleBody = z.object({
  key: roleKeySchema,
  name: z.string().trim().min(2).max(60),
  description: z.string().max(300).default(''),
  permissions: grantsSchema,
});
export const updateRoleBody = z.object({
  name: z.string().trim().min(2).max(60).optional(),
  description: z.string().max(300).optional(),
  permissions: grantsSchema.optional(),
});

export const memberSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
    twoFactorEnabled: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;
export const updateMemberBody = z.object({ roleId: z.uuid() });

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    expiresAt: z.iso.datetime({ offset: true }),
    sendCount: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;
export const inviteBody = z.object({ email: z.email().max(254), roleId: z.uuid() });
/** Bulk: a pasted list or CSV text (one address per line, or `email,role-key` per line). */
export const bulkInviteBody = z.object({
  text: z.string().min(3).max(200_000),
  roleId: z.uuid(),
});
export const bulkInviteResultSchema = z.object({
  results: z.array(
    z.object({
      line: z.number().int(),
      email: z.string(),
      status: z.enum(['invited', 'already_member', 'already_invited', 'invalid']),
      message: z.string().optional(),
    }),
  ),
  invited: z.number().int(),
});

export const invitationPreviewSchema = z.object({
  workspace: z.object({ name: z.string(), slug: z.string() }),
  email: z.string(),
  role: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const featureFlagSchema = z
  .object({
    key: z.string(),
    description: z.string(),
    defaultEnabled: z.boolean(),
    override: z.boolean().nullable(),
    enabled: z.boolean(),
  })
  .meta({ id: 'FeatureFlag' });
export const setFlagOverrideBody = z.object({ enabled: z.boolean().nullable() });
export const setFlagDefaultBody = z.object({ defaultEnabled: z.boolean() });

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    actorUserId: z.uuid().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  actor: z.string().max(254).optional(),
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** An operator entering a workspace says why; the reason goes to the workspace's audit log. */
export const operatorEnterBody = z.object({ reason: z.string().trim().min(5, 'say why, in at least 5 characters').max(500) });
