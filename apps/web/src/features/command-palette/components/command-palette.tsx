import '@mantine/spotlight/styles.css';
import { Group, Loader, Text, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBuildingSkyscraper,
  IconExternalLink,
  IconMoon,
  IconPlus,
  IconSearch,
  IconSun,
  IconTicket,
  IconUserCheck,
  type Icon,
} from '@tabler/icons-react';
import { useParams, useRouter } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { useMe } from '@/lib/me.ts';
import { useAssignToMe, useCachedTicket } from '../api/assign-to-me.ts';
import { usePaletteCustomers, usePaletteTickets } from '../api/palette-search.ts';
import classes from './command-palette.module.css';
import { paletteStore, selectFirstIfNone } from './palette-store.ts';

/** A page the palette can open: the caller decides which the user may see (the sidebar's list, say). */
export interface PalettePage {
  label: string;
  icon: Icon;
  /** An app path (`/w/acme/customers`), or a page outside the app when `external`. */
  href: string;
  external?: boolean;
  /** The group it is listed under ("Workspace", "Admin", …). */
  section?: string;
}

export interface CommandPaletteProps {
  pages: PalettePage[];
  /** Opens the new-ticket form; absent when there is none to open here (no workspace, or not allowed). */
  onNewTicket?: () => void;
  /** Opens the new-customer form; absent likewise. */
  onNewCustomer?: () => void;
}

interface PaletteItem {
  id: string;
  label: string;
  description?: string;
  /** Other words that should find it. */
  keywords?: string;
  icon: ReactNode;
  run: () => void;
}

interface PaletteGroup {
  label: string;
  items: PaletteItem[];
}

/** Server search starts at two characters (or any ticket number). */
const searchable = (q: string) => q.length >= 2 || /^#?\d+$/.test(q);
const SEARCH_DELAY_MS = 250;

/** Every word of the query appears in the item's words (any order, any case). */
function matches(item: PaletteItem, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${item.label} ${item.description ?? ''} ${item.keywords ?? ''}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

const icon = (IconComponent: Icon) => <IconComponent size={18} stroke={1.7} aria-hidden />;

/**
 * Ctrl/Cmd+K from anywhere (inputs included): go to a page, find a ticket or customer on the server, or run an
 * action (new ticket or customer, assign the open ticket to me, switch workspace, toggle the theme). Arrow keys
 * move, Enter runs, Escape closes.
 */
export function CommandPalette(props: CommandPaletteProps) {
  const [query, setQuery] = useState('');
  const workspace = useParams({ strict: false }).workspace;
  // Here, not in the results: they unmount as the palette closes, while the request is still on its way.
  const assign = useAssignToMe(workspace ?? '');
  return (
    <Spotlight.Root
      store={paletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      // "Anywhere": the shortcut works while typing in a field too.
      tagsToIgnore={[]}
      triggerOnContentEditable
      scrollable
      maxHeight={440}
      data-testid="command-palette"
    >
      <Spotlight.Search
        placeholder="Search or run a command…"
        aria-label="Search tickets, customers, pages and actions"
        leftSection={<IconSearch size={18} stroke={1.7} aria-hidden />}
        data-testid="command-palette-search"
      />
      <PaletteResults {...props} query={query} onAssignToMe={(ticketId) => assign.mutate(ticketId)} />
    </Spotlight.Root>
  );
}

interface PaletteResultsProps extends CommandPaletteProps {
  query: string;
  onAssignToMe: (ticketId: string) => void;
}

/** Rendered only while the palette is open (the modal mounts its content then). */
function PaletteResults({ pages, onNewTicket, onNewCustomer, query, onAssignToMe }: PaletteResultsProps) {
  const router = useRouter();
  const { workspace, ticketId } = useParams({ strict: false });
  const me = useMe().data;
  const typed = query.trim();
  const [debounced] = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const search = searchable(debounced) ? debounced : '';

  const canReadTickets = useHasPermission('tickets:read');
  const canReadCustomers = useHasPermission('customers:read');
  const canAssign = useHasPermission('tickets:assign');
  const tickets = usePaletteTickets(workspace ?? '', search, { enabled: Boolean(workspace) && canReadTickets });
  const customers = usePaletteCustomers(workspace ?? '', search, { enabled: Boolean(workspace) && canReadCustomers });
  const openTicket = useCachedTicket(workspace, ticketId);

  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const go = (href: string) => void router.navigate({ href });

  const actions: PaletteItem[] = [];
  if (onNewTicket) actions.push({ id: 'new-ticket', label: 'New ticket', keywords: 'create open add', icon: icon(IconPlus), run: onNewTicket });
  if (onNewCustomer) actions.push({ id: 'new-customer', label: 'New customer', keywords: 'create add client', icon: icon(IconPlus), run: onNewCustomer });
  if (workspace && ticketId && canAssign && (!openTicket || openTicket.assignee?.id !== me?.user.id)) {
    const which = openTicket ? `#${openTicket.number}` : 'this ticket';
    actions.push({
      id: 'assign-to-me',
      label: `Assign ${which} to me`,
      keywords: 'take mine assignee',
      icon: icon(IconUserCheck),
      run: () => onAssignToMe(ticketId),
    });
  }
  actions.push({
    id: 'toggle-theme',
    label: 'Toggle theme',
    description: scheme === 'dark' ? 'Switch to light' : 'Switch to dark',
    keywords: 'dark light mode color scheme appearance',
    icon: icon(scheme === 'dark' ? IconSun : IconMoon),
    run: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark'),
  });

  const pageItems: PaletteItem[] = pages.map((page) => ({
    id: `page-${page.href}`,
    label: page.label,
    description: page.external ? 'Opens in a new tab' : page.section,
    keywords: 'go to open page',
    icon: icon(page.external ? IconExternalLink : page.icon),
    run: () => (page.external ? void window.open(page.href, '_blank', 'noopener,noreferrer') : go(page.href)),
  }));

  const workspaceItems: PaletteItem[] = (me?.memberships ?? [])
    .filter((membership) => membership.workspace.slug !== workspace)
    .map((membership) => ({
      id: `workspace-${membership.workspace.slug}`,
      label: `Switch to ${membership.workspace.name}`,
      description: membership.role.name,
      keywords: `workspace ${membership.workspace.slug}`,
      icon: icon(IconBuildingSkyscraper),
      run: () => go(`/w/${encodeURIComponent(membership.workspace.slug)}`),
    }));

  const slugPath = `/w/${encodeURIComponent(workspace ?? '')}`;
  const ticketItems: PaletteItem[] = (search ? (tickets.data ?? []) : []).map((ticket) => ({
    id: `ticket-${ticket.id}`,
    label: `#${ticket.number} ${ticket.title}`,
    description: `${ticket.customer.name} · ${ticket.stage.name}`,
    icon: icon(IconTicket),
    run: () => go(`${slugPath}/tickets/${encodeURIComponent(ticket.id)}`),
  }));
  const customerItems: PaletteItem[] = (search ? (customers.data ?? []) : []).map((customer) => ({
    id: `customer-${customer.id}`,
    label: customer.name,
    description: customer.email ?? undefined,
    icon: icon(IconAddressBook),
    run: () => go(`${slugPath}/customers/${encodeURIComponent(customer.id)}`),
  }));

  // What is known at once comes first: server results arrive later, below, without moving what is selected.
  const groups: PaletteGroup[] = [
    { label: 'Actions', items: actions.filter((item) => matches(item, typed)) },
    { label: 'Go to', items: pageItems.filter((item) => matches(item, typed)) },
    { label: 'Switch workspace', items: workspaceItems.filter((item) => matches(item, typed)) },
    // Already matched by the server, however it matches (a number, part of an email, …).
    { label: 'Tickets', items: ticketItems },
    { label: 'Customers', items: customerItems },
  ].filter((group) => group.items.length > 0);

  const searching = Boolean(workspace) && (canReadTickets || canReadCustomers) && searchable(typed);
  const waiting = searching && (typed !== debounced || tickets.isFetching || customers.isFetching);
  const failed = searching && !waiting && (tickets.isError || customers.isError);
  const shown = groups.reduce((count, group) => count + group.items.length, 0);

  // Server results come after the query changed: keep something selected so Enter always does something.
  const resultIds = groups.map((group) => group.items.map((item) => item.id).join(',')).join('|');
  useEffect(() => {
    selectFirstIfNone(paletteStore);
  }, [resultIds]);

  return (
    <Spotlight.ActionsList data-testid="command-palette-list">
      {groups.map((group) => (
        <Spotlight.ActionsGroup key={group.label} label={group.label}>
          {group.items.map((item) => (
            <Spotlight.Action
              key={item.id}
              label={item.label}
              description={item.description}
              leftSection={item.icon}
              onClick={item.run}
              data-testid="command-palette-action"
              data-id={item.id}
            />
          ))}
        </Spotlight.ActionsGroup>
      ))}
      {waiting && (
        <Group gap="xs" className={classes.status} data-testid="command-palette-loading">
          <Loader size={14} />
          <Text size="sm" c="dimmed">
            Searching tickets and customers…
          </Text>
        </Group>
      )}
      {failed && (
        <Text size="sm" c="red" className={classes.status} role="alert">
          The search failed: {(tickets.error ?? customers.error)?.message ?? 'try again.'}
        </Text>
      )}
      {shown === 0 && !waiting && !failed && (
        <Spotlight.Empty data-testid="command-palette-empty">
          Nothing matches “{typed}”. Try a ticket number (#1042), a customer’s name or email, or a page.
        </Spotlight.Empty>
      )}
    </Spotlight.ActionsList>
  );
}
