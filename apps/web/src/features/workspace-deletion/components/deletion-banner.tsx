import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconArchive } from '@tabler/icons-react';
import { useMatchRoute } from '@tanstack/react-router';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { RouterButton } from '@/components/ui/link.tsx';
import { formatDateTime } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useCancelDeletion, useWorkspaceDeletion } from '../api/workspace-deletion.ts';
import { timeLeft, useNow } from './countdown.ts';

/**
 * Above every page of a workspace whose deletion is scheduled: when, and (for those who may) Cancel. When the final
 * archive is ready and not yet confirmed, those who may delete are told where to go on.
 */
export function DeletionBanner({ slug }: { slug: string }) {
  const canRead = useHasPermission('workspace:read', undefined, slug);
  const canDelete = useHasPermission('workspace:delete', undefined, slug);
  const deletion = useWorkspaceDeletion(slug, { enabled: canRead }).data;
  const cancel = useCancelDeletion(slug);
  const now = useNow(60_000);
  // The Danger zone page shows the same, with its own buttons.
  const onDangerZone = Boolean(useMatchRoute()({ to: '/w/$workspace/settings/danger-zone', params: { workspace: slug } }));
  if (!deletion || onDangerZone) return null;

  if ((deletion.status === 'scheduled' || deletion.status === 'purging') && deletion.purgeAfter) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} mb="lg" role="status" data-testid="deletion-banner">
        <Group justify="space-between" gap="sm">
          <Text size="sm" fw={500} style={{ flex: '1 1 16rem' }}>
            This workspace will be deleted on {formatDateTime(deletion.purgeAfter)} (in {timeLeft(deletion.purgeAfter, now)}), with all its data and files.
          </Text>
          {canDelete && deletion.status === 'scheduled' && (
            <Button
              size="xs"
              color="red"
              variant="white"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(undefined, { onSuccess: () => notifySuccess('The workspace will not be deleted.', 'Deletion cancelled'), onError: (e) => notifyError(e, 'Could not cancel') })}
              data-testid="deletion-banner-cancel"
            >
              Cancel deletion
            </Button>
          )}
        </Group>
      </Alert>
    );
  }
  if (deletion.status === 'ready' && canDelete) {
    return (
      <Alert color="orange" variant="light" icon={<IconArchive size={20} aria-hidden />} mb="lg" data-testid="deletion-ready-banner">
        <Group justify="space-between" gap="sm">
          <Text size="sm" style={{ flex: '1 1 16rem' }}>
            The final archive of this workspace is ready. Download it, then confirm or cancel the deletion.
          </Text>
          <RouterButton size="xs" variant="white" color="orange" to="/w/$workspace/settings/danger-zone" params={{ workspace: slug }}>
            Open Danger zone
          </RouterButton>
        </Group>
      </Alert>
    );
  }
  return null;
}
