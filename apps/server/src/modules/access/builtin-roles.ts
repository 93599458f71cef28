import { PERMISSIONS, type BuiltinRoleKey, type Grants, type Permission } from '@grip/contracts/access';

const all = (keys: readonly Permission[]): Grants => Object.fromEntries(keys.map((k) => [k, 'all'])) as Grants;
const every = PERMISSIONS.map((p) => p.key);

/** The roles every workspace starts with. Owners' grants are fixed; the others can be edited per workspace. */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; description: string; permissions: Grants }> = {
  owner: { name: 'Owner', description: 'Everything, including deleting the workspace.', permissions: all(every) },
  admin: {
    name: 'Admin',
    description: 'Everything except deleting the workspace.',
    permissions: all(every.filter((k) => k !== 'workspace:delete')),
  },
  manager: {
    name: 'Manager',
    description: 'Runs the team: invites people, reads the audit log.',
    permissions: all(['workspace:read', 'members:read', 'members:invite', 'roles:read', 'audit:read', 'audit:export', 'flags:read']),
  },
  agent: { name: 'Agent', description: 'Works customers and tickets.', permissions: all(['workspace:read', 'members:read']) },
  viewer: { name: 'Viewer', description: 'Reads, changes nothing.', permissions: all(['workspace:read', 'members:read', 'roles:read']) },
  customer: { name: 'Customer', description: 'A customer using the portal.', permissions: {} },
};
