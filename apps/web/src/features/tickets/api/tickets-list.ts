import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { countSchema } from '@grip/contracts/customers';
import {
  boardSchema,
  ticketBulkJobSchema,
  ticketFilterToQuery,
  ticketPageSchema,
  ticketSchema,
  type Board,
  type Priority,
  type Stage,
  type Ticket,
  type TicketBulkBody,
  type TicketBulkJob,
  type TicketFilter,
  type TicketSummary,
} from '@grip/contracts/tickets';
import type { BulkEndpoints } from '@/components/bulk/bulk-api.ts';
import { apiFetch, isApiError } from '@/lib/api.ts';

const PAGE_SIZE = 50;
const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const ticketsPath = (slug: string) => `${workspacePath(slug)}/tickets`;

/** Every tickets query of a workspace (list, count, board, detail, …) starts with this key: invalidate it after any ticket change. */
export const ticketsQueryKey = (slug: string) => ['tickets', slug] as const;

// ───────────────────────── list and count

/** One page of the list: the filter flattened into the querystring, `sort` as `-priority,dueAt`, keyset `cursor`. */
export function getTicketsPage(
  slug: string,
  { filter, sort, limit = PAGE_SIZE }: { filter: TicketFilter; sort: string; limit?: number },
  cursor: string | null,
  { signal }: { signal?: AbortSignal } = {},
) {
  const query = new URLSearchParams(ticketFilterToQuery(filter));
  if (sort) query.set('sort', sort);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${ticketsPath(slug)}?${query.toString()}`, { schema: ticketPageSchema, signal });
}

export const ticketsListQueryKey = (slug: string, filter: TicketFilter, sort: string) => [...ticketsQueryKey(slug), 'list', { filter, sort }] as const;

export const getTicketsListQueryOptions = (slug: string, filter: TicketFilter, sort: string) =>
  infiniteQueryOptions({
    queryKey: ticketsListQueryKey(slug, filter, sort),
    queryFn: ({ pageParam, signal }) => getTicketsPage(slug, { filter, sort }, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // While a new search or filter loads, the old rows stay (dimmed) instead of a skeleton flashing at each key.
    placeholderData: keepPreviousData,
  });

export function useTicketsList(slug: string, filter: TicketFilter, sort: string) {
  return useInfiniteQuery(getTicketsListQueryOptions(slug, filter, sort));
}

export const getTicketsCountQueryOptions = (slug: string, filter: TicketFilter) =>
  queryOptions({
    queryKey: [...ticketsQueryKey(slug), 'count', filter],
    queryFn: ({ signal }) =>
      apiFetch(`${ticketsPath(slug)}/count?${new URLSearchParams(ticketFilterToQuery(filter)).toString()}`, { schema: countSchema, signal }),
    placeholderData: keepPreviousData,
  });

/** How many tickets match; `capped` means "at least `count`" (the server stops counting at 10,000). */
export function useTicketsCount(slug: string, filter: TicketFilter) {
  return useQuery(getTicketsCountQueryOptions(slug, filter));
}

// ───────────────────────── board

/** What narrows the board: the list's filter without stages, categories and dates (the columns are the stages). */
export type BoardFilter = Pick<TicketFilter, 'pipelineId' | 'q' | 'priority' | 'assignee' | 'customerId' | 'overdue'>;

export const boardQueryKey = (slug: string, filter: BoardFilter) => [...ticketsQueryKey(slug), 'board', filter] as const;

export const getBoardQueryOptions = (slug: string, filter: BoardFilter) =>
  queryOptions({
    queryKey: boardQueryKey(slug, filter),
    queryFn: ({ signal }) => apiFetch(`${ticketsPath(slug)}/board?${new URLSearchParams(ticketFilterToQuery(filter)).toString()}`, { schema: boardSchema, signal }),
    placeholderData: keepPreviousData,
  });

/** Columns of the (default or chosen) pipeline, each with its count and first 50 tickets, most urgent first. */
export function useBoard(slug: string, filter: BoardFilter) {
  return useQuery(getBoardQueryOptions(slug, filter));
}

/** The board's own order: most urgent first, then soonest due (the server's `-priority,dueAt`). */
export const BOARD_COLUMN_SORT = '-priority,dueAt';
const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const boardOrder = (a: TicketSummary, b: TicketSummary) =>
  PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.dueAt.localeCompare(b.dueAt) || a.number - b.number;

function withCount(count: number, capped: boolean, delta: number) {
  // A capped count ("10,000+") stays as it is: one ticket more or less does not change what it says.
  return capped ? count : Math.max(0, count + delta);
}

/**
 * The board with a ticket in the column of its stage: out of wherever it was, into its place in the target column
 * (by the board's order), counts adjusted. The same function moves it optimistically and puts it back.
 */
export function placeTicketOnBoard(board: Board, ticket: TicketSummary): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      const had = column.items.some((item) => item.id === ticket.id);
      const belongs = column.stage.id === ticket.stage.id;
      if (!had && !belongs) return column;
      const items = column.items.filter((item) => item.id !== ticket.id);
      if (belongs) {
        const at = items.findIndex((item) => boardOrder(ticket, item) < 0);
        // Past the last loaded card it goes last, even when more are unloaded: a dropped card must stay in sight.
        items.splice(at >= 0 ? at : items.length, 0, ticket);
      }
      const delta = (belongs ? 1 : 0) - (had ? 1 : 0);
      return { ...column, items, count: withCount(column.count, column.capped, delta) };
    }),
  };
}

/** Appends a column's next page (GET /tickets?stage=…&sort=-priority,dueAt&cursor=…) to the board in the cache. */
export function useLoadMoreInColumn(slug: string, filter: BoardFilter) {
  const queryClient = useQueryClient();
  const key = boardQueryKey(slug, filter);
  return useMutation({
    mutationFn: ({ stageId, cursor }: { stageId: string; cursor: string }) =>
      getTicketsPage(slug, { filter: { ...filter, stage: [stageId] }, sort: BOARD_COLUMN_SORT }, cursor),
    onSuccess: (page, { stageId }) =>
      queryClient.setQueryData<Board>(key, (board) =>
        board
          ? {
              ...board,
              columns: board.columns.map((column) => {
                if (column.stage.id !== stageId) return column;
                // A card moved in meanwhile may come again with this page: each ticket once.
                const known = new Set(column.items.map((item) => item.id));
                return { ...column, items: [...column.items, ...page.items.filter((item) => !known.has(item.id))], nextCursor: page.nextCursor };
              }),
            }
          : board,
      ),
  });
}

function findOnBoard(board: Board | undefined, ticketId: string): TicketSummary | undefined {
  for (const column of board?.columns ?? []) {
    const found = column.items.find((item) => item.id === ticketId);
    if (found) return found;
  }
  return undefined;
}

const toSummary = ({ description: _description, createdBy: _createdBy, ...summary }: Ticket): TicketSummary => summary;

/** Everything about tickets but this board is refreshed; the board keeps its loaded columns and shows the server's ticket. */
function refreshAllBut(queryClient: QueryClient, slug: string, key: readonly unknown[]) {
  const keyText = JSON.stringify(key);
  return queryClient.invalidateQueries({ queryKey: ticketsQueryKey(slug), predicate: (query) => JSON.stringify(query.queryKey) !== keyText });
}

export interface BoardMove {
  ticket: TicketSummary;
  to: Stage;
}

/** Why a move was refused, in words a user can act on. */
export function moveErrorMessage(error: unknown, ticket: TicketSummary): string {
  if (isApiError(error)) {
    if (error.status === 409) return `#${ticket.number} was changed by someone else a moment ago. The board now shows where it is; try again if it still needs to move.`;
    if (error.status === 403) return `You may not move #${ticket.number}: your role can only change tickets assigned to you, or none.`;
    if (error.status === 404) return `#${ticket.number} no longer exists, or is no longer visible to you.`;
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/**
 * Moves a ticket to another stage of the board (POST /tickets/:id/transition): the card moves at once; a refusal
 * (409 someone changed it, 403 not allowed) puts it back, refreshes the board and calls `onRefused`.
 * Moves run one after another so each sends the version the previous one produced.
 */
export function useMoveTicket(slug: string, filter: BoardFilter, onRefused: (move: BoardMove, error: unknown) => void) {
  const queryClient = useQueryClient();
  const key = boardQueryKey(slug, filter);
  return useMutation({
    scope: { id: `tickets-board-moves-${slug}` },
    mutationFn: ({ ticket, to }: BoardMove) => {
      // Read now, not when dropped: an earlier move of the same card has updated its version meanwhile.
      const version = findOnBoard(queryClient.getQueryData<Board>(key), ticket.id)?.version ?? ticket.version;
      return apiFetch(`${ticketsPath(slug)}/${encodeURIComponent(ticket.id)}/transition`, {
        method: 'POST',
        body: { stageId: to.id, version },
        schema: ticketSchema,
      });
    },
    onMutate: async ({ ticket, to }) => {
      // A board request in flight would overwrite the move with what the server had before it.
      await queryClient.cancelQueries({ queryKey: key });
      const moved: TicketSummary = { ...ticket, stage: { id: to.id, name: to.name, category: to.category } };
      queryClient.setQueryData<Board>(key, (board) => (board ? placeTicketOnBoard(board, moved) : board));
    },
    onSuccess: (saved) => {
      queryClient.setQueryData<Board>(key, (board) => (board ? placeTicketOnBoard(board, toSummary(saved)) : board));
      return refreshAllBut(queryClient, slug, key);
    },
    onError: (error, move) => {
      queryClient.setQueryData<Board>(key, (board) => (board ? placeTicketOnBoard(board, move.ticket) : board));
      onRefused(move, error);
      return queryClient.invalidateQueries({ queryKey: ticketsQueryKey(slug) });
    },
  });
}

// ───────────────────────── bulk

/** Where bulk changes of tickets start and are followed; a change refreshes every tickets query when it ends. */
export const ticketsBulk = (slug: string): BulkEndpoints<TicketBulkBody, TicketBulkJob> => ({
  start: (body) => apiFetch(`${ticketsPath(slug)}/bulk`, { method: 'POST', body, schema: ticketBulkJobSchema }),
  jobsPath: `${ticketsPath(slug)}/bulk-jobs`,
  jobSchema: ticketBulkJobSchema,
  recordsKey: ticketsQueryKey(slug),
});
