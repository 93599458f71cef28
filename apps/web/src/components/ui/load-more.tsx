import { Button, Center } from '@mantine/core';

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  'data-testid'?: string;
}

/** "Load more" under a keyset-paginated list; hidden on the last page. */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, 'data-testid': testId }: LoadMoreProps) {
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid={testId ?? 'load-more'}>
        Load more
      </Button>
    </Center>
  );
}
