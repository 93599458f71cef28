import { Button, Center, Group, Loader, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';

/** Under the last loaded row: a spinner while the next page loads, or a retry when it failed. */
export function ListFooter({ isFetchingNextPage, failed, fetchNextPage }: { isFetchingNextPage: boolean; failed: boolean; fetchNextPage: () => void }) {
  if (isFetchingNextPage) {
    return (
      <Center py="sm" role="status" aria-label="Loading more rows">
        <Loader size="sm" />
      </Center>
    );
  }
  if (!failed) return null;
  return (
    <Group justify="center" gap="sm" py="sm" role="alert">
      <Text size="sm" c="red">
        Could not load more rows.
      </Text>
      <Button size="xs" variant="light" color="red" leftSection={<IconRefresh size={14} aria-hidden />} onClick={fetchNextPage}>
        Retry
      </Button>
    </Group>
  );
}
