import { Card, Grid, Group, SimpleGrid, Skeleton, Stack } from '@mantine/core';

function CardSkeleton({ rows = 0, chart = false }: { rows?: number; chart?: boolean }) {
  return (
    <Card padding="md">
      <Group justify="space-between" mb="md">
        <Skeleton h={16} w={130} />
        <Skeleton h={14} w={48} />
      </Group>
      {chart && <Skeleton h={180} />}
      <Stack gap={10}>
        {Array.from({ length: rows }, (_, index) => (
          <Group key={index} gap="sm" wrap="nowrap">
            <Stack gap={6} style={{ flex: 1 }}>
              <Skeleton h={12} w="75%" />
              <Skeleton h={10} w="45%" />
            </Stack>
            <Skeleton h={18} w={52} />
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** The Command Center's shape while its first answer loads: four panels, four KPIs, customers and activity. */
export function CommandCenterSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the Command Center" data-testid="cc-skeleton">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {[0, 1, 2, 3].map((key) => (
          <CardSkeleton key={key} rows={3} />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }} spacing="md">
        {[0, 1, 2, 3].map((key) => (
          <CardSkeleton key={key} chart />
        ))}
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <CardSkeleton rows={4} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <CardSkeleton rows={4} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
