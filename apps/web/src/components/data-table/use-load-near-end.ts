import { useEffect, type RefObject } from 'react';

/** Rows before the end at which the next page is asked for, so it is usually there before it is scrolled to. */
const THRESHOLD = 15;

/** Infinite loading: fetches the next page once the last rendered row comes close to the end of what is loaded. */
export function useLoadNearEnd({
  lastRenderedIndex,
  rowCount,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  failed,
}: {
  lastRenderedIndex: number | undefined;
  rowCount: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  /** The last page failed: wait for a manual retry instead of asking again on every scroll. */
  failed: boolean;
}) {
  useEffect(() => {
    if (lastRenderedIndex === undefined || !hasNextPage || isFetchingNextPage || failed) return;
    if (lastRenderedIndex >= rowCount - 1 - THRESHOLD) fetchNextPage();
  }, [lastRenderedIndex, rowCount, hasNextPage, isFetchingNextPage, fetchNextPage, failed]);
}

/** Back to the top when the list is another one (its first row changed: a new search, filter or sort). */
export function useScrollTopOnNewList(scrollRef: RefObject<HTMLElement | null>, firstRowId: string | undefined) {
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollRef, firstRowId]);
}
