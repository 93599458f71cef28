import { Badge, Button, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { IconInbox } from '@tabler/icons-react';
import { memo, useId } from 'react';
import type { Board, TicketSummary } from '@grip/contracts/tickets';
import { countLabel } from '@/components/list/count-label.ts';
import { CATEGORY_COLORS, CATEGORY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { TicketCard } from './ticket-card.tsx';
import classes from './board.module.css';

export type BoardColumnData = Board['columns'][number];

interface BoardColumnProps {
  column: BoardColumnData;
  workspace: string;
  movable: boolean;
  onLoadMore: (stageId: string, cursor: string) => void;
  loadingMore: boolean;
}

/** The cards of a column, re-rendered only when that column's tickets change (not on each move of a drag). */
const ColumnCards = memo(function ColumnCards({ items, workspace, movable }: { items: TicketSummary[]; workspace: string; movable: boolean }) {
  return (
    <ul className={classes.cards}>
      {items.map((ticket) => (
        <li key={ticket.id}>
          <TicketCard ticket={ticket} workspace={workspace} movable={movable} />
        </li>
      ))}
    </ul>
  );
});

/** One stage: its name, category colour and count, its cards most urgent first, and more on request. */
export const BoardColumn = memo(function BoardColumn({ column, workspace, movable, onLoadMore, loadingMore }: BoardColumnProps) {
  const headingId = useId();
  const { stage } = column;
  const { setNodeRef, isOver, active } = useDroppable({ id: stage.id, data: { stage } });
  const dragging = active !== null;
  const fromHere = (active?.data.current as { ticket?: TicketSummary } | undefined)?.ticket?.stage.id === stage.id;
  const total = countLabel(column);
  const hidden = column.nextCursor !== null;

  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      aria-labelledby={headingId}
      data-over={(isOver && !fromHere) || undefined}
      data-dragging={dragging || undefined}
      data-testid="board-column"
      data-stage={stage.name}
      data-stage-id={stage.id}
    >
      <header className={classes.columnHeader}>
        <span className={classes.categoryDot} style={{ backgroundColor: `var(--mantine-color-${CATEGORY_COLORS[stage.category]}-filled)` }} title={CATEGORY_LABELS[stage.category]} aria-hidden />
        <Text component="h2" id={headingId} size="sm" fw={650} truncate className={classes.columnTitle}>
          {stage.name}
        </Text>
        <Badge variant="default" size="md" radius="xl" className={classes.count} aria-label={`${total} ${column.count === 1 && !column.capped ? 'ticket' : 'tickets'}`} data-testid="board-column-count">
          {total}
        </Badge>
      </header>
      <div className={classes.columnBody}>
        {column.items.length === 0 ? (
          <div className={classes.emptyColumn} data-testid="board-column-empty">
            <IconInbox size={20} aria-hidden />
            <Text size="xs">{dragging ? 'Drop here' : 'No tickets'}</Text>
          </div>
        ) : (
          <ColumnCards items={column.items} workspace={workspace} movable={movable} />
        )}
        {hidden && (
          <div className={classes.more}>
            <Text size="xs" c="dimmed" ta="center" mb={4}>
              Showing {column.items.length.toLocaleString()} of {total}
            </Text>
            <Button
              variant="light"
              size="xs"
              fullWidth
              loading={loadingMore}
              onClick={() => column.nextCursor && onLoadMore(stage.id, column.nextCursor)}
              data-testid="board-column-more"
            >
              Load more
            </Button>
          </div>
        )}
      </div>
    </section>
  );
});
