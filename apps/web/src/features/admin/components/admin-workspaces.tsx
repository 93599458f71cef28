import { Badge, Button, EmptyState, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { operatorEnterBody } from '@grip/contracts/access';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
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

interface ColumnOptions {
  /** Workspaces the operator is a member of: opened and left rather than entered. */
  memberOf: Set<string>;
  /** The workspace being left, if any. */
  leavingId: string | undefined;
  onOpen: (workspace: AdminWorkspace) => void;
  onLeave: (workspace: AdminWorkspace) => void;
  onEnter: (workspace: AdminWorkspace) => void;
  onToggle: (workspace: AdminWorkspace) => void;
}

function workspaceColumns({ memberOf, leavingId, onOpen, onLeave, onEnter, onToggle }: ColumnOptions): DataTableColumn<AdminWorkspace>[] {
  return [
    {
      id: 'name',
      header: 'Workspace',
      hideable: false,
      card: 'title',
      cell: (workspace) => (
        <Text size="sm" fw={600} truncate>
          {workspace.name}
        </Text>
      ),
    },
    {
      id: 'slug',
      header: 'Address',
      width: 200,
      card: 'subtitle',
      cell: (workspace) => (
        <Text size="xs" c="dimmed" ff="monospace" truncate>
          /w/{workspace.slug}
        </Text>
      ),
    },
    { id: 'memberCount', header: 'Members', width: 100, cell: (workspace) => workspace.memberCount },
    {
      id: 'status',
      header: 'Status',
      width: 110,
      cell: (workspace) => (workspace.disabledAt ? <Badge color="red">Disabled</Badge> : <Badge color="teal">Active</Badge>),
    },
    { id: 'createdAt', header: 'Created', width: 140, cell: (workspace) => formatDate(workspace.createdAt) },
    {
      id: 'actions',
      header: 'Actions',
      width: 240,
      hideable: false,
      card: 'actions',
      cell: (workspace) => (
        <Group gap={4}>
          {memberOf.has(workspace.id) ? (
            <>
              <Button size="compact-sm" variant="light" onClick={() => onOpen(workspace)}>
                Open
              </Button>
              <Button size="compact-sm" variant="subtle" color="gray" loading={leavingId === workspace.id} onClick={() => onLeave(workspace)}>
                Leave
              </Button>
            </>
          ) : (
            <Button size="compact-sm" variant="light" disabled={Boolean(workspace.disabledAt)} onClick={() => onEnter(workspace)} data-testid="enter-workspace">
              Enter…
            </Button>
          )}
          <Button size="compact-sm" variant="subtle" color={workspace.disabledAt ? 'teal' : 'red'} onClick={() => onToggle(workspace)}>
            {workspace.disabledAt ? 'Enable' : 'Disable'}
          </Button>
        </Group>
      ),
    },
  ];
}

const DEFAULT_COLUMNS = ['name', 'slug', 'memberCount', 'status', 'createdAt'];

/** Every workspace of the installation: enter one (audited), leave it, disable or enable it. */
export function AdminWorkspaces() {
  const workspaces = useAdminWorkspaces();
  const me = useMe();
  const navigate = useNavigate();
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
  const [entering, setEntering] = useState<AdminWorkspace | null>(null);
  const [toggling, setToggling] = useState<AdminWorkspace | null>(null);
  const setDisabled = useSetWorkspaceDisabled();
  const leave = useLeaveWorkspace();
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
  const columns = workspaceColumns({
    memberOf: new Set((me.data?.memberships ?? []).map((m) => m.workspace.id)),
    leavingId: leave.isPending ? leave.variables.workspaceId : undefined,
    onOpen: (workspace) => void navigate({ to: '/w/$workspace', params: { workspace: workspace.slug } }),
    onLeave: (workspace) =>
      leave.mutate(
        { workspaceId: workspace.id },
        {
          onSuccess: () => notifySuccess(`You left ${workspace.name}.`, 'Workspace left'),
          onError: (error) => notifyError(error, 'Could not leave the workspace'),
        },
      ),
    onEnter: setEntering,
    onToggle: setToggling,
  });

  return (
    <div data-testid="admin-workspaces">
      <DataTable
        aria-label="Workspaces"
        columns={columns}
        rows={workspaces.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(workspace) => workspace.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={workspaces.hasNextPage}
        isFetchingNextPage={workspaces.isFetchingNextPage}
        fetchNextPage={() => void workspaces.fetchNextPage()}
        isLoading={workspaces.isPending}
        error={workspaces.error}
        onRetry={() => void workspaces.refetch()}
        autoHeight
        empty={
          <EmptyState
            icon={<IconBuildingSkyscraper size={28} aria-hidden />}
            withIndicatorBackground
            title="No workspaces yet"
            description="Workspaces appear here as soon as someone creates one."
          />
        }
      />
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
    </div>
  );
}
