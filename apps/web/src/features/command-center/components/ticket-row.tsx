import { ActionIcon, Box, ColorSwatch, Group, Loader, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsRightLeft, IconUserPlus } from '@tabler/icons-react';
import type { Stage, TicketSummary } from '@grip/contracts/tickets';
import { RouterAnchor } from '@/components/ui/link.tsx';
import type { QuickAction } from '../api/command-center.ts';
import { CATEGORY_COLORS, DueDate, PriorityBadge } from '@/components/tickets/ticket-badges.tsx';
import classes from './command-center.module.css';

export interface RowActions {
  /** Null: the role may not assign. */
  canAssign: boolean;
  /** Null: the role may not move tickets. */
  canMove: boolean;
  meId: string;
  /** Stages by pipeline id; undefined while loading. */
  stages: Map<string, Stage[]> | undefined;
  stagesError: boolean;
  run: (action: QuickAction) => void;
}

/** One ticket of a panel: what it is, whose, how urgent, when due, and the quick actions that need no detour. */
export function TicketRow({ slug, ticket, actions }: { slug: string; ticket: TicketSummary; actions: RowActions }) {
  const label = `#${ticket.number}`;
  const mine = ticket.assignee?.id === actions.meId;
  return (
    <Group gap="sm" wrap="nowrap" className={classes.row} data-testid="cc-ticket-row" data-ticket-id={ticket.id} data-number={ticket.number}>
      <Stack gap={2} miw={0} style={{ flex: 1 }}>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text span size="xs" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
            {label}
          </Text>
          <RouterAnchor
            to="/w/$workspace/tickets/$ticketId"
            params={{ workspace: slug, ticketId: ticket.id }}
            size="sm"
            fw={500}
            c="bright"
            truncate="end"
            miw={0}
            title={ticket.title}
            data-testid="cc-ticket-link"
          >
            {ticket.title}
          </RouterAnchor>
        </Group>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text span size="xs" c="dimmed" truncate="end" miw={0}>
            {ticket.customer.name}
          </Text>
          <Text span size="xs" c="dimmed" aria-hidden>
            ·
          </Text>
          <DueDate ticket={ticket} />
        </Group>
      </Stack>
      <PriorityBadge priority={ticket.priority} />
      <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
        {actions.canAssign && !mine && (
          <Tooltip label="Assign to me">
            <ActionIcon aria-label={`Assign ${label} to me`} onClick={() => actions.run({ kind: 'assign-to-me', ticket })} data-testid="cc-assign-to-me">
              <IconUserPlus size={17} stroke={1.7} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
        {actions.canMove && <MoveMenu ticket={ticket} actions={actions} />}
        {/* Rows keep their height and alignment whatever actions the role has. */}
        {!actions.canAssign && !actions.canMove && <Box w={0} h={28} />}
      </Group>
    </Group>
  );
}

function MoveMenu({ ticket, actions }: { ticket: TicketSummary; actions: RowActions }) {
  const label = `#${ticket.number}`;
  const stages = actions.stages?.get(ticket.pipelineId)?.filter((stage) => stage.id !== ticket.stage.id);
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <Tooltip label="Move to…">
          <ActionIcon aria-label={`Move ${label} to…`} data-testid="cc-move">
            <IconArrowsRightLeft size={17} stroke={1.7} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown data-testid="cc-move-menu">
        <Menu.Label>
          Move {label} from {ticket.stage.name} to
        </Menu.Label>
        {stages === undefined ? (
          actions.stagesError ? (
            <Menu.Item disabled>The stages could not be loaded</Menu.Item>
          ) : (
            <Menu.Item disabled leftSection={<Loader size={12} />}>
              Loading stages…
            </Menu.Item>
          )
        ) : stages.length === 0 ? (
          <Menu.Item disabled>No other stage in this pipeline</Menu.Item>
        ) : (
          stages.map((stage) => (
            <Menu.Item
              key={stage.id}
              leftSection={<ColorSwatch size={10} color={`var(--mantine-color-${CATEGORY_COLORS[stage.category]}-filled)`} withShadow={false} />}
              onClick={() => actions.run({ kind: 'move', ticket, to: stage })}
            >
              {stage.name}
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
