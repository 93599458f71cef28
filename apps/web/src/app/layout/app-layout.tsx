import { ActionIcon, AppShell, Box, Burger, Divider, Drawer, Group, ScrollArea, Tooltip } from '@mantine/core';
import { useDisclosure, useDocumentTitle, useLocalStorage } from '@mantine/hooks';
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand } from '@tabler/icons-react';
import { Outlet, useParams, useRouter } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { NotificationBell } from '@/features/notifications/components/notification-bell.tsx';
import { WorkspaceSwitcher } from '@/features/workspaces/components/workspace-switcher.tsx';
import { findMembership } from '@/lib/access.ts';
import { useMe } from '@/lib/me.ts';
import classes from './app-layout.module.css';
import { Breadcrumbs, useCrumbs } from './breadcrumbs.tsx';
import { Logo } from './logo.tsx';
import { NavLinks } from './nav-links.tsx';
import { ThemeMenu } from './theme-menu.tsx';
import { UserMenu } from './user-menu.tsx';

const SIDEBAR_WIDTH = 240;
const RAIL_WIDTH = 64;

/**
 * The workspace whose notifications the bell shows: the one in the URL, when the user is a member and may read it
 * (a workspace that demands two-factor refuses its data until the member has it on). Outside a workspace: none.
 */
function useNotificationsWorkspace(): string | undefined {
  const { workspace } = useParams({ strict: false });
  const me = useMe().data;
  const membership = findMembership(me, workspace);
  if (!me || !membership) return undefined;
  if (membership.workspace.requireTwoFactor && !me.user.twoFactorEnabled) return undefined;
  return membership.workspace.slug;
}

/**
 * The staff shell: top bar, sidebar (collapsible to an icon rail on desktop, a drawer on phones) and the page.
 * The sidebar is hidden below `sm`; there the burger opens the same navigation in a drawer.
 * `children` replaces the routed page (the root's 404 uses it); a signed-out user is sent to sign in.
 */
export function AppLayout({ children }: { children?: ReactNode }) {
  const [drawerOpened, drawer] = useDisclosure(false);
  const [collapsed, setCollapsed] = useLocalStorage({
    key: 'grip-sidebar-collapsed',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const router = useRouter();
  const closeDrawer = drawer.close;
  const crumbs = useCrumbs();
  const pageTitle = crumbs.at(-1)?.label;
  useDocumentTitle(pageTitle ? `${pageTitle} · Grip` : 'Grip');
  const notificationsWorkspace = useNotificationsWorkspace();

  // Any navigation (a link in the drawer, back/forward) closes the drawer.
  useEffect(() => router.subscribe('onBeforeNavigate', closeDrawer), [router, closeDrawer]);

  // The session ended while the page was open (expired, revoked elsewhere, a 401 somewhere): sign in again.
  const signedOut = useMe().data === null;
  useEffect(() => {
    if (!signedOut) return;
    const { pathname, href } = router.state.location;
    if (pathname === '/sign-in') return;
    void router.navigate({ to: '/sign-in', search: { redirect: href }, replace: true });
  }, [signedOut, router]);

  const CollapseIcon = collapsed ? IconLayoutSidebarLeftExpand : IconLayoutSidebarLeftCollapse;
  const collapseLabel = collapsed ? 'Expand sidebar' : 'Collapse sidebar';

  return (
    <AppShell
      data-testid="app-shell"
      header={{ height: 56 }}
      navbar={{
        width: collapsed ? RAIL_WIDTH : SIDEBAR_WIDTH,
        breakpoint: 'sm',
        collapsed: { mobile: true },
      }}
      padding={{ base: 'md', sm: 'xl' }}
      className={classes.shell}
    >
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger
            opened={drawerOpened}
            onClick={drawer.toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label="Toggle navigation"
            aria-expanded={drawerOpened}
          />
          <Tooltip label={collapseLabel} position="bottom">
            <ActionIcon
              visibleFrom="sm"
              size="lg"
              onClick={() => setCollapsed((value) => !value)}
              aria-label={collapseLabel}
              aria-pressed={collapsed}
            >
              <CollapseIcon size={19} stroke={1.7} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Logo />
          <Divider orientation="vertical" my={18} visibleFrom="xs" />
          <Breadcrumbs crumbs={crumbs} visibleFrom="xs" />
          <Group gap={6} ml="auto" wrap="nowrap">
            {notificationsWorkspace && <NotificationBell key={notificationsWorkspace} workspace={notificationsWorkspace} />}
            <ThemeMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        visibleFrom="sm"
        data-testid="nav-sidebar"
        aria-label="Main navigation"
        p={collapsed ? 'xs' : 'sm'}
        className={classes.navbar}
      >
        <AppShell.Section mb="sm">
          <WorkspaceSwitcher collapsed={collapsed} />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} scrollbars="y">
          <NavLinks collapsed={collapsed} />
        </AppShell.Section>
      </AppShell.Navbar>

      <Drawer
        opened={drawerOpened}
        onClose={drawer.close}
        hiddenFrom="sm"
        size={280}
        padding="sm"
        title={<Logo />}
        closeButtonProps={{ 'aria-label': 'Close navigation' }}
      >
        <nav aria-label="Main navigation" data-testid="nav-drawer">
          <Box mb="sm">
            <WorkspaceSwitcher />
          </Box>
          <NavLinks />
        </nav>
      </Drawer>

      <AppShell.Main className={classes.main}>
        <div className={classes.page}>
          {children ?? <Outlet />}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
