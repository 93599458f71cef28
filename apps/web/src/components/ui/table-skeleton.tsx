import { Skeleton, Stack } from '@mantine/core';

/** Placeholder rows while a table's first page loads. */
export function TableSkeleton({ rows = 5, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label={label} p="md">
      <Skeleton h={14} w="40%" />
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} h={32} />
      ))}
    </Stack>
  );
}
