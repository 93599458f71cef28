import { Group, Text } from '@mantine/core';
import { useDraggable, type DraggableAttributes, type DraggableSyntheticListeners } from '@dnd-kit/core';
import { Link } from '@tanstack/react-router';
import { memo } from 'react';
import type { TicketSummary } from '@grip/contracts/tickets';
import { AssigneeAvatar, DueDate, OverdueBadge, PriorityBadge } from '@/components/tickets/ticket-badges.tsx';
import classes from './board.module.css';

/** What a card shows. Memoised apart from the drag wrapper, which re-renders on every move of any drag. */
export const TicketCardContent = memo(function TicketCardContent({ ticket }: { ticket: TicketSummary }) {
  return (
    <>
      <Group justify="space-between" gap={6} wrap="nowrap" mb={4}>
        <Text span size="xs" c="dimmed" fw={600} ff="monospace" data-testid="ticket-card-number">
          #{ticket.number}
        </Text>
        {ticket.overdue && <OverdueBadge />}
      </Group>
      <Text size="sm" fw={600} lineClamp={2} className={classes.cardTitle} data-testid="ticket-card-title">
        {ticket.title}
      </Text>
      <Text size="xs" c="dimmed" truncate mt={2}>
        {ticket.customer.name}
      </Text>
      <Group justify="space-between" gap={6} wrap="nowrap" mt={8}>
        <Group gap={6} wrap="nowrap" miw={0}>
          <PriorityBadge priority={ticket.priority} />
          <DueDate ticket={ticket} />
        </Group>
        <AssigneeAvatar assignee={ticket.assignee} size={22} />
      </Group>
    </>
  );
});

interface TicketCardProps {
  ticket: TicketSummary;
  workspace: string;
  /** The user may move it (tickets:update). */
  movable: boolean;
}

/**
 * A card on the board: a link to the ticket (Enter or a click opens it) that is also draggable — with the mouse,
 * by a long press on touch screens, or with Space then the arrow keys.
 */
export const TicketCard = memo(function TicketCard({ ticket, workspace, movable }: TicketCardProps) {
  // This hook re-renders every card on each step of any drag; what it hands on is stable, so the link below skips those.
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: ticket.id, data: { ticket }, disabled: !movable });
  return (
    <CardLink
      ticket={ticket}
      workspace={workspace}
      nodeRef={setNodeRef}
      attributes={movable ? attributes : undefined}
      listeners={movable ? listeners : undefined}
      isDragging={isDragging}
    />
  );
});

interface CardLinkProps {
  ticket: TicketSummary;
  workspace: string;
  nodeRef: (element: HTMLElement | null) => void;
  attributes: DraggableAttributes | undefined;
  listeners: DraggableSyntheticListeners | undefined;
  isDragging: boolean;
}

const CardLink = memo(function CardLink({ ticket, workspace, nodeRef, attributes, listeners, isDragging }: CardLinkProps) {
  // The card stays a link for assistive technology: dnd-kit's role="button" and role description would hide that.
  const { role: _role, 'aria-roledescription': _description, ...dragAttributes } = attributes ?? {};
  return (
    <Link
      ref={nodeRef}
      to="/w/$workspace/tickets/$ticketId"
      params={{ workspace, ticketId: ticket.id }}
      className={classes.card}
      data-dragging={isDragging || undefined}
      data-overdue={ticket.overdue || undefined}
      data-ticket-id={ticket.id}
      draggable={false}
      {...dragAttributes}
      {...listeners}
      data-testid="ticket-card"
    >
      <TicketCardContent ticket={ticket} />
    </Link>
  );
});

/** The copy that follows the pointer while a card is dragged (not a link: dropping it must not open anything). */
export function TicketCardPreview({ ticket }: { ticket: TicketSummary }) {
  return (
    <div className={classes.card} data-overlay data-overdue={ticket.overdue || undefined}>
      <TicketCardContent ticket={ticket} />
    </div>
  );
}
