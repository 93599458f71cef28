import { IconActivityHeartbeat, IconApi, IconHome, type Icon } from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';

interface NavItemBase {
  label: string;
  icon: Icon;
}
/** A page of this app. `exact` keeps a parent (like Home at `/`) from looking active on every child page. */
export interface RouteNavItem extends NavItemBase {
  to: NonNullable<LinkProps['to']>;
  exact?: boolean;
}
/** A page served outside the app (opens in a new tab). */
export interface ExternalNavItem extends NavItemBase {
  href: string;
}
export type NavItem = RouteNavItem | ExternalNavItem;

export const isExternal = (item: NavItem): item is ExternalNavItem => 'href' in item;

/** The sidebar, in order. Features add their entry here. */
export const navItems: NavItem[] = [
  { label: 'Home', icon: IconHome, to: '/', exact: true },
  { label: 'System status', icon: IconActivityHeartbeat, to: '/system' },
  { label: 'API docs', icon: IconApi, href: '/api/docs' },
];
