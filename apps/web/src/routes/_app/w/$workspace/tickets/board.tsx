import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getBoardQueryOptions } from '@/features/tickets/api/tickets-list.ts';
import { boardSearchSchema, cleanBoardSearch, toBoardFilter, type BoardSearch } from '@/features/tickets/components/board/board-search.ts';
import { TicketsBoard } from '@/features/tickets/components/board/tickets-board.tsx';
import { NewTicketButton } from '@/features/tickets/components/new-ticket/new-ticket-button.tsx';
import { TicketsTabs } from '@/features/tickets/components/tickets-tabs.tsx';

export const Route = createFileRoute('/_app/w/$workspace/tickets/board')({
  staticData: { crumb: 'Board' },
  // The quick filters live in the address: a filtered board can be bookmarked, shared and reloaded.
  validateSearch: boardSearchSchema,
  loaderDeps: ({ search }) => ({ search }),
  loader: ({ context, params, deps }) => {
    void context.queryClient.prefetchQuery(getBoardQueryOptions(params.workspace, toBoardFilter(deps.search)));
  },
  component: () => (
    <PermissionGate permission="tickets:read" fallback={<ForbiddenPage />}>
      <BoardPage />
    </PermissionGate>
  ),
});

function BoardPage() {
  const { workspace } = Route.useParams();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const setSearch = (next: BoardSearch) => void navigate({ search: cleanBoardSearch(next), replace: true });

  return (
    <>
      <PageHeader
        title="Tickets"
        description="Drag a card to move its ticket to another stage; most urgent first in every column."
        actions={
          <>
            <TicketsTabs workspace={workspace} current="board" />
            <NewTicketButton />
          </>
        }
      />
      <TicketsBoard workspace={workspace} search={search} onSearchChange={setSearch} />
    </>
  );
}
