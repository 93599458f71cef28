import { Card, Group, SimpleGrid, Skeleton, Stack } from '@mantine/core';

/** Shown while a route's code or data loads: the rough shape of a page (title, then cards). */
export function PageSkeleton() {
  return (
    <Stack gap="xl" aria-busy="true" aria-label="Loading page">
      <Stack gap={8}>
        <Skeleton h={28} w={220} />
        <Skeleton h={14} w={320} maw="100%" />
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {[0, 1, 2].map((key) => (
          <Card key={key}>
            <Group justify="space-between" mb="md">
              <Skeleton h={16} w={100} />
              <Skeleton h={20} w={48} />
            </Group>
            <Skeleton h={12} w="90%" mb={8} />
            <Skeleton h={12} w="60%" />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
