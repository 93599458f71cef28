import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';

type InfiniteList<T> = UseInfiniteQueryResult<InfiniteData<{ items: T[] }>>;

/** Every loaded row of a keyset-paged list. */
export const loadedRows = <T>(list: InfiniteList<T>): T[] => list.data?.pages.flatMap((page) => page.items) ?? [];

/** The DataTable props that follow an infinite list query: loading, paging and retry. */
export function pagingProps<T>(list: InfiniteList<T>) {
  return {
    hasNextPage: list.hasNextPage,
    isFetchingNextPage: list.isFetchingNextPage,
    // Not while anything else loads: a placeholder (the previous filter's rows) or a refetch would be paged wrongly.
    fetchNextPage: () => {
      if (!list.isFetching) void list.fetchNextPage();
    },
    isLoading: list.isPending,
    onRetry: () => void list.refetch(),
  };
}
