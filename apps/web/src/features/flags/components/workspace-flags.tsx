import { Badge, Button, Card, EmptyState, Group, Stack, Switch, Text } from '@mantine/core';
import { IconFlag, IconRestore } from '@tabler/icons-react';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useFlags, useSetFlagOverride, type FeatureFlag } from '../api/flags.ts';

/** Each flag: on or off for this workspace, or following the installation's default. */
export function WorkspaceFlags({ slug, canManage }: { slug: string; canManage: boolean }) {
  const flags = useFlags(slug);
  if (flags.isPending) return <Card p={0}><TableSkeleton rows={4} label="Loading feature flags" /></Card>;
  if (flags.isError) {
    return <QueryError title="Cannot load the feature flags" error={flags.error} onRetry={() => void flags.refetch()} retrying={flags.isFetching} />;
  }
  if (flags.data.length === 0) {
    return (
      <Card>
        <EmptyState icon={<IconFlag size={28} aria-hidden />} withIndicatorBackground title="No feature flags" description="This installation has no optional features yet." />
      </Card>
    );
  }
  return (
    <Card p={0} data-testid="workspace-flags">
      {flags.data.map((flag, index) => (
        <FlagRow key={flag.key} slug={slug} flag={flag} canManage={canManage} first={index === 0} />
      ))}
    </Card>
  );
}

function FlagRow({ slug, flag, canManage, first }: { slug: string; flag: FeatureFlag; canManage: boolean; first: boolean }) {
  const set = useSetFlagOverride(slug);
  const overridden = flag.override !== null;
  const change = (enabled: boolean | null) =>
    set.mutate(
      { key: flag.key, enabled },
      {
        onSuccess: () =>
          notifySuccess(
            enabled === null ? `${flag.key} follows the default again.` : `${flag.key} is ${enabled ? 'on' : 'off'} in this workspace.`,
            'Feature flag saved',
          ),
        onError: (error) => notifyError(error, 'Could not change the flag'),
      },
    );
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      p="md"
      gap="md"
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
      data-testid={`flag-${flag.key}`}
    >
      <Stack gap={4} miw={0}>
        <Group gap={6}>
          <Text fw={600} size="sm" ff="monospace">
            {flag.key}
          </Text>
          {overridden ? (
            <Badge size="sm" color="violet">
              Overridden
            </Badge>
          ) : (
            <Badge size="sm" color="gray">
              Default
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {flag.description}
        </Text>
        <Text size="xs" c="dimmed">
          Default: {flag.defaultEnabled ? 'on' : 'off'}
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap">
        {canManage && overridden && (
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconRestore size={14} aria-hidden />}
            onClick={() => change(null)}
            disabled={set.isPending}
            data-testid={`flag-${flag.key}-reset`}
          >
            Use default
          </Button>
        )}
        <Switch
          checked={flag.enabled}
          disabled={!canManage || set.isPending}
          onChange={(event) => change(event.currentTarget.checked)}
          aria-label={`${flag.key} enabled`}
          data-testid={`flag-${flag.key}-switch`}
        />
      </Group>
    </Group>
  );
}
