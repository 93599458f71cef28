import { Grid } from '@mantine/core';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { WelcomeCard } from '@/features/home/components/welcome-card.tsx';
import { CreateWorkspaceForm } from '@/features/workspaces/components/create-workspace-form.tsx';
import { useMe } from '@/lib/me.ts';

export const Route = createFileRoute('/_app/workspaces/new')({
  staticData: { crumb: 'New workspace' },
  component: NewWorkspacePage,
});

function NewWorkspacePage() {
  const navigate = useNavigate();
  const first = useMe().data?.memberships.length === 0;
  return (
    <>
      <PageHeader
        title={first ? 'Create your first workspace' : 'Create a workspace'}
        description="A workspace holds one business: its people, customers, tickets and sales. You will be its owner."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: first ? 5 : 8 }}>
          <CreateWorkspaceForm
            onCreated={(workspace) => void navigate({ to: '/w/$workspace', params: { workspace: workspace.slug } })}
          />
        </Grid.Col>
        {first && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <WelcomeCard />
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}
