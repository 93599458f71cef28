import { Alert, Anchor, Stack, Text } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type PointerSensorOptions,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Board, Stage, TicketSummary } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifyError } from '@/lib/notify.ts';
import { usePipelines } from '../../api/ticket.ts';
import { moveErrorMessage, useBoard, useLoadMoreInColumn, useMoveTicket, type BoardFilter, type BoardMove } from '../../api/tickets-list.ts';
import { BoardColumn } from './board-column.tsx';
import { BoardFilters } from './board-filters.tsx';
import { cleanBoardSearch, isBoardFiltered, toBoardFilter, type BoardSearch } from './board-search.ts';
import { BoardSkeleton } from './board-skeleton.tsx';
import { TicketCardPreview } from './ticket-card.tsx';
import classes from './board.module.css';

interface TicketsBoardProps {
  workspace: string;
  /** The quick filters (kept in the address by the route). */
  search: BoardSearch;
  onSearchChange: (next: BoardSearch) => void;
}

/** The Kanban board of a pipeline: quick filters above, one column per stage, cards dragged between them. */
export function TicketsBoard({ workspace, search, onSearchChange }: TicketsBoardProps) {
  const filter = toBoardFilter(search);
  const board = useBoard(workspace, filter);
  const pipelines = usePipelines(workspace).data ?? [];
  const movable = useHasPermission('tickets:update');
  const data = board.data;
  const nothingMatches = data !== undefined && isBoardFiltered(search) && data.columns.every((column) => column.count === 0);

  return (
    <Stack gap="md">
      <BoardFilters
        search={search}
        onChange={onSearchChange}
        pipelines={pipelines}
        pipelineId={search.pipeline ?? data?.pipeline.id}
        searching={board.isPlaceholderData && board.isFetching}
      />
      {nothingMatches && (
        <Alert variant="light" color="gray" icon={<IconFilterOff size={18} aria-hidden />} data-testid="board-nothing-matches">
          <Text size="sm">
            No tickets match these filters.{' '}
            <Anchor component="button" size="sm" onClick={() => onSearchChange(cleanBoardSearch({ pipeline: search.pipeline }))}>
              Clear filters
            </Anchor>
          </Text>
        </Alert>
      )}
      {board.isPending ? (
        <BoardSkeleton />
      ) : data === undefined ? (
        <QueryError
          title="Cannot load the board"
          error={board.error ?? new Error('Something went wrong.')}
          onRetry={() => void board.refetch()}
          retrying={board.isFetching}
        />
      ) : (
        <BoardView workspace={workspace} board={data} filter={filter} movable={movable} stale={board.isPlaceholderData} />
      )}
    </Stack>
  );
}

/** Pointer drags by mouse or pen; touch goes through the TouchSensor (long press), so a swipe still scrolls the board. */
class MouseAndPenSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent: event }: ReactPointerEvent, { onActivation }: PointerSensorOptions) => {
        if (!event.isPrimary || event.button !== 0 || event.pointerType === 'touch') return false;
        onActivation?.({ event });
        return true;
      },
    },
  ];
}

/** Space picks a card up (Enter opens it, as on any link); Space or Enter drops it; Escape puts it back. */
const KEYBOARD_CODES = { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] };

/** Left and right arrows carry the picked-up card to the previous or next column, whatever its width. */
const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context: { collisionRect, droppableRects, droppableContainers } }) => {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (event.code === 'ArrowUp' || event.code === 'ArrowDown') event.preventDefault();
  if (direction === 0 || !collisionRect) return undefined;
  event.preventDefault();
  const center = collisionRect.left + collisionRect.width / 2;
  const rects = droppableContainers
    .getEnabled()
    .map((container) => droppableRects.get(container.id))
    .filter((rect) => rect !== undefined)
    .sort((a, b) => a.left - b.left);
  const middle = (rect: (typeof rects)[number]) => rect.left + rect.width / 2;
  const target = direction > 0 ? rects.find((rect) => middle(rect) > center + 1) : rects.reverse().find((rect) => middle(rect) < center - 1);
  if (!target) return undefined;
  return { x: target.left + (target.width - collisionRect.width) / 2, y: collisionRect.top };
};

/** The column under the pointer; for keyboard drags (no pointer), the column the card overlaps most. */
const columnCollision: CollisionDetection = (args) => {
  const underPointer = pointerWithin(args);
  return underPointer.length > 0 ? underPointer : rectIntersection(args);
};

const ticketOf = (active: Active | null) => (active?.data.current as { ticket?: TicketSummary } | undefined)?.ticket;

/**
 * After a pointer drag the browser still sends a click to where the pointer was let go; on a card that would open
 * the ticket. dnd-kit stops that click's propagation (so the router's handler never sees it), not its default.
 */
function swallowNextClick() {
  const swallow = (event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
  };
  window.addEventListener('click', swallow, { capture: true, once: true });
  window.setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 50);
}

/**
 * After a keyboard drop the card is a new element in another column, so the focus it had is gone: give it back to
 * the card once the move has rendered (a few frames at most), and the user carries on from there.
 */
function focusCardWhenPlaced(root: HTMLElement | null, ticketId: string, stageId: string, framesLeft = 30) {
  const card = root?.querySelector<HTMLElement>(`[data-stage-id="${stageId}"] [data-ticket-id="${ticketId}"]`);
  if (card) {
    card.focus();
    return;
  }
  if (framesLeft > 0) requestAnimationFrame(() => focusCardWhenPlaced(root, ticketId, stageId, framesLeft - 1));
}

const SCREEN_READER_INSTRUCTIONS = {
  draggable:
    'To move this ticket to another stage, press Space to pick it up, the left and right arrow keys to choose the stage, then Space to drop it, or Escape to cancel. Press Enter to open the ticket.',
};

function BoardView({ workspace, board, filter, movable, stale }: { workspace: string; board: Board; filter: BoardFilter; movable: boolean; stale: boolean }) {
  const sensors = useSensors(
    useSensor(MouseAndPenSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates, keyboardCodes: KEYBOARD_CODES }),
  );
  const [dragged, setDragged] = useState<TicketSummary | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const stages = board.columns.map((column) => column.stage);
  const stageOf = (id: UniqueIdentifier | undefined) => stages.find((stage) => stage.id === id);

  const move = useMoveTicket(workspace, filter, ({ ticket }: BoardMove, error: unknown) =>
    notifyError(new Error(moveErrorMessage(error, ticket)), `#${ticket.number} was not moved`),
  );
  const loadMore = useLoadMoreInColumn(workspace, filter);
  const { mutate: loadMoreMutate } = loadMore;
  const onLoadMore = useCallback(
    (stageId: string, cursor: string) => loadMoreMutate({ stageId, cursor }, { onError: (error) => notifyError(error, 'Could not load more tickets') }),
    [loadMoreMutate],
  );

  const describe = (active: Active) => {
    const ticket = ticketOf(active);
    return ticket ? `ticket #${ticket.number}, ${ticket.title}` : 'the ticket';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${describe(active)}, in ${ticketOf(active)?.stage.name ?? 'its stage'}.`,
    onDragOver: ({ active, over }) => (over ? `${describe(active)} is over ${stageOf(over.id)?.name ?? 'a stage'}.` : `${describe(active)} is not over a stage.`),
    onDragEnd: ({ active, over }) => {
      const to = stageOf(over?.id);
      const from = ticketOf(active)?.stage;
      if (!to || to.id === from?.id) return `${describe(active)} was dropped; it stays in ${from?.name ?? 'its stage'}.`;
      return `${describe(active)} was moved to ${to.name}.`;
    },
    onDragCancel: ({ active }) => `Moving was cancelled; ${describe(active)} stays in ${ticketOf(active)?.stage.name ?? 'its stage'}.`,
  };

  const onDragStart = ({ active }: DragStartEvent) => setDragged(ticketOf(active) ?? null);
  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    setDragged(null);
    const byKeyboard = activatorEvent instanceof KeyboardEvent;
    if (!byKeyboard) swallowNextClick();
    const ticket = ticketOf(active);
    const to: Stage | undefined = stageOf(over?.id);
    if (!ticket || !to || to.id === ticket.stage.id) return;
    move.mutate({ ticket, to });
    if (byKeyboard) focusCardWhenPlaced(boardRef.current, ticket.id, to.id);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={columnCollision}
      accessibility={{ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
    >
      <div ref={boardRef} className={classes.board} role="region" aria-label={`${board.pipeline.name} board`} data-stale={stale || undefined} data-testid="tickets-board">
        {board.columns.map((column) => (
          <BoardColumn
            key={column.stage.id}
            column={column}
            workspace={workspace}
            // While another filter's answer loads, the cards shown belong to the previous one: moving them would go astray.
            movable={movable && !stale}
            onLoadMore={onLoadMore}
            loadingMore={loadMore.isPending && loadMore.variables.stageId === column.stage.id}
          />
        ))}
      </div>
      <DragOverlay>{dragged ? <TicketCardPreview ticket={dragged} /> : null}</DragOverlay>
    </DndContext>
  );
}
