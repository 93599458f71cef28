import { PERMISSIONS, type BuiltinRoleKey, type Grants, type Permission } from '@grip/contracts/access';

const all = (keys: readonly Permission[]): Grants => Object.fromEntries(keys.map((k) => [k, 'all'])) as Grants;
const every = PERMISSIONS.map((p) => p.key);

/**
 * The roles every workspace starts with. Owners' grants are fixed; the others can be edited per workspace.
 * When a capability adds permissions, a migration grants them to existing workspaces' built-in roles too
 * (see 0006_crm_rls.sql).
 */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; description: string; permissions: Grants }> = {
  owner: { name: 'Owner', description: 'Everything, including deleting the workspace.', permissions: all(every) },
  admin: {
    name: 'Admin',
    description: 'Everything except deleting the workspace.',
    permissions: all(every.filter((k) => k !== 'workspace:delete')),
  },
  manager: {
    name: 'Manager',
    description: 'Runs the team: invites people, works every customer, reads the audit log.',
    permissions: {
      ...all(['workspace:read', 'members:read', 'members:invite', 'roles:read', 'audit:read', 'audit:export', 'flags:read']),
      ...all(['customers:read', 'customers:create', 'customers:update', 'customers:delete', 'customers:merge']),
      ...all(['policies:read', 'policies:create', 'policies:update', 'policies:delete', 'notes:read', 'notes:create', 'views:share']),
      ...all(['tickets:read', 'tickets:create', 'tickets:update', 'tickets:assign']),
      ...all(['imports:run', 'exports:schedule']),
      'notes:update': 'own',
      'notes:delete': 'own',
    },
  },
  agent: {
    name: 'Agent',
    description: 'Works customers and tickets: sees all customers, changes the ones they own.',
    permissions: {
      ...all(['workspace:read', 'members:read', 'customers:read', 'customers:create', 'policies:read', 'notes:read', 'notes:create']),
      ...all(['tickets:read', 'tickets:create', 'tickets:update']),
      'tickets:assign': 'own',
      'customers:update': 'own',
      'policies:create': 'own',
      'policies:update': 'own',
      'notes:update': 'own',
      'notes:delete': 'own',
    },
  },
  viewer: {
    name: 'Viewer',
    description: 'Reads, changes nothing.',
    permissions: all(['workspace:read', 'members:read', 'roles:read', 'customers:read', 'policies:read', 'notes:read', 'tickets:read']),
  },
  customer: { name: 'Customer', description: 'A customer using the portal.', permissions: {} },
};
