import { Card, EmptyState, Group, Stack, Switch, Text } from '@mantine/core';
import { IconToggleRight } from '@tabler/icons-react';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useGlobalFlags, useSetGlobalFlag } from '../api/admin.ts';

/** Each flag's default for every workspace that has not overridden it. */
export function GlobalFlags() {
  const flags = useGlobalFlags();
  const set = useSetGlobalFlag();
  if (flags.isPending) return <Card p={0}><TableSkeleton rows={4} label="Loading feature flags" /></Card>;
  if (flags.isError) {
    return <QueryError title="Cannot load the feature flags" error={flags.error} onRetry={() => void flags.refetch()} retrying={flags.isFetching} />;
  }
  if (flags.data.length === 0) {
    return (
      <Card>
        <EmptyState icon={<IconToggleRight size={28} aria-hidden />} withIndicatorBackground title="No feature flags" />
      </Card>
    );
  }
  return (
    <Card p={0} data-testid="global-flags">
      {flags.data.map((flag, index) => (
        <Group
          key={flag.key}
          justify="space-between"
          wrap="nowrap"
          p="md"
          style={index === 0 ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
          data-testid={`global-flag-${flag.key}`}
        >
          <Stack gap={2} miw={0}>
            <Text fw={600} size="sm" ff="monospace">
              {flag.key}
            </Text>
            <Text size="sm" c="dimmed">
              {flag.description}
            </Text>
          </Stack>
          <Switch
            checked={flag.defaultEnabled}
            disabled={set.isPending}
            aria-label={`${flag.key} on by default`}
            onChange={(event) => {
              const defaultEnabled = event.currentTarget.checked;
              set.mutate(
                { key: flag.key, defaultEnabled },
                {
                  onSuccess: () => notifySuccess(`${flag.key} is ${defaultEnabled ? 'on' : 'off'} by default.`, 'Default saved'),
                  onError: (error) => notifyError(error, 'Could not change the default'),
                },
              );
            }}
          />
        </Group>
      ))}
    </Card>
  );
}
