import { NavLink, Stack, Tooltip } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { RouterNavLink } from '@/components/ui/link.tsx';
import classes from './nav-links.module.css';
import { isExternal, navItems, type NavItem } from './nav.ts';

interface NavLinksProps {
  /** Icons only, labels in tooltips (the desktop sidebar's collapsed rail). */
  collapsed?: boolean;
}

export function NavLinks({ collapsed = false }: NavLinksProps) {
  return (
    <Stack gap={2}>
      {navItems.map((item) => (
        <NavEntry key={item.label} item={item} collapsed={collapsed} />
      ))}
    </Stack>
  );
}

function NavEntry({ item, collapsed }: { item: NavItem; collapsed: boolean }) {
  const Icon = item.icon;
  const common = {
    className: classes.link,
    classNames: { section: classes.section, label: classes.label },
    leftSection: <Icon size={18} stroke={1.7} aria-hidden />,
    label: collapsed ? undefined : item.label,
    'aria-label': collapsed ? item.label : undefined,
    'data-collapsed': collapsed || undefined,
  };

  const link = isExternal(item) ? (
    <NavLink
      {...common}
      component="a"
      href={item.href}
      target="_blank"
      rel="noopener noreferrer"
      rightSection={collapsed ? undefined : <IconExternalLink size={14} stroke={1.7} aria-hidden />}
    />
  ) : (
    <RouterNavLink {...common} to={item.to} activeOptions={{ exact: item.exact ?? false }} />
  );

  return collapsed ? (
    <Tooltip label={item.label} position="right">
      {link}
    </Tooltip>
  ) : (
    link
  );
}
