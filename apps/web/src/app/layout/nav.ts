import {
  IconActivityHeartbeat,
  IconAlertOctagon,
  IconApi,
  IconAddressBook,
  IconAdjustmentsAlt,
  IconFileCertificate,
  IconFileImport,
  IconBuildingSkyscraper,
  IconCalendarTime,
  IconFileExport,
  IconDatabaseExport,
  IconFlag,
  IconHistory,
  IconLayoutDashboard,
  IconLayoutKanban,
  IconMail,
  IconSettings,
  IconShieldCog,
  IconShieldLock,
  IconTicket,
  IconToggleRight,
  IconUsers,
  IconUserShield,
  type Icon,
} from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { Permission } from '@grip/contracts/access';
import { hasPermission } from '@/lib/access.ts';
import type { Me, Membership } from '@/lib/me.ts';

interface NavItemBase {
  label: string;
  icon: Icon;
}
/** A page of this app. `exact` keeps a parent from looking active on every child page. */
export interface RouteNavItem extends NavItemBase {
  to: NonNullable<LinkProps['to']>;
  exact?: boolean;
  /** Shown only to roles granted this permission in the current workspace. */
  permission?: Permission;
}
/** A page served outside the app (opens in a new tab). */
export interface ExternalNavItem extends NavItemBase {
  href: string;
}
export type NavItem = RouteNavItem | ExternalNavItem;

export const isExternal = (item: NavItem): item is ExternalNavItem => 'href' in item;

export interface NavSection {
  id: 'workspace' | 'admin' | 'more';
  label?: string;
  items: NavItem[];
}

/** Pages of the current workspace (`$workspace` is filled in with its slug). Features add their entry here. */
const workspaceItems: RouteNavItem[] = [
  { label: 'Command Center', icon: IconLayoutDashboard, to: '/w/$workspace', exact: true, permission: 'workspace:read' },
  { label: 'Customers', icon: IconAddressBook, to: '/w/$workspace/customers', permission: 'customers:read' },
  // The list; the board, each ticket and the list share the section, so the entry stays lit on all of them.
  { label: 'Tickets', icon: IconTicket, to: '/w/$workspace/tickets', permission: 'tickets:read' },
  { label: 'Policies', icon: IconFileCertificate, to: '/w/$workspace/policies', permission: 'policies:read' },
  { label: 'Exports', icon: IconFileExport, to: '/w/$workspace/exports', permission: 'workspace:read' },
  { label: 'Imports', icon: IconFileImport, to: '/w/$workspace/imports', permission: 'imports:run' },
  { label: 'Members', icon: IconUsers, to: '/w/$workspace/settings/members', permission: 'members:read' },
  { label: 'Roles', icon: IconShieldLock, to: '/w/$workspace/settings/roles', permission: 'roles:read' },
  { label: 'Audit log', icon: IconHistory, to: '/w/$workspace/settings/audit', permission: 'audit:read' },
  { label: 'Custom fields', icon: IconAdjustmentsAlt, to: '/w/$workspace/settings/fields', permission: 'customers:configure' },
  { label: 'Pipelines & SLA', icon: IconLayoutKanban, to: '/w/$workspace/settings/tickets', permission: 'tickets:configure' },
  { label: 'Feature flags', icon: IconFlag, to: '/w/$workspace/settings/flags', permission: 'flags:read' },
  { label: 'Scheduled exports', icon: IconCalendarTime, to: '/w/$workspace/settings/scheduled-exports', permission: 'exports:schedule' },
  { label: 'Settings', icon: IconSettings, to: '/w/$workspace/settings', exact: true, permission: 'workspace:read' },
  { label: 'Danger zone', icon: IconAlertOctagon, to: '/w/$workspace/settings/danger-zone', permission: 'workspace:delete' },
];

/** The operator's console: platform admins only. */
const adminItems: RouteNavItem[] = [
  { label: 'Console', icon: IconShieldCog, to: '/admin', exact: true },
  { label: 'Users', icon: IconUserShield, to: '/admin/users' },
  { label: 'Workspaces', icon: IconBuildingSkyscraper, to: '/admin/workspaces' },
  { label: 'Global flags', icon: IconToggleRight, to: '/admin/flags' },
  { label: 'Mail outbox', icon: IconMail, to: '/admin/mail' },
  { label: 'System status', icon: IconActivityHeartbeat, to: '/admin/system' },
  { label: 'Backups', icon: IconDatabaseExport, to: '/admin/backups' },
];

const moreItems: ExternalNavItem[] = [{ label: 'API docs', icon: IconApi, href: '/api/docs' }];

/** The sidebar, in order, with what the signed-in user may not open left out. */
export function navSections(me: Me | null | undefined, membership: Membership | undefined): NavSection[] {
  const sections: NavSection[] = [];
  if (membership) {
    const items = workspaceItems.filter((item) => !item.permission || hasPermission(membership.permissions, item.permission));
    if (items.length > 0) sections.push({ id: 'workspace', label: 'Workspace', items });
  }
  if (me?.platformRole === 'admin') sections.push({ id: 'admin', label: 'Admin', items: adminItems });
  sections.push({ id: 'more', items: moreItems });
  return sections;
}
