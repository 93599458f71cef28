import { Badge, Button, Card, EmptyState, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { operatorEnterBody } from '@grip/contracts/access';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { useZodForm } from '@/lib/form.ts';
import { formatDate } from '@/lib/format.ts';
import { useMe } from '@/lib/me.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useAdminWorkspaces, useEnterWorkspace, useLeaveWorkspace, useSetWorkspaceDisabled, type AdminWorkspace } from '../api/admin.ts';

/** Entering a workspace is explicit: the operator says why, and the workspace's own audit log keeps it. */
function EnterWorkspaceModal({ workspace, onClose }: { workspace: AdminWorkspace | null; onClose: () => void }) {
  const form = useZodForm(operatorEnterBody, { reason: '' });
  const enter = useEnterWorkspace();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const submit = form.onSubmit(({ reason }) => {
    if (!workspace) return;
    enter.mutate(
      { workspaceId: workspace.id, reason },
      {
        onSuccess: ({ workspace: entered }) => {
          notifySuccess(`You are in ${entered.name} as its admin. This is in its audit log.`, 'Workspace entered');
          onClose();
          void navigate({ to: '/w/$workspace', params: { workspace: entered.slug } });
        },
        onError: (error) => setFormError(form.applyServerError(error)),
      },
    );
  });
  return (
    <Modal opened={workspace !== null} onClose={onClose} title={`Enter ${workspace?.name ?? ''}`} data-testid="enter-workspace-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            You will join as an admin of this workspace. Its owners see who entered, when and why in their audit log.
          </Text>
          <FormError>{formError}</FormError>
          <Textarea label="Reason" placeholder="e.g. Support ticket #42: help with roles" autosize minRows={2} data-autofocus {...form.textProps('reason')} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={enter.isPending} data-testid="enter-workspace-submit">
              Enter workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every workspace of the installation: enter one (audited), leave it, disable or enable it. */
export function AdminWorkspaces() {
  const workspaces = useAdminWorkspaces();
  const me = useMe();
  const navigate = useNavigate();
  const [entering, setEntering] = useState<AdminWorkspace | null>(null);
  const [toggling, setToggling] = useState<AdminWorkspace | null>(null);
  const setDisabled = useSetWorkspaceDisabled();
  const leave = useLeaveWorkspace();
  const memberOf = new Set((me.data?.memberships ?? []).map((m) => m.workspace.id));
  const confirmToggle = () => {
    if (!toggling) return;
    const disabled = !toggling.disabledAt;
    setDisabled.mutate(
      { workspaceId: toggling.id, disabled },
      {
        onSuccess: () => {
          notifySuccess(disabled ? `${toggling.name} is closed to its members.` : `${toggling.name} is open again.`, disabled ? 'Workspace disabled' : 'Workspace enabled');
          setToggling(null);
        },
        onError: (error) => notifyError(error, 'Could not change the workspace'),
      },
    );
  };
  const leaveWorkspace = (workspace: AdminWorkspace) =>
    leave.mutate(
      { workspaceId: workspace.id },
      {
        onSuccess: () => notifySuccess(`You left ${workspace.name}.`, 'Workspace left'),
        onError: (error) => notifyError(error, 'Could not leave the workspace'),
      },
    );
  if (workspaces.isPending) return <Card p={0}><TableSkeleton label="Loading workspaces" /></Card>;
  if (workspaces.isError) {
    return <QueryError title="Cannot load workspaces" error={workspaces.error} onRetry={() => void workspaces.refetch()} retrying={workspaces.isFetching} />;
  }
  const rows = workspaces.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState icon={<IconBuildingSkyscraper size={28} aria-hidden />} withIndicatorBackground title="No workspaces yet" description="Workspaces appear here as soon as someone creates one." />
      </Card>
    );
  }
  return (
    <>
      <Card p={0} data-testid="admin-workspaces">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workspace</Table.Th>
                <Table.Th ta="right">Members</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((workspace) => (
                <Table.Tr key={workspace.id} data-testid="admin-workspace-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {workspace.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      /w/{workspace.slug}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{workspace.memberCount}</Text>
                  </Table.Td>
                  <Table.Td>{workspace.disabledAt ? <Badge color="red">Disabled</Badge> : <Badge color="teal">Active</Badge>}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDate(workspace.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {memberOf.has(workspace.id) ? (
                        <>
                          <Button size="xs" variant="light" onClick={() => void navigate({ to: '/w/$workspace', params: { workspace: workspace.slug } })}>
                            Open
                          </Button>
                          <Button size="xs" variant="subtle" color="gray" loading={leave.isPending && leave.variables?.workspaceId === workspace.id} onClick={() => leaveWorkspace(workspace)}>
                            Leave
                          </Button>
                        </>
                      ) : (
                        <Button size="xs" variant="light" disabled={Boolean(workspace.disabledAt)} onClick={() => setEntering(workspace)} data-testid="enter-workspace">
                          Enter…
                        </Button>
                      )}
                      <Button size="xs" variant="subtle" color={workspace.disabledAt ? 'teal' : 'red'} onClick={() => setToggling(workspace)}>
                        {workspace.disabledAt ? 'Enable' : 'Disable'}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <EnterWorkspaceModal key={entering?.id ?? 'none'} workspace={entering} onClose={() => setEntering(null)} />
      <ConfirmModal
        opened={toggling !== null}
        title={toggling?.disabledAt ? `Enable ${toggling.name}?` : `Disable ${toggling?.name ?? ''}?`}
        confirmLabel={toggling?.disabledAt ? 'Enable' : 'Disable'}
        danger={!toggling?.disabledAt}
        loading={setDisabled.isPending}
        onConfirm={confirmToggle}
        onClose={() => setToggling(null)}
      >
        {toggling?.disabledAt
          ? 'Its members can use it again right away.'
          : 'Its members lose access right away (their data stays); you can enable it again at any time.'}
      </ConfirmModal>
      <LoadMore hasNextPage={workspaces.hasNextPage} isFetchingNextPage={workspaces.isFetchingNextPage} fetchNextPage={workspaces.fetchNextPage} />
    </>
  );
}
