import { Card, EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { LoadMore } from './load-more.tsx';
import { QueryError } from './query-error.tsx';
import { TableSkeleton } from './table-skeleton.tsx';

/** What a panel needs of an infinite query of its rows. */
interface PagedQuery {
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  isFetching: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

interface PanelListProps {
  query: PagedQuery;
  count: number;
  /** e.g. "tickets": "Loading tickets", "Cannot load the tickets". */
  noun: string;
  /** What shows when there are no rows; `action` (a button) goes under the description. */
  empty: { icon: ReactNode; title: string; description: string; testId: string; action?: ReactNode };
  /** The rows, drawn by the panel (table or cards). */
  children: ReactNode;
}

/** The body of a paged list (a record panel, a settings list): loading, error with retry, empty, or the rows with "Load more". */
export function PanelList({ query, count, noun, empty, children }: PanelListProps) {
  if (query.isPending) {
    return (
      <Card p={0}>
        <TableSkeleton rows={3} label={`Loading ${noun}`} />
      </Card>
    );
  }
  if (query.isError) {
    return <QueryError title={`Cannot load the ${noun}`} error={query.error ?? new Error('Unknown error')} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }
  if (count === 0) {
    return (
      <Card data-testid={empty.testId}>
        <EmptyState icon={empty.icon} withIndicatorBackground title={empty.title} description={empty.description}>
          {empty.action}
        </EmptyState>
      </Card>
    );
  }
  return (
    <>
      {children}
      <LoadMore hasNextPage={query.hasNextPage} isFetchingNextPage={query.isFetchingNextPage} fetchNextPage={query.fetchNextPage} />
    </>
  );
}
