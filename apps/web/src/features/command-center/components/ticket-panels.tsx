import { SimpleGrid, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconClockPause, IconInbox, IconUserCheck, type Icon } from '@tabler/icons-react';
import type { CommandCenter } from '@grip/contracts/command-center';
import type { TicketFilter } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { countLabel } from '@/components/list/count-label.ts';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import { refusalMessage, usePipelineStages, useQuickAction, type QuickAction } from '../api/command-center.ts';
import type { Me, PanelName } from '../api/panels.ts';
import { SectionCard, SectionEmpty } from './section-card.tsx';
import { TicketRow, type RowActions } from './ticket-row.tsx';

interface PanelDefinition {
  name: PanelName;
  title: string;
  icon: Icon;
  color: string;
  /** What an empty panel says: good news, or what to do. */
  empty: string;
  /** The tickets list with the same filter (its "See all"). */
  search: TicketFilter;
}

// The filters mirror the server's panel definitions, so "See all" lists exactly what the panel counts.
const PANELS: PanelDefinition[] = [
  { name: 'overdue', title: 'Overdue', icon: IconAlarm, color: 'red', empty: 'Nothing is past due. Keep it that way.', search: { overdue: true } },
  {
    name: 'unassigned',
    title: 'Unassigned',
    icon: IconInbox,
    color: 'orange',
    empty: 'Every open ticket has someone on it.',
    search: { assignee: ['none'], category: ['open', 'waiting'] },
  },
  {
    name: 'mine',
    title: 'Mine',
    icon: IconUserCheck,
    color: 'grip',
    empty: 'Nothing is assigned to you. Take one from Unassigned with “Assign to me”.',
    search: { assignee: ['me'], category: ['open', 'waiting'] },
  },
  {
    name: 'waiting',
    title: 'Waiting on customer',
    icon: IconClockPause,
    color: 'yellow',
    empty: 'No ticket is waiting for a customer’s answer.',
    search: { category: ['waiting'] },
  },
];

/** Tickets needing attention, four panels, each row with its quick actions. */
export function TicketPanels({ slug, tickets, me }: { slug: string; tickets: NonNullable<CommandCenter['tickets']>; me: Me }) {
  const canAssign = useHasPermission('tickets:assign', undefined, slug);
  const canMove = useHasPermission('tickets:update', undefined, slug);
  const stages = usePipelineStages(slug, canMove);
  const quickAction = useQuickAction(slug, me, (action, error) => {
    const { title, message } = refusalMessage(error, action.ticket);
    notifications.show({ color: 'red', title, message, autoClose: 8000 });
  });

  const run = (action: QuickAction) =>
    quickAction.mutate(action, {
      onSuccess: (saved) =>
        notifySuccess(action.kind === 'assign-to-me' ? `#${saved.number} is yours now.` : `#${saved.number} moved to ${saved.stage.name}.`),
    });

  const actions: RowActions = { canAssign, canMove, meId: me.id, stages: stages.data, stagesError: stages.isError, run };

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="cc-ticket-panels">
      {PANELS.map((panel) => (
        <TicketPanel key={panel.name} slug={slug} panel={panel} data={tickets[panel.name]} actions={actions} />
      ))}
    </SimpleGrid>
  );
}

function TicketPanel({
  slug,
  panel,
  data,
  actions,
}: {
  slug: string;
  panel: PanelDefinition;
  data: NonNullable<CommandCenter['tickets']>[PanelName];
  actions: RowActions;
}) {
  const Icon = panel.icon;
  return (
    <SectionCard
      title={panel.title}
      count={countLabel(data)}
      countColor={data.count > 0 ? panel.color : 'gray'}
      data-testid={`cc-panel-${panel.name}`}
      aside={
        <RouterAnchor to="/w/$workspace/tickets" params={{ workspace: slug }} search={panel.search} size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="cc-see-all">
          See all
        </RouterAnchor>
      }
    >
      {data.items.length === 0 ? (
        <SectionEmpty icon={<Icon size={22} aria-hidden />} color={panel.color} text={panel.empty} data-testid="cc-panel-empty" />
      ) : (
        <Stack gap={0}>
          {data.items.map((ticket) => (
            <TicketRow key={ticket.id} slug={slug} ticket={ticket} actions={actions} />
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
