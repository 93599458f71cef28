import { Alert, Badge, Button, Card, Group, List, Loader, Progress, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconArchive, IconClockHour4, IconDownload, IconTrash, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { WorkspaceDeletion } from '@grip/contracts/workspace-deletion';
import { QueryError } from '@/components/ui/query-error.tsx';
import { formatBytes, formatDateTime } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { archiveDownloadUrl, useCancelDeletion, useRequestDeletion, useWorkspaceDeletion } from '../api/workspace-deletion.ts';
import { ConfirmDeletionModal } from './confirm-deletion-modal.tsx';
import { timeLeft, useNow } from './countdown.ts';

interface DangerZoneProps {
  slug: string;
  workspaceName: string;
}

/**
 * Settings → Danger zone: what deleting the workspace does, and each step of it — request (the final archive is
 * prepared), download, confirm by typing the name, the countdown to the purge, cancel.
 */
export function DangerZone({ slug, workspaceName }: DangerZoneProps) {
  const deletion = useWorkspaceDeletion(slug);
  if (deletion.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading the workspace’s deletion state" data-testid="danger-zone-loading">
        <Stack gap="sm">
          <Skeleton h={22} w="40%" />
          <Skeleton h={14} />
          <Skeleton h={14} w="80%" />
          <Skeleton h={36} w={180} mt="sm" />
        </Stack>
      </Card>
    );
  }
  if (deletion.isError) {
    return <QueryError title="Could not load the deletion state" error={deletion.error} onRetry={() => void deletion.refetch()} retrying={deletion.isFetching} />;
  }
  const current = deletion.data;
  return (
    <Stack gap="lg" data-testid="danger-zone" data-status={current?.status ?? 'none'}>
      {!current || current.status === 'cancelled' ? (
        <RequestCard slug={slug} cancelledAt={current?.cancelledAt ?? null} />
      ) : current.status === 'preparing' ? (
        <PreparingCard slug={slug} deletion={current} />
      ) : current.status === 'ready' ? (
        <ReadyCard slug={slug} workspaceName={workspaceName} deletion={current} />
      ) : (
        <ScheduledCard slug={slug} deletion={current} />
      )}
    </Stack>
  );
}

function StepTitle({ icon, children, badge }: { icon: ReactNode; children: string; badge?: ReactNode }) {
  return (
    <Group gap="sm" align="center">
      <Group gap="sm" wrap="nowrap" align="center" miw={0}>
        <ThemeIcon variant="light" color="red" size="lg" radius="md" aria-hidden>
          {icon}
        </ThemeIcon>
        <Title order={2} fz="lg" fw={600}>
          {children}
        </Title>
      </Group>
      {badge}
    </Group>
  );
}

function CancelButton({ slug, label = 'Cancel deletion' }: { slug: string; label?: string }) {
  const cancel = useCancelDeletion(slug);
  return (
    <Button
      variant="default"
      leftSection={<IconX size={16} aria-hidden />}
      loading={cancel.isPending}
      onClick={() => cancel.mutate(undefined, { onSuccess: () => notifySuccess('The workspace will not be deleted.', 'Deletion cancelled'), onError: (e) => notifyError(e, 'Could not cancel') })}
      data-testid="cancel-deletion"
    >
      {label}
    </Button>
  );
}

function DownloadButton({ slug, deletion }: { slug: string; deletion: WorkspaceDeletion }) {
  if (!deletion.archive) return null;
  return (
    <Button component="a" href={archiveDownloadUrl(slug)} download leftSection={<IconDownload size={16} aria-hidden />} variant="light" data-testid="download-archive">
      Download archive ({formatBytes(deletion.archive.size)})
    </Button>
  );
}

function RequestCard({ slug, cancelledAt }: { slug: string; cancelledAt: string | null }) {
  const request = useRequestDeletion(slug);
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-red-outline)' }} data-testid="deletion-request-card">
      <Stack gap="md">
        <StepTitle icon={<IconTrash size={20} />}>Delete this workspace</StepTitle>
        <Text size="sm">Deleting the workspace removes everything in it for everyone: it cannot be undone. It happens in steps, and you can stop at any of them:</Text>
        <List type="ordered" size="sm" spacing={6}>
          <List.Item>A final archive of everything is prepared: every record as CSV and JSON, and the uploaded files, in one zip. You get it here and by email.</List.Item>
          <List.Item>You confirm by typing the workspace’s name. Owners and admins are told by email.</List.Item>
          <List.Item>After a grace period the workspace, all its data and its files are deleted. Until then it keeps working, and the deletion can be cancelled.</List.Item>
        </List>
        <Text size="xs" c="dimmed">
          The members’ own accounts are not deleted, and the platform keeps a record that the workspace was deleted (who, when, how many records) — not its data.
        </Text>
        {cancelledAt && (
          <Text size="xs" c="dimmed" data-testid="deletion-cancelled-note">
            The last deletion request was cancelled on {formatDateTime(cancelledAt)}.
          </Text>
        )}
        {request.isError && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Could not request the deletion">
            {request.error.message}
          </Alert>
        )}
        <Group>
          <Button color="red" variant="outline" leftSection={<IconArchive size={16} aria-hidden />} loading={request.isPending} onClick={() => request.mutate()} data-testid="request-deletion">
            Request deletion
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PreparingCard({ slug, deletion }: { slug: string; deletion: WorkspaceDeletion }) {
  const request = useRequestDeletion(slug);
  return (
    <Card withBorder data-testid="deletion-preparing-card">
      <Stack gap="md">
        <StepTitle icon={<IconArchive size={20} />} badge={!deletion.error && <Loader size="xs" aria-hidden />}>
          Preparing the final archive
        </StepTitle>
        {deletion.error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The archive could not be prepared" data-testid="deletion-error">
            {deletion.error}
          </Alert>
        ) : (
          <>
            <Progress value={100} animated striped aria-label="Preparing the archive" />
            <Text size="sm" c="dimmed" role="status">
              Requested {formatDateTime(deletion.requestedAt)}
              {deletion.requestedBy ? ` by ${deletion.requestedBy}` : ''}. This takes seconds to minutes, depending on how much the workspace holds; you can leave
              this page — the link also comes by email.
            </Text>
          </>
        )}
        <Group>
          {deletion.error && (
            <Button color="red" variant="outline" loading={request.isPending} onClick={() => request.mutate()} data-testid="request-deletion">
              Try again
            </Button>
          )}
          <CancelButton slug={slug} />
        </Group>
      </Stack>
    </Card>
  );
}

function ReadyCard({ slug, workspaceName, deletion }: { slug: string; workspaceName: string; deletion: WorkspaceDeletion }) {
  const [opened, modal] = useDisclosure(false);
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-red-outline)' }} data-testid="deletion-ready-card">
      <Stack gap="md">
        <StepTitle icon={<IconDownload size={20} />} badge={<Badge variant="light">Archive ready</Badge>}>
          Download the final archive
        </StepTitle>
        <Text size="sm">
          Keep this archive somewhere safe: after the deletion it is the only copy of the workspace’s data. It is a zip with a CSV and a JSON file per table and the
          uploaded files (cells are written as stored, for re-import — not made safe for spreadsheets).
        </Text>
        {deletion.archive && (
          <Text size="xs" c="dimmed">
            The download link works until {formatDateTime(deletion.archive.expiresAt)}; without a confirmation by then, the request lapses.
          </Text>
        )}
        <Group>
          <DownloadButton slug={slug} deletion={deletion} />
          <Button color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={modal.open} data-testid="open-confirm-deletion">
            Delete workspace…
          </Button>
          <CancelButton slug={slug} />
        </Group>
      </Stack>
      <ConfirmDeletionModal opened={opened} onClose={modal.close} slug={slug} workspaceName={workspaceName} graceHours={deletion.graceHours} />
    </Card>
  );
}

function ScheduledCard({ slug, deletion }: { slug: string; deletion: WorkspaceDeletion }) {
  const now = useNow();
  const purgeAfter = deletion.purgeAfter ?? deletion.requestedAt;
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-red-filled)' }} data-testid="deletion-scheduled-card">
      <Stack gap="md">
        <StepTitle icon={<IconClockHour4 size={20} />} badge={<Badge color="red">{deletion.status === 'purging' ? 'Deleting now' : 'Scheduled'}</Badge>}>
          This workspace will be deleted
        </StepTitle>
        <Stack gap={2}>
          <Text fz={28} fw={650} lh={1.2} c="red" data-testid="deletion-countdown" aria-live="polite">
            {timeLeft(purgeAfter, now)}
          </Text>
          <Text size="sm" c="dimmed">
            on {formatDateTime(purgeAfter)}
            {deletion.confirmedBy ? ` — confirmed by ${deletion.confirmedBy}` : ''}
            {deletion.confirmedAt ? ` on ${formatDateTime(deletion.confirmedAt)}` : ''}
          </Text>
        </Stack>
        <Text size="sm">Until then everything keeps working. Cancel to keep the workspace.</Text>
        {deletion.status === 'scheduled' && (
          <Group>
            <DownloadButton slug={slug} deletion={deletion} />
            <CancelButton slug={slug} />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
