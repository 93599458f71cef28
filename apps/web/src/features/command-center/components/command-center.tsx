import { Badge, Card, EmptyState, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconLayoutDashboard } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { useMe, type Membership } from '@/lib/me.ts';
import { useCommandCenter } from '../api/command-center.ts';
import { ActivityFeed } from './activity-feed.tsx';
import { CommandCenterSkeleton } from './command-center-skeleton.tsx';
import { KpiCards } from './kpi-cards.tsx';
import { RecentCustomers } from './recent-customers.tsx';
import { TicketPanels } from './ticket-panels.tsx';

interface CommandCenterProps {
  slug: string;
  membership: Membership;
  /** The workspace's avatar (from the workspaces feature, composed by the route). */
  avatar?: ReactNode;
  /** Header quick actions: "New ticket", "New customer" (from their features, composed by the route). */
  actions?: ReactNode;
}

/**
 * The workspace home a team keeps open all day: tickets needing attention, recent customers, activity and KPIs.
 * It stays current without polling: live events invalidate its query (see the api file), and coming back to the tab
 * refetches it.
 */
export function CommandCenter({ slug, membership, avatar, actions }: CommandCenterProps) {
  const commandCenter = useCommandCenter(slug);
  useMinuteTick();
  return (
    <Stack gap="lg" data-testid="command-center">
      <WorkspaceHeader membership={membership} avatar={avatar} actions={actions} updatedAt={commandCenter.isSuccess ? commandCenter.dataUpdatedAt : null} />
      {commandCenter.isPending ? (
        <CommandCenterSkeleton />
      ) : commandCenter.isError ? (
        <QueryError
          title="The Command Center could not be loaded"
          error={commandCenter.error}
          onRetry={() => void commandCenter.refetch()}
          retrying={commandCenter.isFetching}
        />
      ) : (
        <Sections slug={slug} data={commandCenter.data} />
      )}
    </Stack>
  );
}

function Sections({ slug, data }: { slug: string; data: NonNullable<ReturnType<typeof useCommandCenter>['data']> }) {
  const user = useMe().data?.user;
  const auditLogLink = useHasPermission('audit:read', undefined, slug);
  const { tickets, kpis, recentCustomers, activity } = data;
  if (!tickets && !kpis && !recentCustomers && !activity) {
    return (
      <Card padding="xl">
        <EmptyState
          icon={<IconLayoutDashboard size={26} aria-hidden />}
          withIndicatorBackground
          title="Nothing to show here for your role"
          description="The Command Center shows tickets, customers and activity your role may see. Ask a workspace admin if you need more."
          data-testid="cc-nothing"
        />
      </Card>
    );
  }
  return (
    <>
      {tickets && user && <TicketPanels slug={slug} tickets={tickets} me={user} />}
      {kpis && <KpiCards kpis={kpis} />}
      {(recentCustomers || activity) && (
        <Grid gap="md">
          {recentCustomers && (
            <Grid.Col span={{ base: 12, lg: activity ? 5 : 12 }}>
              <RecentCustomers slug={slug} customers={recentCustomers} />
            </Grid.Col>
          )}
          {activity && (
            <Grid.Col span={{ base: 12, lg: recentCustomers ? 7 : 12 }}>
              <ActivityFeed slug={slug} activity={activity} auditLogLink={auditLogLink} />
            </Grid.Col>
          )}
        </Grid>
      )}
    </>
  );
}

function WorkspaceHeader({
  membership,
  avatar,
  actions,
  updatedAt,
}: {
  membership: Membership;
  avatar: ReactNode;
  actions: ReactNode;
  updatedAt: number | null;
}) {
  const { workspace, role } = membership;
  return (
    <Card p={{ base: 'md', sm: 'lg' }} data-testid="workspace-overview">
      <Group justify="space-between" align="center" gap="md">
        <Group gap="md" wrap="nowrap" align="center" miw={0} style={{ flex: '1 1 280px' }}>
          {avatar}
          <Stack gap={4} miw={0}>
            <Title order={1} fz={{ base: 22, sm: 26 }} fw={650} lts={-0.3} c="bright" lineClamp={1} style={{ overflowWrap: 'anywhere' }} data-testid="workspace-name">
              {workspace.name}
            </Title>
            <Group gap={8}>
              <Text size="sm" c="dimmed">
                You are
              </Text>
              <Badge data-testid="workspace-role">{role.name}</Badge>
              {workspace.requireTwoFactor && (
                <Badge color="teal" variant="light">
                  2FA required
                </Badge>
              )}
              {updatedAt !== null && (
                <Text size="xs" c="dimmed" title={formatDateTime(new Date(updatedAt))} data-testid="cc-updated">
                  · updated {formatRelative(new Date(updatedAt))}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        {actions && (
          <Group gap="xs" data-testid="cc-actions">
            {actions}
          </Group>
        )}
      </Group>
    </Card>
  );
}

/** Re-renders once a minute, so "due in 5 minutes" and "3 minutes ago" stay true on a screen left open. */
function useMinuteTick() {
  const [, setTick] = useState(0);
  useInterval(() => setTick((tick) => tick + 1), 60_000, { autoInvoke: true });
}
