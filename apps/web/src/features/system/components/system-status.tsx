import { Alert, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconDatabase,
  IconRefresh,
  IconStack2,
  IconTimeline,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { Ready } from '@grip/contracts/system';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { useReadiness } from '../api/get-readiness.ts';
import { checkLabels, checkNames, type CheckName } from './check-labels.ts';

const REFRESH_EVERY_MS = 10_000;

const checkIcons: Record<CheckName, Icon> = {
  database: IconDatabase,
  migrations: IconStack2,
  jobs: IconTimeline,
};

/** The System status page body: the three readiness checks, polled every 10 s. */
export function SystemStatus() {
  const readiness = useReadiness({ refetchInterval: REFRESH_EVERY_MS });
  const [refreshing, setRefreshing] = useState(false);

  const refresh = async () => {
    setRefreshing(true);
    const result = await readiness.refetch();
    setRefreshing(false);
    if (result.isError) notifyError(result.error, 'Could not refresh the status');
    else notifySuccess('Status refreshed');
  };

  return (
    <div data-testid="system-status">
      <PageHeader
        title="System status"
        description="Health of this Grip installation. Updates every 10 seconds."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => void refresh()}
            loading={refreshing}
          >
            Refresh
          </Button>
        }
      />
      <StatusBody readiness={readiness} refreshing={refreshing} onRetry={() => void refresh()} />
    </div>
  );
}

interface StatusBodyProps {
  readiness: ReturnType<typeof useReadiness>;
  refreshing: boolean;
  onRetry: () => void;
}

function StatusBody({ readiness, refreshing, onRetry }: StatusBodyProps) {
  if (readiness.isPending) return <ChecksSkeleton />;
  if (readiness.isError && !readiness.data) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={20} aria-hidden />}
        title="Cannot load the system status"
        data-testid="system-status-error"
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{readiness.error.message}</Text>
          <Button size="xs" color="red" variant="light" onClick={onRetry} loading={refreshing}>
            Retry
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      {readiness.isError && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title="Showing the last known status">
          The latest check failed: {readiness.error.message}
        </Alert>
      )}
      <Checks ready={readiness.data} />
    </Stack>
  );
}

function Checks({ ready }: { ready: Ready }) {
  const allOk = ready.status === 'ok';
  return (
    <Stack gap="lg">
      <Alert
        color={allOk ? 'teal' : 'red'}
        variant="light"
        icon={allOk ? <IconCircleCheck size={20} aria-hidden /> : <IconCircleX size={20} aria-hidden />}
        title={allOk ? 'All systems operational' : 'Some checks are failing'}
        data-testid="system-status-overall"
      >
        {allOk
          ? 'The database is reachable, migrations are current and background jobs are running.'
          : 'Grip is not ready to serve requests. See the failing checks below.'}
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {checkNames.map((name) => {
          const check = ready.checks[name];
          const Icon = checkIcons[name];
          return (
            <Card key={name} data-testid={`check-${name}`}>
              <Group justify="space-between" wrap="nowrap" mb="md">
                <Group gap="sm" wrap="nowrap" miw={0}>
                  <ThemeIcon variant="light" color={check.ok ? 'grip' : 'red'} size={36} radius="md">
                    <Icon size={19} stroke={1.7} aria-hidden />
                  </ThemeIcon>
                  <div>
                    <Text fw={600}>{checkLabels[name].label}</Text>
                    <Text size="xs" c="dimmed">
                      {checkLabels[name].description}
                    </Text>
                  </div>
                </Group>
                <Badge color={check.ok ? 'teal' : 'red'} data-testid={`check-${name}-status`}>
                  {check.ok ? 'OK' : 'Failing'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {check.detail}
              </Text>
            </Card>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

function ChecksSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading system status">
      <Skeleton h={72} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {checkNames.map((name) => (
          <Card key={name}>
            <Group justify="space-between" mb="md">
              <Group gap="sm">
                <Skeleton h={36} w={36} />
                <Skeleton h={14} w={90} />
              </Group>
              <Skeleton h={20} w={40} />
            </Group>
            <Skeleton h={12} w="80%" />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
