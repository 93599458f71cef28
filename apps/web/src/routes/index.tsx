import { Grid } from '@mantine/core';
import { createFileRoute } from '@tanstack/react-router';
import { WelcomeCard } from '@/features/home/components/welcome-card.tsx';
import { StatusSummary } from '@/features/system/components/status-summary.tsx';
import { getReadinessQueryOptions } from '@/features/system/api/get-readiness.ts';

export const Route = createFileRoute('/')({
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(getReadinessQueryOptions());
  },
  component: HomePage,
});

function HomePage() {
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <WelcomeCard />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <StatusSummary />
      </Grid.Col>
    </Grid>
  );
}
