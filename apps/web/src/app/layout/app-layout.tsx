import { ActionIcon, AppShell, Box, Burger, Divider, Drawer, Group, ScrollArea, Tooltip } from '@mantine/core';
import { useDisclosure, useDocumentTitle, useLocalStorage } from '@mantine/hooks';
import { IconBell, IconLayoutKanban, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconUserCircle } from '@tabler/icons-react';
import { Outlet, useParams, useRouter } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { RealtimeStatusIndicator } from '@/components/realtime-status.tsx';
import { CommandPalette, type PalettePage } from '@/features/command-palette/components/command-palette.tsx';
import { CommandPaletteTrigger } from '@/features/command-palette/components/command-palette-trigger.tsx';
import { NotificationBell } from '@/features/notifications/components/notification-bell.tsx';
import { WorkspaceSwitcher } from '@/features/workspaces/components/workspace-switcher.tsx';
import { findMembership, hasPermission } from '@/lib/access.ts';
import { useCurrentMembership } from '@/lib/current-workspace.ts';
import { useMe } from '@/lib/me.ts';
import classes from './app-layout.module.css';
import { Breadcrumbs, useCrumbs } from './breadcrumbs.tsx';
import { Logo } from './logo.tsx';
import { NavLinks } from './nav-links.tsx';
import { isExternal, navSections } from './nav.ts';
import { ThemeMenu } from './theme-menu.tsx';
import { UserMenu } from './user-menu.tsx';

// The palette's forms load when first asked for: the shell every page shares stays small.
const NewTicketModal = lazy(() => import('@/features/tickets/components/new-ticket/new-ticket-modal.tsx').then((m) => ({ default: m.NewTicketModal })));
const CreateCustomerModal = lazy(() =>
  import('@/features/customers/components/form/create-customer-modal.tsx').then((m) => ({ default: m.CreateCustomerModal })),
);

const SIDEBAR_WIDTH = 240;
const RAIL_WIDTH = 64;

/**
 * The workspace the header works in (the bell, the palette's search and forms): the one in the URL, when the user
 * is a member and may read it (a workspace that demands two-factor refuses its data until the member has it on).
 * Outside a workspace: none.
 */
function useActiveWorkspace(): string | undefined {
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
  const activeWorkspace = useActiveWorkspace();

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
            <CommandPaletteTrigger />
            <RealtimeStatusIndicator />
            {activeWorkspace && <NotificationBell key={activeWorkspace} workspace={activeWorkspace} />}
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

      <Palette workspace={activeWorkspace} />
    </AppShell>
  );
}

/** Pages the palette offers: the sidebar's entries, plus a few that live in menus and tabs. */
function usePalettePages(): PalettePage[] {
  const me = useMe().data;
  const membership = useCurrentMembership();
  const slug = membership ? encodeURIComponent(membership.workspace.slug) : '';
  const pages: PalettePage[] = navSections(me, membership).flatMap((section) =>
    section.items.map((item) =>
      isExternal(item)
        ? { label: item.label, icon: item.icon, href: item.href, external: true }
        : // Workspace pages are the palette's everyday ones: only the others say where they belong.
          { label: item.label, icon: item.icon, href: item.to.replace('$workspace', slug), section: section.id === 'workspace' ? undefined : section.label },
    ),
  );
  if (membership) {
    if (hasPermission(membership.permissions, 'tickets:read')) {
      pages.push({ label: 'Tickets board', icon: IconLayoutKanban, href: `/w/${slug}/tickets/board` });
    }
    pages.push({ label: 'Notifications', icon: IconBell, href: `/w/${slug}/notifications` });
  }
  pages.push({ label: 'Account', icon: IconUserCircle, href: '/account', section: 'Your profile, password, sessions' });
  return pages;
}

/**
 * The command palette (Ctrl/Cmd+K) and the forms its "New …" actions open. The forms are the features' own, mounted
 * here because the palette is a feature too and features do not import each other.
 */
function Palette({ workspace }: { workspace: string | undefined }) {
  const pages = usePalettePages();
  const router = useRouter();
  const [creating, setCreating] = useState<'ticket' | 'customer' | null>(null);
  // Mounted from the first opening on, so that closing plays the modal's transition.
  const [used, setUsed] = useState({ ticket: false, customer: false });
  const create = (form: 'ticket' | 'customer') => {
    setUsed((current) => ({ ...current, [form]: true }));
    setCreating(form);
  };
  const canCreateTicket = useHasPermission('tickets:create', undefined, workspace) && Boolean(workspace);
  const canCreateCustomer = useHasPermission('customers:create', undefined, workspace) && Boolean(workspace);
  const close = () => setCreating(null);
  return (
    <>
      <CommandPalette
        pages={pages}
        onNewTicket={canCreateTicket ? () => create('ticket') : undefined}
        onNewCustomer={canCreateCustomer ? () => create('customer') : undefined}
      />
      <Suspense fallback={null}>
        {workspace && canCreateTicket && used.ticket && <NewTicketModal workspace={workspace} opened={creating === 'ticket'} onClose={close} />}
        {workspace && canCreateCustomer && used.customer && (
          <CreateCustomerModal
            workspace={workspace}
            opened={creating === 'customer'}
            onClose={close}
            onCreated={(customer) => void router.navigate({ to: '/w/$workspace/customers/$customerId', params: { workspace, customerId: customer.id } })}
          />
        )}
      </Suspense>
    </>
  );
}
