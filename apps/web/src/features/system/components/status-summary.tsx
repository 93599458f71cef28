import { Badge, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { useReadiness } from '../api/get-readiness.ts';
import { checkLabels, checkNames } from './check-labels.ts';
import classes from './status-summary.module.css';

/** A compact live view of /health/ready for the home page. */
export function StatusSummary() {
  const readiness = useReadiness({ refetchInterval: 30_000 });

  return (
    <Card data-testid="status-summary">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Text fw={600}>System status</Text>
        {readiness.isPending ? (
          <Skeleton h={20} w={80} />
        ) : readiness.data ? (
          <Badge color={readiness.data.status === 'ok' ? 'teal' : 'red'}>
            {readiness.data.status === 'ok' ? 'Operational' : 'Degraded'}
          </Badge>
        ) : (
          <Badge color="red">Unreachable</Badge>
        )}
      </Group>
      <Stack gap={10}>
        {checkNames.map((name) => {
          const check = readiness.data?.checks[name];
          return (
            <Group key={name} justify="space-between" wrap="nowrap">
              <Group gap={10} wrap="nowrap">
                <span
                  className={classes.dot}
                  data-state={check === undefined ? 'unknown' : check.ok ? 'ok' : 'failing'}
                  aria-hidden
                />
                <Text size="sm">{checkLabels[name].label}</Text>
              </Group>
              <Text size="sm" c="dimmed">
                {check === undefined ? '—' : check.ok ? 'OK' : 'Failing'}
              </Text>
            </Group>
          );
        })}
      </Stack>
      <RouterAnchor to="/admin/system" size="sm" mt="lg" className={classes.more}>
        View details <IconArrowRight size={14} aria-hidden />
      </RouterAnchor>
    </Card>
  );
}
