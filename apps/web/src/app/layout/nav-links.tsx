import { Divider, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { Fragment } from 'react';
import { RouterNavLink } from '@/components/ui/link.tsx';
import { useCurrentMembership } from '@/lib/current-workspace.ts';
import { useMe } from '@/lib/me.ts';
import classes from './nav-links.module.css';
import { isExternal, navSections, type NavItem } from './nav.ts';

interface NavLinksProps {
  /** Icons only, labels in tooltips (the desktop sidebar's collapsed rail). */
  collapsed?: boolean;
}

export function NavLinks({ collapsed = false }: NavLinksProps) {
  const me = useMe().data;
  const membership = useCurrentMembership();
  const sections = navSections(me, membership);
  return (
    <Stack gap={2}>
      {sections.map((section, index) => (
        <Fragment key={section.id}>
          {index > 0 && (collapsed || !section.label) && <Divider my={6} />}
          {section.label && !collapsed && (
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.4} px={10} pt={index > 0 ? 'md' : 4} pb={4}>
              {section.label}
            </Text>
          )}
          {section.items.map((item) => (
            <NavEntry key={item.label} item={item} collapsed={collapsed} workspace={membership?.workspace.slug} />
          ))}
        </Fragment>
      ))}
    </Stack>
  );
}

function NavEntry({ item, collapsed, workspace }: { item: NavItem; collapsed: boolean; workspace: string | undefined }) {
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
    <RouterNavLink
      {...common}
      to={item.to}
      // Only workspace pages have the `$workspace` segment; the router ignores params other routes don't have.
      params={{ workspace: workspace ?? '' } as never}
      activeOptions={{ exact: item.exact ?? false }}
    />
  );

  return collapsed ? (
    <Tooltip label={item.label} position="right">
      {link}
    </Tooltip>
  ) : (
    link
  );
}
